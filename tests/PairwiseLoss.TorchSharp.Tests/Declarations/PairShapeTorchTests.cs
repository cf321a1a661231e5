using System;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Declarations;

/// <summary>Per-pair declarations of every pair shape, and the hard sum of hinges, in float and double.</summary>
public static partial class ShapeLosses
{
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial double HingeSets(ReadOnlySpan<double> s, ReadOnlySpan<bool> labels, Span<double> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial float HingeSets(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.SquaredHinge, Gamma = 2, Margin = 0.5)]
    [Want("others < target")]
    public static partial double SquaredTarget(ReadOnlySpan<double> s, int target, Span<double> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.SquaredHinge, Gamma = 2, Margin = 0.5)]
    [Want("others < target")]
    public static partial float SquaredTarget(ReadOnlySpan<float> s, int target, Span<float> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Sigmoid, Gamma = 3)]
    [Want("s3 < s2 < s1 < s0")]
    public static partial double SigmoidChain(ReadOnlySpan<double> s, Span<double> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Sigmoid, Gamma = 3)]
    [Want("s3 < s2 < s1 < s0")]
    public static partial float SigmoidChain(ReadOnlySpan<float> s, Span<float> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Hard = true, Margin = 0.25)]
    [Want("s3 < s2 < s1 < s0")]
    public static partial double HardChain(ReadOnlySpan<double> s, Span<double> gradient);

    [PairwiseLoss(Terms = LossTerms.PerPair, Hard = true, Margin = 0.25)]
    [Want("s3 < s2 < s1 < s0")]
    public static partial float HardChain(ReadOnlySpan<float> s, Span<float> gradient);
}

/// <summary>
/// The pair shapes against TorchSharp autograd: each loss written from its formula with torch's primitives (every pair
/// as a tensor of logits, then relu, relu², sigmoid), summed, and differentiated by torch.
/// </summary>
public sealed class PairShapeTorchTests
{
    private delegate T Declared<T>(T[] s, bool[] labels, int target, T[] gradient);

    private static readonly (string Name, Declared<double> Double, Declared<float> Float, Func<Tensor, bool[], int, Tensor> Torch)[] Cases =
    {
        ("hinge, neg < pos, m = 1", (s, l, t, g) => ShapeLosses.HingeSets(s, l, g), (s, l, t, g) => ShapeLosses.HingeSets(s, l, g),
            (s, l, t) => Pairs(s, Enumerable.Range(0, l.Length).Where(i => !l[i]), Enumerable.Range(0, l.Length).Where(i => l[i]), 1, 1).relu().sum()),
        ("squared hinge, others < target, γ = 2, m = 0.5", (s, l, t, g) => ShapeLosses.SquaredTarget(s, t, g), (s, l, t, g) => ShapeLosses.SquaredTarget(s, t, g),
            (s, l, t) => Pairs(s, Enumerable.Range(0, l.Length).Where(i => i != t), new[] { t }, 2, 0.5).relu().square().sum()),
        ("sigmoid, s3 < s2 < s1 < s0, γ = 3", (s, l, t, g) => ShapeLosses.SigmoidChain(s, g), (s, l, t, g) => ShapeLosses.SigmoidChain(s, g),
            (s, l, t) => Chain(s, 3, 0).sigmoid().sum()),
        ("hard per pair, s3 < s2 < s1 < s0, m = 0.25", (s, l, t, g) => ShapeLosses.HardChain(s, g), (s, l, t, g) => ShapeLosses.HardChain(s, g),
            (s, l, t) => Chain(s, 1, 0.25).relu().sum()),
    };

    public static TheoryData<int, bool> CaseIndices()
    {
        var data = new TheoryData<int, bool>();
        for (var i = 0; i < Cases.Length; i++)
        {
            data.Add(i, false);
            data.Add(i, true);
        }

        return data;
    }

    /// <summary>γ(s_l − s_r + m) for every (left, right) pair of indices.</summary>
    private static Tensor Pairs(Tensor s, System.Collections.Generic.IEnumerable<int> left, System.Collections.Generic.IEnumerable<int> right, double gamma, double margin)
    {
        var pairs = left.SelectMany(l => right.Select(r => (l, r))).ToArray();
        if (pairs.Length == 0)
        {
            return torch.zeros(0, s.dtype);
        }

        var l = torch.tensor(pairs.Select(p => (long)p.l).ToArray());
        var r = torch.tensor(pairs.Select(p => (long)p.r).ToArray());
        return gamma * (s.index_select(0, l) - s.index_select(0, r) + margin);
    }

    /// <summary>The pairs of the chain s3 &lt; s2 &lt; s1 &lt; s0: every later index below every earlier one.</summary>
    private static Tensor Chain(Tensor s, double gamma, double margin)
    {
        var l = torch.tensor(new long[] { 3, 3, 3, 2, 2, 1 });
        var r = torch.tensor(new long[] { 2, 1, 0, 1, 0, 0 });
        return gamma * (s.index_select(0, l) - s.index_select(0, r) + margin);
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void LossAndGradientMatchAutograd(int which, bool isFloat)
    {
        var (name, declaredDouble, declaredFloat, formula) = Cases[which];
        var rng = new Random(31 * which + (isFloat ? 1 : 0));
        foreach (var n in new[] { 4, 7, 19 })
        {
            for (var sample = 0; sample < 3; sample++)
            {
                var scores = Enumerable.Range(0, n).Select(_ => RandomDeclarations.Uniform(rng, -2, 2)).ToArray();
                if (isFloat)
                {
                    scores = scores.Select(x => (double)(float)x).ToArray();
                }

                var labels = Enumerable.Range(0, n).Select(i => i == 0 || (i != 1 && rng.Next(2) == 0)).ToArray();
                var target = rng.Next(n);

                using var scope = torch.NewDisposeScope();
                var s = torch.tensor(scores, isFloat ? ScalarType.Float32 : ScalarType.Float64).requires_grad_(true);
                var torchLoss = formula(s, labels, target);
                torchLoss.backward();
                var expected = isFloat ? torchLoss.item<float>() : torchLoss.item<double>();
                var expectedGradient = isFloat ? s.grad!.data<float>().ToArray().Select(x => (double)x).ToArray() : s.grad!.data<double>().ToArray();

                double actual;
                double[] gradient;
                if (isFloat)
                {
                    var g = new float[n];
                    actual = declaredFloat(scores.Select(x => (float)x).ToArray(), labels, target, g);
                    gradient = g.Select(x => (double)x).ToArray();
                }
                else
                {
                    gradient = new double[n];
                    actual = declaredDouble(scores, labels, target, gradient);
                }

                var what = $"{name} {(isFloat ? "float" : "double")} n={n}, s=[{Check.Join(scores)}]";
                var tolerance = isFloat ? 1e-5 : 1e-12;
                Check.Close(expected, actual, tolerance, what);
                Check.Close(new[] { expectedGradient }, new[] { gradient }, tolerance, 3, what);
            }
        }
    }
}
