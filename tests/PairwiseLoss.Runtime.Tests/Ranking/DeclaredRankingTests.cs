using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>Ranked lists declared in the constraint language: grades, list orders, pair weightings, per-item terms, batches.</summary>
public static partial class RankedDeclarations
{
    [PairwiseLoss, Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double Graded(ReadOnlySpan<double> s, ReadOnlySpan<int> g, double gamma, double margin, Span<double> grad);

    [PairwiseLoss(Gamma = 2, PairWeight = PairWeighting.HigherGain), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double GradedGain(ReadOnlySpan<double> s, ReadOnlySpan<double> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double RankNet(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double PairwiseHinge(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, Hard = true), Want("s[i] < s[j] where g[i] < g[j]", Margin = 0.5)]
    public static partial double HardPairs(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Sigmoid, Gamma = 3), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double SoftZeroOne(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.SquaredHinge, PairWeight = PairWeighting.LabelDifference, Margin = 0.5), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double SquaredByDifference(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, PairWeight = PairWeighting.GainDifference), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double RankNetByGain(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, PairWeight = PairWeighting.NdcgLambdaRank, TopN = 3, Gamma = 1.5), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double LambdaRank(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, PairWeight = PairWeighting.NdcgLoss2PlusPlus, LambdaMu = 5), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double Loss2PlusPlus(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Circle = true, Gamma = 4, Margin = 0.25), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double CircleOverGrades(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerItem), Want("s[j] < s[i] where i < j")]
    public static partial double ListMle(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerItem, Gamma = 2), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double GradedPerItem(ReadOnlySpan<double> s, ReadOnlySpan<int> g, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("scores[a] < scores[b] where a < b")]
    public static partial double RankNetLaterAbove(ReadOnlySpan<double> scores, Span<double> gradient);

    [PairwiseLoss(Margin = 0.3), Want("s[j] < s[i] where i < j")]
    public static partial double OrderInOneTerm(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss, Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double GradedForward(ReadOnlySpan<double> s, ReadOnlySpan<int> g);

    [PairwiseLoss, Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial float GradedFloat(ReadOnlySpan<float> s, ReadOnlySpan<float> g, Span<float> grad);

    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Reduction = LossReduction.WeightedMean), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double BatchedRankNet(ReadOnlySpan<double> s, ReadOnlySpan<int> g, int items, [RowWeights] ReadOnlySpan<double> w, Span<double> grad);

    [PairwiseLoss(Batched = true, Terms = LossTerms.PerItem, Reduction = LossReduction.Sum), Want("s[j] < s[i] where i < j")]
    public static partial double BatchedListMle(ReadOnlySpan<double> s, int items, Span<double> grad);

    [PairwiseLoss(Batched = true), Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial double BatchedGraded(ReadOnlySpan<double> s, ReadOnlySpan<int> g, int items, Span<double> grad);

    /// <summary>A softmax against a target distribution (ListNet's top-one loss, label smoothing).</summary>
    [PairwiseLoss, Want("others < target")]
    public static partial double SoftTargets(ReadOnlySpan<double> s, ReadOnlySpan<double> target, Span<double> grad);

    [PairwiseLoss(Batched = true, Reduction = LossReduction.Sum), Want("others < target")]
    public static partial double SoftTargetBatch(ReadOnlySpan<double> s, ReadOnlySpan<double> target, int classes, [RowWeights] ReadOnlySpan<double> w, Span<double> grad);
}

/// <summary>
/// Each declared ranked loss against the brute-force reference of its formula (pairs enumerated, in double) and its gradient
/// against central differences of that reference (the NDCG weights held at the ranks of the point, as the loss holds them).
/// </summary>
public sealed class DeclaredRankingTests
{
    private delegate double Declared(double[] s, double[] g, double[] grad);

    /// <param name="Kink">For a hinge: its margin m, the kink of ℓ(s_lo − s_hi + m) where s_hi − s_lo = m.</param>
    private sealed record Case(string Name, Declared Loss, Func<double[], double[], double> Reference, Func<double[], double[], Func<double[], double>>? Fixed = null, double? Kink = null);

    private static IEnumerable<Case> Cases()
    {
        static int[] I(double[] g) => g.Select(v => (int)v).ToArray();
        yield return new("graded (γ = 1.5, m = 0.2 at run time)", (s, g, d) => RankedDeclarations.Graded(s, I(g), 1.5, 0.2, d), (s, g) => RankingReference.GradedLogTerm(s, g, 1.5, 0.2, GradedWeight.One));
        yield return new("graded, higher gain", (s, g, d) => RankedDeclarations.GradedGain(s, g, d), (s, g) => RankingReference.GradedLogTerm(s, g, 2, 0, GradedWeight.HigherGain));
        yield return new("RankNet", (s, g, d) => RankedDeclarations.RankNet(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.Logistic, PairWeight.One, 1, 0));
        yield return new("pairwise hinge", (s, g, d) => RankedDeclarations.PairwiseHinge(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.Hinge, PairWeight.One, 1, 1), Kink: 1);
        yield return new("hard per pair", (s, g, d) => RankedDeclarations.HardPairs(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.Hinge, PairWeight.One, 1, 0.5), Kink: 0.5);
        yield return new("soft zero-one", (s, g, d) => RankedDeclarations.SoftZeroOne(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.Sigmoid, PairWeight.One, 3, 0));
        yield return new("squared hinge × label difference", (s, g, d) => RankedDeclarations.SquaredByDifference(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.SquaredHinge, PairWeight.LabelDifference, 1, 0.5), Kink: 0.5);
        yield return new("RankNet × gain difference", (s, g, d) => RankedDeclarations.RankNetByGain(s, I(g), d), (s, g) => RankingReference.GradedPair(s, g, PairFunction.Logistic, PairWeight.GainDifference, 1, 0));
        yield return new("NDCG@3-LambdaRank", (s, g, d) => RankedDeclarations.LambdaRank(s, I(g), d), (s, g) => RankingReference.LambdaLoss(s, g, LambdaScheme.NdcgLambdaRank, 1.5, 3, 10), (s0, g) => s => RankingReference.LambdaLoss(s, g, LambdaScheme.NdcgLambdaRank, 1.5, 3, 10, s0));
        yield return new("NDCG-Loss2++ (μ = 5)", (s, g, d) => RankedDeclarations.Loss2PlusPlus(s, I(g), d), (s, g) => RankingReference.LambdaLoss(s, g, LambdaScheme.NdcgLoss2PlusPlus, 1, 0, 5), (s0, g) => s => RankingReference.LambdaLoss(s, g, LambdaScheme.NdcgLoss2PlusPlus, 1, 0, 5, s0));
        yield return new("Circle over grades", (s, g, d) => RankedDeclarations.CircleOverGrades(s, I(g), d), (s, g) => RankingReference.GradedCircle(s, g, 4, 0.25, false), (s0, g) => s => RankingReference.GradedCircle(s, g, 4, 0.25, false, s0));
        yield return new("ListMLE (earlier above)", (s, g, d) => RankedDeclarations.ListMle(s, d), (s, g) => RankingReference.ListMle(s, RankingReference.Positions(s.Length, ListOrder.EarlierAbove), 1, 0));
        yield return new("per item over grades", (s, g, d) => RankedDeclarations.GradedPerItem(s, I(g), d), (s, g) => RankingReference.ListMle(s, g, 2, 0));
        yield return new("RankNet, later above", (s, g, d) => RankedDeclarations.RankNetLaterAbove(s, d), (s, g) => RankingReference.GradedPair(s, RankingReference.Positions(s.Length, ListOrder.LaterAbove), PairFunction.Logistic, PairWeight.One, 1, 0));
        yield return new("softmax with target weights y = grades", (s, g, d) => RankedDeclarations.SoftTargets(s, g.Select(v => Math.Max(v, 0)).ToArray(), d), (s, g) => RankingReference.SoftmaxCrossEntropy(s, g.Select(v => Math.Max(v, 0)).ToArray()));
        yield return new("order in one log-term", (s, g, d) => RankedDeclarations.OrderInOneTerm(s, d), (s, g) => RankingReference.GradedLogTerm(s, RankingReference.Positions(s.Length, ListOrder.EarlierAbove), 1, 0.3, GradedWeight.One));
    }

    public static IEnumerable<object[]> Names() => Cases().Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public void Declared_ranked_loss_matches_its_reference_and_finite_differences(string name)
    {
        var c = Cases().Single(x => x.Name == name);
        foreach (var list in RankingCases.Random(30, 17).Concat(RankingCases.Random(10, 5, withInvalid: false, maxGrade: 2)))
        {
            var s = list.Scores;
            var g = list.Grades.Select(Math.Floor).ToArray();
            if (name.StartsWith("Circle", StringComparison.Ordinal))
            {
                s = s.Select(v => double.IsNegativeInfinity(v) ? v : (v / 3) + 0.5).ToArray();
            }

            var grad = new double[s.Length];
            var loss = c.Loss(s, g, grad);
            var expected = c.Reference(s, g);
            Assert.True(Math.Abs(loss - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{name} {list}: loss {loss:R}, reference {expected:R}");
            var fd = RankingReference.FiniteDifferences(c.Fixed?.Invoke(s, g) ?? (x => c.Reference(x, g)), s);
            for (var i = 0; i < s.Length; i++)
            {
                if (c.Kink is { } kink && NearKink(s, g, i, kink))
                {
                    continue; // a hinge's finite difference straddles its kink
                }

                Assert.True(Math.Abs(grad[i] - fd[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd[i])), $"{name} {list}: ∂L/∂s[{i}] = {grad[i]:R}, finite differences {fd[i]:R}");
            }
        }
    }

    [Fact]
    public void Forward_only_and_float_declarations_give_the_same_loss()
    {
        var s = new[] { 0.3, -1.2, 2.0, 0.1, double.NegativeInfinity, 0.7 };
        var g = new[] { 1, 0, 2, 2, 1, -1 };
        var expected = RankedDeclarations.Graded(s, g, 1, 0, new double[s.Length]);
        Assert.Equal(expected, RankedDeclarations.GradedForward(s, g), 12);
        var gradient = new float[s.Length];
        var single = RankedDeclarations.GradedFloat(s.Select(v => (float)v).ToArray(), g.Select(v => (float)v).ToArray(), gradient);
        Assert.Equal(expected, single, 4);
        Assert.Equal(0f, gradient[4]);
        Assert.Equal(0f, gradient[5]);
    }

    [Fact]
    public void Batched_declarations_reduce_rows_as_declared()
    {
        var random = new Random(3);
        const int items = 7, rows = 5;
        var s = Enumerable.Range(0, rows * items).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        var g = Enumerable.Range(0, rows * items).Select(_ => random.Next(-1, 3)).ToArray();
        g.AsSpan(2 * items, items).Fill(1); // a row without a pair: not counted
        var w = new[] { 0.5, 2, 1, 0, 3 };
        double Row(int r, Func<double[], double[], double> f) => f(s.Skip(r * items).Take(items).ToArray(), g.Skip(r * items).Take(items).Select(v => (double)v).ToArray());

        var rankNet = Enumerable.Range(0, rows).Where(r => r != 2).Sum(r => w[r] * Row(r, (x, y) => RankingReference.GradedPair(x, y, PairFunction.Logistic, PairWeight.One, 1, 0)))
            / Enumerable.Range(0, rows).Where(r => r != 2).Sum(r => w[r]);
        var grad = new double[s.Length];
        Assert.Equal(rankNet, RankedDeclarations.BatchedRankNet(s, g, items, w, grad), 10);
        Assert.All(grad.Skip(2 * items).Take(2 * items), v => Assert.Equal(0, v)); // row 2 uncounted, row 3 weighs 0

        var order = RankingReference.Positions(items, ListOrder.EarlierAbove);
        var listMle = Enumerable.Range(0, rows).Sum(r => RankingReference.ListMle(s.Skip(r * items).Take(items).ToArray(), order, 1, 0));
        Assert.Equal(listMle, RankedDeclarations.BatchedListMle(s, items, new double[s.Length]), 10);

        var graded = Enumerable.Range(0, rows).Where(r => r != 2).Average(r => Row(r, (x, y) => RankingReference.GradedLogTerm(x, y, 1, 0, GradedWeight.One)));
        Assert.Equal(graded, RankedDeclarations.BatchedGraded(s, g, items, new double[s.Length]), 10);
    }

    [Fact]
    public void A_batch_of_target_distributions_sums_its_weighted_rows()
    {
        var random = new Random(8);
        const int classes = 5, rows = 3;
        var s = Enumerable.Range(0, rows * classes).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        var y = Enumerable.Range(0, rows * classes).Select(_ => random.NextDouble()).ToArray();
        var w = new[] { 1.0, 0.5, 2 };
        var expected = Enumerable.Range(0, rows).Sum(r => w[r] * RankingReference.SoftmaxCrossEntropy(s.Skip(r * classes).Take(classes).ToArray(), y.Skip(r * classes).Take(classes).ToArray()));
        var grad = new double[s.Length];
        Assert.Equal(expected, RankedDeclarations.SoftTargetBatch(s, y, classes, w, grad), 10);
        Func<double[], double> f = x => Enumerable.Range(0, rows).Sum(r => w[r] * RankingReference.SoftmaxCrossEntropy(x.Skip(r * classes).Take(classes).ToArray(), y.Skip(r * classes).Take(classes).ToArray()));
        var fd = RankingReference.FiniteDifferences(f, s);
        for (var i = 0; i < s.Length; i++)
        {
            Assert.True(Math.Abs(fd[i] - grad[i]) <= 1e-6, $"∂L/∂s[{i}] = {grad[i]:R}, finite differences {fd[i]:R}");
        }

        Assert.Equal("target", Assert.Throws<ArgumentException>(() => RankedDeclarations.SoftTargets(new double[2], new[] { 0.5, -0.1 }, new double[2])).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => RankedDeclarations.SoftTargets(new double[2], new[] { 0.5 }, new double[2])).ParamName);
    }

    [Fact]
    public void Bad_arguments_name_the_users_parameters()
    {
        var s = new double[6];
        Assert.Equal("g", Assert.Throws<ArgumentException>(() => RankedDeclarations.RankNet(s, new int[5], new double[6])).ParamName);
        Assert.Equal("grad", Assert.Throws<ArgumentException>(() => RankedDeclarations.RankNet(s, new int[6], new double[5])).ParamName);
        Assert.Equal("g", Assert.Throws<ArgumentException>(() => RankedDeclarations.GradedFloat(new float[2], new[] { 1f, float.NaN }, new float[2])).ParamName);
        Assert.Equal("gamma", Assert.ThrowsAny<ArgumentException>(() => RankedDeclarations.Graded(s, new int[6], 0, 0, new double[6])).ParamName);
        Assert.Equal("items", Assert.ThrowsAny<ArgumentException>(() => RankedDeclarations.BatchedListMle(new double[6], 0, new double[6])).ParamName);
        Assert.Equal("s", Assert.ThrowsAny<ArgumentException>(() => RankedDeclarations.BatchedListMle(new double[7], 3, new double[7])).ParamName);
        Assert.Equal("w", Assert.Throws<ArgumentException>(() => RankedDeclarations.BatchedRankNet(new double[6], new int[6], 3, new[] { 1.0, -1 }, new double[6])).ParamName);
        Assert.Equal("w", Assert.Throws<ArgumentException>(() => RankedDeclarations.BatchedRankNet(new double[6], new int[6], 3, new[] { 1.0 }, new double[6])).ParamName);
    }

    /// <summary>Whether some valid pair through item i has s_hi − s_lo within 1e-4 of the hinge's kink m (the central difference, step 1e-6, may straddle it).</summary>
    private static bool NearKink(double[] s, double[] g, int i, double m) =>
        RankingReference.Pairs(s, g).Any(p => (p.Lo == i || p.Hi == i) && Math.Abs(s[p.Hi] - s[p.Lo] - m) < 1e-4);
}
