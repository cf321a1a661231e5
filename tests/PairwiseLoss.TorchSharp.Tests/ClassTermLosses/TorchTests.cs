using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.TorchSharp.Tests.ClassTermLosses;

/// <summary>
/// TorchSharp autograd of eq. loss-1 and eq. loss-3 of Su Jianlin, "不成功的尝试：将多标签交叉熵推广到“n个m分类”上去", https://kexue.fm/archives/9158,
/// written from the post as
/// broadcast tensor expressions, not from the library's factorisation: loss and gradient, float and double.
/// </summary>
public sealed class TorchTests
{
    public static IEnumerable<object[]> Random() =>
        from seed in Enumerable.Range(1000, 60)
        from loss in new[] { Loss.Others, Loss.Mean }
        select new object[] { loss, seed };

    /// <summary>
    /// <c>l = Σ_j log(1 + Σ_{i,k≠j} t_ij e^{γ(−s_ij + s_ik + m)})</c> or <c>l = Σ_j log(1 + Σ_i t_ij e^{γ(−s_ij + s̄_i + m)})</c>.
    /// Masking: a −inf score is replaced by 0 and its pairs get weight 0 (the where-before-exp form, so autograd sees no
    /// inf·0); the row mean is over the present scores.
    /// </summary>
    private static (double Loss, double[] Gradient) Autograd(Loss loss, Case c, ScalarType type)
    {
        using var scope = NewDisposeScope();
        var shape = new long[] { c.Rows, c.Classes };
        var present = Make(c.Scores.Select(x => double.IsNegativeInfinity(x) ? 0.0 : 1.0).ToArray(), shape, type, false);
        var raw = Make(c.Scores.Select(x => double.IsNegativeInfinity(x) ? 0.0 : x).ToArray(), shape, type, true);
        var t = Make(c.Labels, shape, type, false) * present; // a pair with an absent labelled score is absent
        var s = raw * present;
        Tensor value;
        if (loss == Loss.Others)
        {
            // [i, j, k]: s_ik − s_ij + m, weighted t_ij·[k present]·[k ≠ j]
            var difference = s.unsqueeze(1) - s.unsqueeze(2) + c.Margin;
            var offDiagonal = ones(c.Classes, c.Classes, dtype: type) - eye(c.Classes, dtype: type);
            var weight = t.unsqueeze(2) * present.unsqueeze(1) * offDiagonal;
            var inner = (weight * exp(c.Gamma * difference)).sum(new long[] { 0, 2 });
            value = log(1 + inner).sum();
        }
        else
        {
            var mean = s.sum(dim: 1L, keepdim: true) / present.sum(dim: 1L, keepdim: true).clamp_min(1);
            var inner = (t * exp(c.Gamma * (mean - s + c.Margin))).sum(dim: 0L); // (an int 0 would bind to sum(ScalarType))
            value = log(1 + inner).sum();
        }

        value.backward();
        var gradient = raw.grad!.to_type(ScalarType.Float64).data<double>().ToArray();
        return (value.to_type(ScalarType.Float64).item<double>(), gradient);
    }

    /// <summary>A leaf tensor of the given type (float data for float, so that autograd keeps its gradient).</summary>
    private static Tensor Make(double[] data, long[] shape, ScalarType type, bool requiresGrad) => type == ScalarType.Float32
        ? tensor(data.Select(x => (float)x).ToArray(), dimensions: shape, dtype: type, requires_grad: requiresGrad)
        : tensor(data, dimensions: shape, dtype: type, requires_grad: requiresGrad);

    [Theory]
    [MemberData(nameof(Random))]
    public void Double_matches_torch_autograd(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var (expected, expectedGradient) = Autograd(loss, c, ScalarType.Float64);
        var gradient = new double[c.Scores.Length];
        Near.Equal(expected, Run.Library(loss, c, c.Scores, gradient), 1e-11, 1e-11, $"{c} loss");
        Near.Gradient(expectedGradient, gradient, 1e-10, c.Gamma * 1e-3, $"{c} ∂L/∂s");
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Float_matches_torch_autograd_in_float(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var rounded = c with { Scores = c.ScoresF.Select(x => (double)x).ToArray(), Labels = c.LabelsF.Select(x => (double)x).ToArray(), Gamma = (float)c.Gamma, Margin = (float)c.Margin };
        var (expected, expectedGradient) = Autograd(loss, rounded, ScalarType.Float32);
        var gradient = new float[c.Scores.Length];
        Near.Equal(expected, Run.LibraryF(loss, c, c.ScoresF, gradient), 1e-5, 1e-3, $"{c} float loss");
        Near.Gradient(expectedGradient, gradient, 1e-5, c.Gamma, $"{c} float ∂L/∂s");
    }
}
