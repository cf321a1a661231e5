using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Catalogue;
using PairwiseLoss.Tests.Shared.Reference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests;

/// <summary>
/// Every catalogue loss against TorchSharp autograd, each written from its formula with torch's own primitives
/// (logsumexp with −inf masks and an appended zero column, cross_entropy, binary_cross_entropy_with_logits),
/// per row and batched, float and double. If TorchSharp cannot load, these tests fail: they never skip.
/// </summary>
public sealed class TorchSharpCatalogueTests
{
    private static readonly int[] Shapes = { 1, 2, 5, 17, 64 };

    /// <summary>Loads libtorch: a TypeInitializationException here means the native provisioning did not work.</summary>
    [Fact]
    public void TorchSharpLoads()
    {
        using var x = torch.tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        using var y = x.logsumexp(0);
        y.backward();
        var expected = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal(expected, y.item<double>(), 12);
        Assert.Equal(Math.Exp(3 - expected), x.grad!.data<double>()[2], 12);
    }

    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void PerRowMatchesAutograd(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(101 * which + (isFloat ? 1 : 0));
        foreach (var classes in Shapes)
        {
            for (var sample = 0; sample < 2; sample++)
            {
                var input = loss.Input(rng, classes, scale: 5);
                if (isFloat)
                {
                    input = input.RoundedToFloat();
                }

                var torchResult = Torch(loss, new[] { input }, isFloat);
                var actual = loss.Row(input, isFloat);
                Compare(torchResult, actual, isFloat, input.Gamma, $"{loss} {(isFloat ? "float" : "double")} C={classes}, s=[{Check.Join(input.Scores)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void BatchedMatchesAutograd(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(103 * which + (isFloat ? 1 : 0));
        foreach (var classes in Shapes)
        {
            var rows = RandomDeclarations.Rows(rng, loss.Declaration, rng.Next(1, 7), classes, maskRows: false)
                .Select(r => r with { Spans = new[] { r.Scores.Select(x => double.IsNegativeInfinity(x) ? RandomDeclarations.Uniform(rng, -5, 5) : x).ToArray() } })
                .Select(r => isFloat ? r.RoundedToFloat() : r)
                .ToList();
            var torchResult = Torch(loss, rows, isFloat);
            var actual = loss.Batch(rows, isFloat);
            Compare(torchResult, actual, isFloat, rows[0].Gamma, $"{loss} {(isFloat ? "float" : "double")} batched {rows.Count}×{classes}");
        }
    }

    private static void Compare(RefResult expected, RefResult actual, bool isFloat, double gamma, string what)
    {
        var tolerance = isFloat ? 1e-5 : 1e-10;
        Check.Close(expected.Loss, actual.Loss, tolerance, what);
        Check.Close(expected.Gradients, actual.Gradients, tolerance, Math.Max(1, gamma), what);
    }

    /// <summary>The loss (mean over rows) and its autograd gradient, computed by torch in the same precision.</summary>
    private static RefResult Torch(CatalogueLoss loss, IReadOnlyList<RefInput> rows, bool isFloat)
    {
        using var scope = torch.NewDisposeScope();
        var dtype = isFloat ? ScalarType.Float32 : ScalarType.Float64;
        var classes = rows[0].Scores.Length;
        long[] shape = { rows.Count, classes };
        var s = torch.tensor(rows.SelectMany(r => r.Scores).ToArray(), shape, dtype).requires_grad_(true);
        var t = loss.Labels switch
        {
            RefLabels.Hard => torch.tensor(rows.SelectMany(r => r.Hard!.Select(b => b ? 1.0 : 0.0)).ToArray(), shape, dtype),
            RefLabels.Soft => torch.tensor(rows.SelectMany(r => r.Soft!).ToArray(), shape, dtype),
            _ => null,
        };
        var gamma = rows[0].Gamma;
        var margin = rows[0].Margin;
        var perRow = loss.Family switch
        {
            Family.Softmax => SoftmaxCrossEntropy(s, rows),
            Family.MultiLabel => Zlpr(s, t!),
            Family.Unified => Unified(s, t!, gamma, margin),
            Family.Binary => nn.functional.binary_cross_entropy_with_logits(s, t!, reduction: nn.Reduction.None).sum(1),
            _ => ThresholdOnly(s, t!),
        };
        var mean = perRow.mean();
        mean.backward();
        var value = isFloat ? mean.item<float>() : mean.item<double>();
        var gradient = isFloat
            ? s.grad!.data<float>().ToArray().Select(x => (double)x).ToArray()
            : s.grad!.data<double>().ToArray();
        return new RefResult(value, new[] { gradient });
    }

    /// <summary>Softmax cross-entropy: torch.nn.functional.cross_entropy, one loss per row.</summary>
    private static Tensor SoftmaxCrossEntropy(Tensor s, IReadOnlyList<RefInput> rows)
    {
        var targets = torch.tensor(rows.Select(r => (long)r.Target).ToArray(), ScalarType.Int64);
        return nn.functional.cross_entropy(s, targets, reduction: nn.Reduction.None);
    }

    /// <summary>The log weight of a label: log t for pos, log(1 − t) for neg; −inf (a mask) where it is 0.</summary>
    private static Tensor LogWeight(Tensor t, bool positive) => (positive ? t : 1 - t).log();

    private static Tensor ZeroColumn(Tensor s) => torch.zeros(s.shape[0], 1, s.dtype);

    /// <summary>ZLPR: logsumexp([0, s_neg]) + logsumexp([0, −s_pos]), the masks (and soft weights) in log space.</summary>
    private static Tensor Zlpr(Tensor s, Tensor t)
    {
        var negative = torch.cat(new[] { ZeroColumn(s), s + LogWeight(t, false) }, 1).logsumexp(1);
        var positive = torch.cat(new[] { ZeroColumn(s), -s + LogWeight(t, true) }, 1).logsumexp(1);
        return negative + positive;
    }

    /// <summary>Threshold-only: logsumexp([0, s_neg, −s_pos]) in one term.</summary>
    private static Tensor ThresholdOnly(Tensor s, Tensor t) =>
        torch.cat(new[] { ZeroColumn(s), s + LogWeight(t, false), -s + LogWeight(t, true) }, 1).logsumexp(1);

    /// <summary>Unified: logsumexp over [0, γ(s_i − s_j + m) + log w_i^neg + log w_j^pos for every i, j].</summary>
    private static Tensor Unified(Tensor s, Tensor t, double gamma, double margin)
    {
        var difference = gamma * (s.unsqueeze(2) - s.unsqueeze(1) + margin);
        var weights = LogWeight(t, false).unsqueeze(2) + LogWeight(t, true).unsqueeze(1);
        var pairs = (difference + weights).flatten(1);
        return torch.cat(new[] { ZeroColumn(s), pairs }, 1).logsumexp(1);
    }
}
