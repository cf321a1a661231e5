using PairwiseLoss;
using PairwiseLoss.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace PackageConsumer.Torch;

// A project that references PairwiseLoss.TorchSharp (and no native TorchSharp backend: this file only has to build).
// The declared loss gets a generated tensor overload of the same name next to its span form.
public static partial class MyTensorLosses
{
    /// <summary>Multi-label cross-entropy (ZLPR) over a batch [rows × classes].</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0 < pos")]
    public static partial float Zlpr(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> grad);

    /// <summary>One training step: the generated tensor form (Tensor scores, Tensor labels, int classes) in autograd.</summary>
    public static float Step(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        var logits = model.forward(x);
        Tensor loss = Zlpr(logits, labels, (int)logits.shape[1]);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The same loss from the catalogue on tensors.</summary>
    public static Tensor Catalogue(Tensor logits, Tensor labels) => TorchLosses.MultiLabelCrossEntropyBatch(logits, labels);
}
