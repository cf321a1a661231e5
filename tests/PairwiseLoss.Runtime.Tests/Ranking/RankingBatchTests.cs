using System;
using System.Linq;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>Batched forms: each reduction against the per-row kernels, uncounted rows, row weights.</summary>
public sealed class RankingBatchTests
{
    private const int Items = 4;

    // Row 2 has one grade only (not counted), row 3 is all invalid (not counted).
    private static readonly double[] Scores = { 0.2, 1.0, -0.5, 0.3, 0.9, -1.1, 0.4, 0.0, 0.5, 0.1, 0.7, -0.2, 0.3, 0.3, 0.3, 0.3, 1.5, -0.5, 0.2, 0.8 };
    private static readonly double[] Grades = { 0, 2, 1, 0, 1, 0, 3, 1, 2, 2, 2, 2, -1, -1, -1, -1, 1, 0, 0, 4 };
    private static readonly double[] RowWeights = { 1.0, 2.0, 5.0, 3.0, 0.5 };

    private delegate double RowLoss(ReadOnlySpan<double> s, ReadOnlySpan<double> g, Span<double> grad);

    private delegate double BatchLoss(ReadOnlySpan<double> s, ReadOnlySpan<double> g, RankingReduction reduction, ReadOnlySpan<double> w, Span<double> grad);

    private static void Check(RowLoss row, BatchLoss batch, bool softmax)
    {
        var rows = Scores.Length / Items;
        var losses = new double[rows];
        var grads = new double[Scores.Length];
        var counted = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var g = Grades.AsSpan(r * Items, Items);
            losses[r] = row(Scores.AsSpan(r * Items, Items), g, grads.AsSpan(r * Items, Items));
            var valid = g.ToArray().Where(v => v >= 0).ToArray();
            counted[r] = softmax ? valid.Sum() > 0 : valid.Distinct().Count() > 1;
        }

        foreach (var reduction in new[] { RankingReduction.Mean, RankingReduction.WeightedMean, RankingReduction.Sum })
        {
            foreach (var weighted in new[] { false, true })
            {
                var w = weighted ? RowWeights : Enumerable.Repeat(1.0, rows).ToArray();
                var numerator = Enumerable.Range(0, rows).Where(r => counted[r]).Sum(r => w[r] * losses[r]);
                var denominator = reduction switch
                {
                    RankingReduction.Sum => 1,
                    RankingReduction.Mean => counted.Count(c => c),
                    _ => Enumerable.Range(0, rows).Where(r => counted[r]).Sum(r => w[r]),
                };
                var grad = new double[Scores.Length];
                var loss = batch(Scores, Grades, reduction, weighted ? RowWeights : default, grad);
                Assert.Equal(numerator / denominator, loss, 12);
                for (var k = 0; k < grad.Length; k++)
                {
                    var r = k / Items;
                    Assert.Equal(counted[r] ? w[r] * grads[k] / denominator : 0, grad[k], 12);
                }
            }
        }
    }

    [Fact]
    public void GradedLogTerm() => Check(
        (s, g, d) => PairwiseLoss.Ranking.GradedLogTerm.Loss(s, g, 1.5, 0.1, GradedWeight.HigherGain, d),
        (s, g, r, w, d) => PairwiseLoss.Ranking.GradedLogTerm.Batch(s, g, Items, 1.5, 0.1, GradedWeight.HigherGain, r, w, d),
        softmax: false);

    [Fact]
    public void GradedLogTermIntegerGrades()
    {
        var gi = Grades.Select(v => (int)v).ToArray();
        var a = new double[Scores.Length];
        var b = new double[Scores.Length];
        Assert.Equal(
            PairwiseLoss.Ranking.GradedLogTerm.Batch<double>(Scores, Grades, Items, 1, 0, GradedWeight.One, RankingReduction.Mean, default, a),
            PairwiseLoss.Ranking.GradedLogTerm.Batch<double>(Scores, gi, Items, 1, 0, GradedWeight.One, RankingReduction.Mean, default, b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void GradedPairLoss() => Check(
        (s, g, d) => PairwiseLoss.Ranking.GradedPairLoss.Loss(s, g, PairFunction.Logistic, PairWeight.LabelDifference, 1, 0, d),
        (s, g, r, w, d) => PairwiseLoss.Ranking.GradedPairLoss.Batch(s, g, Items, PairFunction.Logistic, PairWeight.LabelDifference, 1, 0, r, w, d),
        softmax: false);

    [Fact]
    public void LambdaLoss() => Check(
        (s, g, d) => PairwiseLoss.Ranking.LambdaLoss.Loss(s, g, LambdaScheme.NdcgLambdaRank, 1.0, 0, 10.0, d),
        (s, g, r, w, d) => PairwiseLoss.Ranking.LambdaLoss.Batch(s, g, Items, LambdaScheme.NdcgLambdaRank, 1.0, 0, 10.0, r, w, d),
        softmax: false);

    [Fact]
    public void ListNet() => Check(
        (s, g, d) => SoftmaxTargets.ListNet(s, g, ListNetTargets.Normalised, d),
        (s, g, r, w, d) => SoftmaxTargets.ListNetBatch(s, g, Items, ListNetTargets.Normalised, r, w, d),
        softmax: true);

    [Fact]
    public void SoftTargets()
    {
        var targets = Grades.Select(v => Math.Max(v, 0)).ToArray();
        var rows = Scores.Length / Items;
        var expected = Enumerable.Range(0, rows).Select(r => SoftmaxTargets.Loss<double>(Scores.AsSpan(r * Items, Items), targets.AsSpan(r * Items, Items), default)).ToArray();
        var counted = Enumerable.Range(0, rows).Where(r => targets.Skip(r * Items).Take(Items).Sum() > 0).ToArray();
        Assert.Equal(counted.Sum(r => expected[r]) / counted.Length, SoftmaxTargets.Batch<double>(Scores, targets, Items, RankingReduction.Mean, default, default), 12);
    }

    [Fact]
    public void NoCountedRowGivesZero()
    {
        var grad = new double[4];
        Assert.Equal(0.0, PairwiseLoss.Ranking.GradedLogTerm.Batch<double>(new[] { 1.0, 2.0, 3.0, 4.0 }, new[] { 1.0, 1.0, -1.0, -1.0 }, 2, 1, 0, GradedWeight.One, RankingReduction.Mean, default, grad));
        Assert.Equal(new double[4], grad);
    }
}
