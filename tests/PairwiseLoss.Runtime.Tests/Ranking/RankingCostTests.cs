using System;
using System.Linq;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>
/// The cost, checked structurally (no timing): the kernels report how many exponentials they evaluated through
/// <see cref="RankingOperationCounter"/> (thread-static, so parallel tests do not disturb each other).
/// </summary>
public sealed class RankingCostTests
{
    private static (double[] S, int[] G) List(int n, int levels, int seed)
    {
        var random = new Random(seed);
        return (Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 6) - 3).ToArray(), Enumerable.Range(0, n).Select(_ => random.Next(levels)).ToArray());
    }

    [Theory]
    [InlineData(GradedWeight.One)]
    [InlineData(GradedWeight.HigherGain)]
    public void GradedLogTermIsLinearAfterTheSort(GradedWeight weight)
    {
        foreach (var (n, levels) in new[] { (10, 3), (100, 5), (1000, 5), (10_000, 5), (10_000, 10_000) })
        {
            var (s, g) = List(n, levels, n + levels);
            var grad = new double[n];
            RankingOperationCounter.Reset();
            GradedLogTerm.Loss<double>(s, g, 1, 0, weight, grad);
            var exps = RankingOperationCounter.Exponentials;

            // 2 per item forward, 2 per item backward, at most 2 per level, 1 for the softplus: O(n + levels), not O(n²).
            Assert.True(exps <= (4L * n) + (2L * Math.Min(n, levels)) + 1, $"n = {n}, levels = {levels}: {exps} exponentials");
        }
    }

    /// <summary>
    /// ListMLE over a list order (n levels, the case a chain or a shown list gives) and over grades: one log-term per item, but
    /// every term from the running prefix, so O(n) exponentials after the sort, never one per pair; the generated code of an
    /// ordered declaration is this one call.
    /// </summary>
    [Fact]
    public void ListMleIsLinearAfterTheSort()
    {
        foreach (var (n, levels) in new[] { (10, 3), (100, 100), (1000, 5), (10_000, 10_000) })
        {
            var (s, g) = List(n, levels, n + levels);
            var grad = new double[n];
            RankingOperationCounter.Reset();
            ListMle.Loss<double>(s, g, 1, 0, grad);
            var byGrades = RankingOperationCounter.Exponentials;
            RankingOperationCounter.Reset();
            ListMle.Loss<double>(s, ListOrder.EarlierAbove, 1, 0, grad);
            var byOrder = RankingOperationCounter.Exponentials;

            // Forward: 1 per item into the prefix, 2 per item for its term; backward: 1 per item, 1 per level.
            Assert.True(byGrades <= (4L * n) + Math.Min(n, levels), $"grades, n = {n}, levels = {levels}: {byGrades} exponentials");
            Assert.True(byOrder <= 5L * n, $"order, n = {n}: {byOrder} exponentials");
        }
    }

    [Fact]
    public void GradedLogTermAtTenThousandItemsMatchesALevelGroupedSum()
    {
        // n = 10,000: the brute-force pair sum would be 5·10⁷ pairs; check against an O(n·levels) grouping instead.
        var (s, g) = List(10_000, 5, 3);
        var grad = new double[s.Length];
        var loss = GradedLogTerm.Loss<double>(s, g, 0.7, 0.2, GradedWeight.HigherGain, grad);

        double total = 0;
        for (var hi = 1; hi < 5; hi++)
        {
            var below = Enumerable.Range(0, s.Length).Where(i => g[i] < hi).Sum(i => Math.Exp(0.7 * s[i]));
            var at = Enumerable.Range(0, s.Length).Where(i => g[i] == hi).Sum(i => (Math.Pow(2, hi) - 1) * Math.Exp(-0.7 * s[i]));
            total += Math.Exp(0.7 * 0.2) * below * at;
        }

        Assert.Equal(Math.Log(1 + total), loss, 9);
        Assert.Equal(0.0, grad.Sum(), 9); // shifting every score leaves the loss unchanged
    }

    [Fact]
    public void GradedCircleLossIsLinearAfterTheSort()
    {
        var (s, g) = List(10_000, 7, 5);
        RankingOperationCounter.Reset();
        GradedCircleLoss.Loss<double>(s.Select(v => v / 6 + 0.5).ToArray(), g, 32, 0.25, false, new double[s.Length]);
        Assert.True(RankingOperationCounter.Exponentials <= (4L * s.Length) + 15);
    }

    [Fact]
    public void PerPairLossesVisitEveryPairOnce()
    {
        foreach (var n in new[] { 10, 100, 400 })
        {
            var (s, g) = List(n, 4, n);
            RankingOperationCounter.Reset();
            GradedPairLoss.Loss<double>(s, g, PairFunction.Logistic, PairWeight.One, 1, 0, new double[n]);
            Assert.Equal((long)n * n, RankingOperationCounter.Exponentials);
        }
    }

    [Fact]
    public void SoftmaxIsLinear()
    {
        var (s, g) = List(10_000, 5, 9);
        RankingOperationCounter.Reset();
        SoftmaxTargets.ListNet<double>(s, g.Select(v => (double)v).ToArray(), ListNetTargets.Normalised, new double[s.Length]);
        Assert.Equal(s.Length + 1, RankingOperationCounter.Exponentials);
    }

    [Fact]
    public void LambdaLossEvaluatesTwoTranscendentalsPerCountedPair()
    {
        var (s, g) = List(200, 4, 1);
        var counted = 0L;
        for (var i = 0; i < s.Length; i++)
        {
            for (var j = 0; j < s.Length; j++)
            {
                counted += g[i] < g[j] ? 1 : 0;
            }
        }

        RankingOperationCounter.Reset();
        LambdaLoss.Loss<double>(s, g, LambdaScheme.RankNet, 1, 0, 10, new double[s.Length]);
        Assert.Equal(2 * counted, RankingOperationCounter.Exponentials);
    }
}
