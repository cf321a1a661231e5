using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Package;

/// <summary>
/// Every loss of <see cref="TorchLosses"/> (the catalogue on tensors), float32 and float64, hard and soft labels: the
/// loss and the gradient that autograd delivers to a <c>Linear</c> layer through it equal TorchSharp's own autograd of
/// the same formula, written with torch operations.
/// </summary>
public sealed class TorchLossesTests
{
    internal const int Rows = 6, Features = 8, Classes = 5;
    const double Gamma = 2, Margin = 0.25, ClassGamma = 1.5, ClassMargin = 0.3, HingeMargin = 0.75;

    internal enum Labels { None, Hard, Soft, Targets }

    /// <summary>One catalogue loss: its tensor form, and the same formula in torch (labels as 0/1 or soft floats, or int64 targets).</summary>
    internal sealed record Case(string Name, bool Batched, Labels Kind, Func<Tensor, Tensor, Tensor> Ours, Func<Tensor, Tensor, Tensor> Reference)
    {
        public override string ToString() => Name;
    }

    internal static readonly Case[] Cases =
    {
        new("SoftmaxCrossEntropy", false, Labels.Targets, (s, t) => TorchLosses.SoftmaxCrossEntropy(s, (int)t.item<long>()), (s, t) => nn.functional.cross_entropy(s.unsqueeze(0), t.reshape(1))),
        new("SoftmaxCrossEntropyBatch", true, Labels.Targets, TorchLosses.SoftmaxCrossEntropyBatch, (s, t) => nn.functional.cross_entropy(s, t)),
        new("MultiLabelCrossEntropy", false, Labels.Hard, TorchLosses.MultiLabelCrossEntropy, (s, t) => Row(Zlpr, s, t)),
        new("MultiLabelCrossEntropy soft", false, Labels.Soft, TorchLosses.MultiLabelCrossEntropy, (s, t) => Row(Zlpr, s, t)),
        new("MultiLabelCrossEntropyBatch", true, Labels.Hard, TorchLosses.MultiLabelCrossEntropyBatch, (s, t) => Zlpr(s, t).mean()),
        new("MultiLabelCrossEntropyBatch soft", true, Labels.Soft, TorchLosses.MultiLabelCrossEntropyBatch, (s, t) => Zlpr(s, t).mean()),
        new("UnifiedPairwise", false, Labels.Hard, (s, t) => TorchLosses.UnifiedPairwise(s, t, Gamma, Margin), (s, t) => Row(Unified, s, t)),
        new("UnifiedPairwise soft", false, Labels.Soft, (s, t) => TorchLosses.UnifiedPairwise(s, t, Gamma, Margin), (s, t) => Row(Unified, s, t)),
        new("UnifiedPairwiseBatch", true, Labels.Hard, (s, t) => TorchLosses.UnifiedPairwiseBatch(s, t, Gamma, Margin), (s, t) => Unified(s, t).mean()),
        new("UnifiedPairwiseBatch soft", true, Labels.Soft, (s, t) => TorchLosses.UnifiedPairwiseBatch(s, t, Gamma, Margin), (s, t) => Unified(s, t).mean()),
        new("BinaryCrossEntropy", false, Labels.Hard, TorchLosses.BinaryCrossEntropy, (s, t) => Row(Binary, s, t)),
        new("BinaryCrossEntropy soft", false, Labels.Soft, TorchLosses.BinaryCrossEntropy, (s, t) => Row(Binary, s, t)),
        new("BinaryCrossEntropyBatch", true, Labels.Hard, TorchLosses.BinaryCrossEntropyBatch, (s, t) => Binary(s, t).mean()),
        new("BinaryCrossEntropyBatch soft", true, Labels.Soft, TorchLosses.BinaryCrossEntropyBatch, (s, t) => Binary(s, t).mean()),
        new("ThresholdCrossEntropy", false, Labels.Hard, TorchLosses.ThresholdCrossEntropy, (s, t) => Row(Threshold, s, t)),
        new("ThresholdCrossEntropy soft", false, Labels.Soft, TorchLosses.ThresholdCrossEntropy, (s, t) => Row(Threshold, s, t)),
        new("ThresholdCrossEntropyBatch", true, Labels.Hard, TorchLosses.ThresholdCrossEntropyBatch, (s, t) => Threshold(s, t).mean()),
        new("ThresholdCrossEntropyBatch soft", true, Labels.Soft, TorchLosses.ThresholdCrossEntropyBatch, (s, t) => Threshold(s, t).mean()),
        new("CircleLoss", false, Labels.None, (s, _) => TorchLosses.CircleLoss(s.narrow(0, 0, 2), s.narrow(0, 2, Classes - 2), 32, Margin), (s, _) => Circle(s.narrow(0, 0, 2), s.narrow(0, 2, Classes - 2), 32, Margin)),
        new("TasksOfClassesLoss", true, Labels.Hard, (s, t) => TorchLosses.TasksOfClassesLoss(s, t, ClassGamma, ClassMargin), Others),
        new("TasksOfClassesLoss soft", true, Labels.Soft, (s, t) => TorchLosses.TasksOfClassesLoss(s, t, ClassGamma, ClassMargin), Others),
        new("TasksOfClassesMeanLoss", true, Labels.Hard, (s, t) => TorchLosses.TasksOfClassesMeanLoss(s, t, ClassGamma, ClassMargin), MeanBelow),
        new("TasksOfClassesMeanLoss soft", true, Labels.Soft, (s, t) => TorchLosses.TasksOfClassesMeanLoss(s, t, ClassGamma, ClassMargin), MeanBelow),
        new("MultiLabelMargin", false, Labels.Hard, TorchLosses.MultiLabelMargin, (s, t) => Row(LabelHinges, s, t)),
        new("MultiLabelMarginBatch", true, Labels.Hard, TorchLosses.MultiLabelMarginBatch, (s, t) => LabelHinges(s, t).mean()),
        new("MultiMargin", false, Labels.Targets, (s, t) => TorchLosses.MultiMargin(s, (int)t.item<long>(), HingeMargin), (s, t) => TargetHinges(s.unsqueeze(0), t.reshape(1)).mean()),
        new("MultiMarginBatch", true, Labels.Targets, (s, t) => TorchLosses.MultiMarginBatch(s, t, HingeMargin), (s, t) => TargetHinges(s, t).mean()),
    };

    public static IEnumerable<object[]> CaseNames() =>
        from c in Cases
        from dtype in new[] { ScalarType.Float32, ScalarType.Float64 }
        select new object[] { c.Name, dtype };

    // ---- the formulas, in torch (s: [rows, classes], t: labels as floats of s's dtype) ----

    static Tensor Row(Func<Tensor, Tensor, Tensor> batched, Tensor s, Tensor t) => batched(s.unsqueeze(0), t.unsqueeze(0)).mean();

    static Tensor LogWeight(Tensor t, bool positive) => (positive ? t : 1 - t).log();

    static Tensor ZeroColumn(Tensor s) => zeros(s.shape[0], 1, s.dtype);

    /// <summary>ZLPR: logsumexp([0, s_neg]) + logsumexp([0, −s_pos]), soft weights in log space.</summary>
    static Tensor Zlpr(Tensor s, Tensor t) =>
        cat(new[] { ZeroColumn(s), s + LogWeight(t, false) }, 1).logsumexp(1) + cat(new[] { ZeroColumn(s), -s + LogWeight(t, true) }, 1).logsumexp(1);

    /// <summary>One log-term over [0, s_neg, −s_pos].</summary>
    static Tensor Threshold(Tensor s, Tensor t) =>
        cat(new[] { ZeroColumn(s), s + LogWeight(t, false), -s + LogWeight(t, true) }, 1).logsumexp(1);

    /// <summary>Σ over classes of BCE with logits.</summary>
    static Tensor Binary(Tensor s, Tensor t) => nn.functional.binary_cross_entropy_with_logits(s, t, reduction: nn.Reduction.None).sum(1);

    /// <summary>log(1 + Σ_{i,j} w_i^neg w_j^pos e^{γ(s_i − s_j + m)}).</summary>
    static Tensor Unified(Tensor s, Tensor t)
    {
        var difference = Gamma * (s.unsqueeze(2) - s.unsqueeze(1) + Margin);
        var weights = LogWeight(t, false).unsqueeze(2) + LogWeight(t, true).unsqueeze(1);
        return cat(new[] { ZeroColumn(s), (difference + weights).flatten(1) }, 1).logsumexp(1);
    }

    /// <summary>Σ_{neg i, pos j} max(0, 1 + s_i − s_j) per row.</summary>
    static Tensor LabelHinges(Tensor s, Tensor t) =>
        ((1 + s.unsqueeze(2) - s.unsqueeze(1)).relu() * (1 - t).unsqueeze(2) * t.unsqueeze(1)).flatten(1).sum(1);

    /// <summary>Σ_{k ≠ target} max(0, m + s_k − s_target) per row.</summary>
    static Tensor TargetHinges(Tensor s, Tensor targets)
    {
        var target = s.gather(1, targets.unsqueeze(1));
        var others = 1 - nn.functional.one_hot(targets, s.shape[1]).to_type(s.dtype);
        return ((HingeMargin + s - target).relu() * others).sum(1);
    }

    /// <summary>Circle Loss with the self-paced weights detached: softplus(logsumexp(γα_n(s_n − m)) + logsumexp(−γα_p(s_p − 1 + m))).</summary>
    internal static Tensor Circle(Tensor sp, Tensor sn, double gamma, double margin)
    {
        var alphaP = (1 + margin - sp.detach()).clamp_min(0);
        var alphaN = (sn.detach() + margin).clamp_min(0);
        var logitP = -gamma * alphaP * (sp - (1 - margin));
        var logitN = gamma * alphaN * (sn - margin);
        return nn.functional.softplus(logitN.logsumexp(0) + logitP.logsumexp(0));
    }

    /// <summary>Σ_j log(1 + Σ_{i, k≠j} t_ij e^{γ(s_ik − s_ij + m)}): each class one log-term over all rows.</summary>
    static Tensor Others(Tensor s, Tensor t)
    {
        var difference = s.unsqueeze(1) - s.unsqueeze(2) + ClassMargin;   // [i, j, k]
        var offDiagonal = ones(Classes, Classes, dtype: s.dtype) - eye(Classes, dtype: s.dtype);
        var inner = (t.unsqueeze(2) * offDiagonal * exp(ClassGamma * difference)).sum(new long[] { 0, 2 });
        return log(1 + inner).sum();
    }

    /// <summary>Σ_j log(1 + Σ_i t_ij e^{γ(mean_i − s_ij + m)}).</summary>
    static Tensor MeanBelow(Tensor s, Tensor t)
    {
        var mean = s.mean(new long[] { 1 }, keepdim: true);
        return log(1 + (t * exp(ClassGamma * (mean - s + ClassMargin))).sum(dim: 0L)).sum();
    }

    // ---- the comparison ----

    internal static (float Loss, double[] Weight, double[] Bias) Step(nn.Module<Tensor, Tensor> model, Tensor x, Func<Tensor, Tensor> loss)
    {
        model.zero_grad();
        var value = loss(model.forward(x));
        value.backward();
        var parameters = model.parameters().ToArray();
        double[] Grad(Tensor p) => p.grad!.to_type(ScalarType.Float64).data<double>().ToArray();
        return ((float)value.to_type(ScalarType.Float64).item<double>(), Grad(parameters[0]), Grad(parameters[1]));
    }

    internal static void Close(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"{what}, element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Linear_layer_gradient_matches_TorchSharp_autograd(string name, ScalarType dtype)
    {
        var c = Cases.Single(k => k.Name == name);
        using var scope = NewDisposeScope();
        manual_seed(17 + Array.IndexOf(Cases, c));
        var model = nn.Linear(Features, Classes, dtype: dtype);
        var x = c.Batched ? randn(Rows, Features, dtype: dtype) : randn(Features, dtype: dtype);
        var shape = c.Batched ? new long[] { Rows, Classes } : new long[] { Classes };
        var (ours, reference) = c.Kind switch
        {
            Labels.Hard => Labelled(rand(shape).gt(0.5)),
            Labels.Soft => Labelled(rand(shape, dtype: dtype)),
            Labels.Targets => Both(randint(Classes, c.Batched ? new long[] { Rows } : Array.Empty<long>(), dtype: ScalarType.Int64)),
            _ => Both(zeros(1)),
        };

        (Tensor Ours, Tensor Reference) Labelled(Tensor labels)
        {
            if (labels.dtype == ScalarType.Bool)
            {
                labels[0] = labels[0].logical_not();   // both kinds of label somewhere
            }

            return (labels, labels.to_type(dtype));
        }

        (Tensor, Tensor) Both(Tensor t) => (t, t);

        var actual = Step(model, x, s => c.Ours(s, ours));
        var expected = Step(model, x, s => c.Reference(s, reference));
        double tolerance = dtype == ScalarType.Float64 ? 1e-10 : 1e-4;
        Assert.True(Math.Abs(expected.Loss - actual.Loss) <= tolerance * (1 + Math.Abs(expected.Loss)), $"{name} {dtype}: loss {actual.Loss} vs {expected.Loss}");
        Close(expected.Weight, actual.Weight, tolerance, $"{name} {dtype} ∂L/∂W");
        Close(expected.Bias, actual.Bias, tolerance, $"{name} {dtype} ∂L/∂b");
        Assert.Contains(actual.Weight, g => g != 0);
    }

    [Fact]
    public void Every_catalogue_loss_has_a_tensor_form()
    {
        // The losses (they return the loss); the decision rules (Predict…) return labels or classes and have no tensor form.
        var span = typeof(Losses).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(float) || m.ReturnType == typeof(double)).Select(m => m.Name).Distinct().OrderBy(n => n);
        var tensor = typeof(TorchLosses).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).Select(m => m.Name).Distinct().OrderBy(n => n);
        Assert.Equal(span, tensor);
        Assert.Equal(span, Cases.Select(c => c.Name.Split(' ')[0]).Distinct().OrderBy(n => n));
    }

    [Fact]
    public void Integer_labels_and_int32_targets_give_the_same_result()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var s = randn(Rows, Classes, dtype: ScalarType.Float64);
        var hard = rand(Rows, Classes).gt(0.5);
        var expected = TorchLosses.MultiLabelMarginBatch(s, hard).item<double>();
        Assert.Equal(expected, TorchLosses.MultiLabelMarginBatch(s, hard.to_type(ScalarType.Int64)).item<double>());
        Assert.Equal(expected, TorchLosses.MultiLabelMarginBatch(s, hard.to_type(ScalarType.Float32)).item<double>());

        var targets = randint(Classes, new long[] { Rows }, dtype: ScalarType.Int64);
        Assert.Equal(
            TorchLosses.SoftmaxCrossEntropyBatch(s, targets).item<double>(),
            TorchLosses.SoftmaxCrossEntropyBatch(s, targets.to_type(ScalarType.Int32)).item<double>());
    }

    [Fact]
    public void A_non_contiguous_view_is_copied_and_gives_the_same_result()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var s = randn(Classes, Rows, dtype: ScalarType.Float64).requires_grad_();
        var labels = rand(Rows, Classes).gt(0.5);
        var transposed = s.t();
        Assert.False(transposed.is_contiguous());
        var loss = TorchLosses.MultiLabelCrossEntropyBatch(transposed, labels);
        loss.backward();
        var reference = s.detach().clone().requires_grad_();
        var expected = Zlpr(reference.t(), labels.to_type(ScalarType.Float64)).mean();
        expected.backward();
        Assert.Equal(expected.item<double>(), loss.item<double>(), 12);
        Close(reference.grad!.data<double>().ToArray(), s.grad!.data<double>().ToArray(), 1e-12, "∂L/∂s through a transposed view");
    }

    [Fact]
    public void Upstream_gradient_scales_and_labels_get_none()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var s = randn(Rows, Classes, dtype: ScalarType.Float64).requires_grad_();
        var soft = rand(Rows, Classes, dtype: ScalarType.Float64).requires_grad_();
        (3 * TorchLosses.MultiLabelCrossEntropyBatch(s, soft)).backward();
        var reference = s.detach().clone().requires_grad_();
        (3 * Zlpr(reference, soft.detach()).mean()).backward();
        Close(reference.grad!.data<double>().ToArray(), s.grad!.data<double>().ToArray(), 1e-12, "3·∂L/∂s");
        Assert.True(soft.grad is null || soft.grad.IsInvalid);
    }

    [Fact]
    public void Without_grad_the_loss_is_a_plain_scalar()
    {
        using var scope = NewDisposeScope();
        var s = randn(Rows, Classes);
        var loss = TorchLosses.MultiLabelCrossEntropyBatch(s, rand(Rows, Classes).gt(0.5));
        Assert.False(loss.requires_grad);
        Assert.Equal(0, loss.dim());
        Assert.Equal(ScalarType.Float32, loss.dtype);
        using (no_grad())
        {
            var tracked = randn(Rows, Classes).requires_grad_();
            Assert.False(TorchLosses.MultiLabelCrossEntropyBatch(tracked, rand(Rows, Classes).gt(0.5)).requires_grad);
        }
    }

    [Fact]
    public void Wrong_arguments_throw_ArgumentException_naming_the_parameter()
    {
        using var scope = NewDisposeScope();
        var s = randn(Rows, Classes);
        var labels = rand(Rows, Classes).gt(0.5);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelCrossEntropyBatch(s, zeros(Rows, Classes + 1))).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelCrossEntropyBatch(s.to_type(ScalarType.Float16), labels)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelCrossEntropyBatch(s.flatten(), labels.flatten())).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelCrossEntropy(s, labels)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelMarginBatch(s, full(Rows, Classes, 0.5))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => TorchLosses.MultiLabelCrossEntropyBatch(s, full(Rows, Classes, 1.5))).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => TorchLosses.SoftmaxCrossEntropyBatch(s, zeros(Rows + 1, dtype: ScalarType.Int64))).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TorchLosses.SoftmaxCrossEntropyBatch(s, full(Rows, (long)Classes, dtype: ScalarType.Int64))).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => TorchLosses.SoftmaxCrossEntropyBatch(s, zeros(Rows))).ParamName);
        Assert.Equal("sn", Assert.Throws<ArgumentException>(() => TorchLosses.CircleLoss(randn(3), randn(3, dtype: ScalarType.Float64), 32, 0.25)).ParamName);
        Assert.Equal("target", Assert.ThrowsAny<ArgumentException>(() => TorchLosses.SoftmaxCrossEntropy(randn(Classes), Classes)).ParamName);
    }
}
