using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// A training step's loss as TorchSharp users call it: a tensor in autograd, forward and backward (<c>torch.autograd.grad</c>
/// on the logits), one intra-op thread. <c>PairwiseLoss.TorchSharp</c>'s <c>TorchLosses</c> (the span kernels on the tensors'
/// memory, the gradient written once) against TorchSharp's own fused losses for the same task: sigmoid BCE
/// (<c>binary_cross_entropy_with_logits</c>), softmax cross-entropy (<c>cross_entropy</c>) and the multi-label hinge
/// (<c>multi_label_margin_loss</c>, index targets).
/// </summary>
public sealed class TensorStep : IDisposable
{
    private readonly Tensor _logits;
    private readonly Tensor _labels;
    private readonly Tensor _labelsFloat;
    private readonly Tensor _targets;
    private readonly Tensor _marginTargets;

    public TensorStep(int rows, int classes, int seed)
    {
        _logits = torch.tensor(Data.Normal(rows * classes, 2f, seed), rows, classes, requires_grad: true);
        var labels = Data.Labels(rows * classes, 0.1, seed + 1);
        _labels = torch.tensor(labels, rows, classes);
        _labelsFloat = _labels.to_type(ScalarType.Float32);
        _targets = torch.tensor(Data.Targets(rows, classes, seed + 2).Select(t => (long)t).ToArray(), new long[] { rows }, ScalarType.Int64);

        // multilabel_margin_loss's targets: each row's positive class indices, then −1.
        var index = Enumerable.Repeat(-1L, rows * classes).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var k = 0;
            for (var c = 0; c < classes; c++)
            {
                if (labels[(r * classes) + c])
                {
                    index[(r * classes) + k++] = c;
                }
            }
        }

        _marginTargets = torch.tensor(index, new long[] { rows, classes }, ScalarType.Int64);
    }

    public float Ours(Func<Tensor, Tensor> loss)
    {
        using var scope = torch.NewDisposeScope();
        var value = loss(_logits);
        _ = torch.autograd.grad(new[] { value }, new[] { _logits })[0];
        return value.item<float>();
    }

    public float BceOurs() => Ours(x => TorchLosses.BinaryCrossEntropyBatch(x, _labels));

    public float BceTorch() => Ours(x => nn.functional.binary_cross_entropy_with_logits(x, _labelsFloat));

    public float SoftmaxOurs() => Ours(x => TorchLosses.SoftmaxCrossEntropyBatch(x, _targets));

    public float SoftmaxTorch() => Ours(x => nn.functional.cross_entropy(x, _targets));

    public float MarginOurs() => Ours(x => TorchLosses.MultiLabelMarginBatch(x, _labels));

    public float MarginTorch() => Ours(x => nn.functional.multi_label_margin_loss(x, _marginTargets));

    public float ZlprOurs() => Ours(x => TorchLosses.MultiLabelCrossEntropyBatch(x, _labels));

    public void Dispose()
    {
        _logits.Dispose();
        _labels.Dispose();
        _labelsFloat.Dispose();
        _targets.Dispose();
        _marginTargets.Dispose();
    }
}
