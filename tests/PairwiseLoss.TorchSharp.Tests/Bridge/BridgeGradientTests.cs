using System;
using System.Linq;
using PairwiseLoss.TorchSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Bridge;

/// <summary>
/// The gradient that TorchSharp autograd delivers to a parameter through a generated loss equals TorchSharp's own
/// autograd of the same formula written with TorchSharp operations.
/// </summary>
public sealed class BridgeGradientTests
{
    const int Rows = 6, Features = 8, Classes = 5;

    static (nn.Module<Tensor, Tensor> Model, Tensor X, Tensor Labels) Setup(int seed, double scale = 1.0)
    {
        torch.manual_seed(seed);
        var model = nn.Linear(Features, Classes);
        var x = randn(Rows, Features) * scale;
        var labels = rand(Rows, Classes).gt(0.6);
        labels[0] = zeros(Classes, dtype: ScalarType.Bool);   // a row with no positives
        labels[1] = ones(Classes, dtype: ScalarType.Bool);    // a row with no negatives
        return (model, x, labels);
    }

    static (float Loss, float[] WeightGrad, float[] BiasGrad) Run(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor> loss, Tensor x)
    {
        model.zero_grad();
        var value = loss(model.forward(x));
        value.backward();
        var parameters = model.parameters().ToArray();
        return (value.item<float>(), parameters[0].grad!.data<float>().ToArray(), parameters[1].grad!.data<float>().ToArray());
    }

    static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>ZLPR in TorchSharp: logsumexp over [0, s_neg] + logsumexp over [0, −s_pos], mean over rows.</summary>
    static Tensor ZlprReference(Tensor s, Tensor labels)
    {
        var minusInf = full_like(s, double.NegativeInfinity);
        var neg = where(labels, minusInf, s);
        var pos = where(labels, -s, minusInf);
        var zero = zeros(s.shape[0], 1);
        return (logsumexp(cat(new[] { zero, neg }, 1), 1) + logsumexp(cat(new[] { zero, pos }, 1), 1)).mean();
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 30.0)]   // large logits: the stable forms must still agree
    public void MultiLabelCrossEntropy_weight_gradient_matches_TorchSharp_autograd(int seed, double scale)
    {
        var (model, x, labels) = Setup(seed, scale);
        var ours = Run(model, s => TorchBridge.HardLabels(Losses.MultiLabelCrossEntropyBatch, s, labels), x);
        var reference = Run(model, s => ZlprReference(s, labels), x);
        Assert.Equal(reference.Loss, ours.Loss, 1e-4 * (1 + Math.Abs(reference.Loss)));
        AssertClose(reference.WeightGrad, ours.WeightGrad);
        AssertClose(reference.BiasGrad, ours.BiasGrad);
        Assert.Contains(ours.WeightGrad, g => g != 0f);
    }

    [Fact]
    public void BinaryCrossEntropy_weight_gradient_matches_TorchSharp_autograd()
    {
        var (model, x, labels) = Setup(4);
        var ours = Run(model, s => TorchBridge.HardLabels(Losses.BinaryCrossEntropyBatch, s, labels), x);
        // Σ over classes, mean over rows: BCE-with-logits summed, divided by the row count.
        var reference = Run(model, s => nn.functional.binary_cross_entropy_with_logits(s, labels.to_type(ScalarType.Float32), reduction: nn.Reduction.Sum) / Rows, x);
        Assert.Equal(reference.Loss, ours.Loss, 1e-4);
        AssertClose(reference.WeightGrad, ours.WeightGrad);
        AssertClose(reference.BiasGrad, ours.BiasGrad);
    }

    [Fact]
    public void SoftmaxCrossEntropy_through_targets_matches_cross_entropy()
    {
        var (model, x, _) = Setup(5);
        var targets = tensor(new long[] { 0, 4, 2, 2, 1, 3 });
        var ours = Run(model, s => TorchBridge.Targets(Losses.SoftmaxCrossEntropyBatch, s, targets), x);
        var reference = Run(model, s => nn.functional.cross_entropy(s, targets), x);
        Assert.Equal(reference.Loss, ours.Loss, 1e-4);
        AssertClose(reference.WeightGrad, ours.WeightGrad);
    }

    [Fact]
    public void Soft_labels_and_a_scaled_upstream_gradient()
    {
        var (model, x, _) = Setup(6);
        var soft = rand(Rows, Classes);
        // 3·L: backward must multiply the saved gradient by grad_output (= 3), not assume 1.
        var ours = Run(model, s => 3 * TorchBridge.SoftLabels(Losses.MultiLabelCrossEntropyBatch, s, soft), x);
        var reference = Run(model, s =>
        {
            // soft ZLPR: log(1 + Σ t e^{−s}) + log(1 + Σ (1−t) e^{s}), mean over rows
            var pos = log(1 + (soft * exp(-s)).sum(1));
            var neg = log(1 + ((1 - soft) * exp(s)).sum(1));
            return 3 * (pos + neg).mean();
        }, x);
        Assert.Equal(reference.Loss, ours.Loss, 1e-4);
        AssertClose(reference.WeightGrad, ours.WeightGrad);
    }

    [Fact]
    public void Labels_get_no_gradient_and_double_scores_keep_their_dtype()
    {
        var scores = randn(3, 4, dtype: ScalarType.Float64).requires_grad_();
        var labels = tensor(new float[] { 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0 }).reshape(3, 4).requires_grad_();
        var loss = TorchBridge.HardLabels(Losses.MultiLabelCrossEntropyBatch, scores, labels);
        Assert.Equal(ScalarType.Float64, loss.dtype);
        loss.backward();
        Assert.NotNull(scores.grad);
        Assert.Equal(ScalarType.Float64, scores.grad!.dtype);
        Assert.True(labels.grad is null || labels.grad.IsInvalid || labels.grad.abs().sum().item<float>() == 0f);
    }

    [Fact]
    public void Shape_mismatch_names_the_labels_parameter()
    {
        var scores = randn(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => TorchBridge.HardLabels(Losses.MultiLabelCrossEntropyBatch, scores, zeros(2, 4)));
        Assert.Equal("labels", ex.ParamName);
    }
}
