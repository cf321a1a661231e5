using System;
using PairwiseLoss.Ranking;

namespace LearningToRank;

/// <summary>One epoch: minibatches of lists, the ranking loss's gradient ∂L/∂s from the runtime kernels, an Adam step.</summary>
public static class Train
{
    public static void Epoch(GeneRetrieval data, Scorer scorer, RankingLists lists, string loss, int batch, float learningRate)
    {
        var rowsMax = batch * lists.Length;
        var x = new float[rowsMax * data.PairFeatures];
        var hidden = new float[rowsMax * 64];
        var scores = new float[rowsMax];
        var gradient = new float[rowsMax];
        for (var first = 0; first < lists.Count; first += batch)
        {
            var count = Math.Min(batch, lists.Count - first);
            var rows = count * lists.Length;
            data.PairFeaturesOf(lists, first, count, x);
            scorer.Forward(x, rows, hidden, scores);
            var s = scores.AsSpan(0, rows);
            var grades = lists.Grades.AsSpan(first * lists.Length, rows);
            var g = gradient.AsSpan(0, rows);
            Loss(loss, s, grades, lists.Length, g);
            scorer.Step(x, rows, hidden, g, learningRate);
        }
    }

    /// <summary>The mean over counted lists of each loss, with its gradient.</summary>
    public static float Loss(string loss, ReadOnlySpan<float> scores, ReadOnlySpan<int> grades, int items, Span<float> gradient)
    {
        switch (loss)
        {
            case "RankNet":
                return GradedPairLoss.Batch<float>(scores, grades, items, PairFunction.Logistic, PairWeight.One, 1f, 0f, RankingReduction.Mean, default, gradient);
            case "OneTerm":
                return GradedLogTerm.Batch<float>(scores, grades, items, 1f, 0f, GradedWeight.One, RankingReduction.Mean, default, gradient);
            case "ListNet":
            {
                Span<float> g = stackalloc float[grades.Length];
                for (var i = 0; i < g.Length; i++)
                {
                    g[i] = grades[i];
                }

                return SoftmaxTargets.ListNetBatch<float>(scores, g, items, ListNetTargets.Normalised, RankingReduction.Mean, default, gradient);
            }

            default:
                return LambdaLoss.Batch<float>(scores, grades, items, LambdaScheme.NdcgLambdaRank, 1f, 0, 10f, RankingReduction.Mean, default, gradient);
        }
    }
}
