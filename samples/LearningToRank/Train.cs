using System;

namespace LearningToRank;

/// <summary>One epoch: minibatches of lists, the declared ranking loss's gradient ∂L/∂s, an Adam step.</summary>
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

    /// <summary>The mean over counted lists of each declared loss (<see cref="RankingLosses"/>), with its gradient.</summary>
    public static float Loss(string loss, ReadOnlySpan<float> scores, ReadOnlySpan<int> grades, int items, Span<float> gradient)
    {
        switch (loss)
        {
            case "RankNet":
                return RankingLosses.RankNet(scores, grades, items, gradient);
            case "OneTerm":
                return RankingLosses.OneTerm(scores, grades, items, gradient);
            case "ListNet":
            {
                // ListNet's target: each list's top-one distribution of the grades, y = g / Σ g (a list without relevance has none).
                Span<float> y = stackalloc float[grades.Length];
                for (var list = 0; list < grades.Length; list += items)
                {
                    var sum = 0f;
                    for (var i = list; i < list + items; i++)
                    {
                        sum += Math.Max(grades[i], 0);
                    }

                    for (var i = list; i < list + items; i++)
                    {
                        y[i] = sum > 0 ? Math.Max(grades[i], 0) / sum : 0;
                    }
                }

                return RankingLosses.ListNet(scores, y, items, gradient);
            }

            default:
                return RankingLosses.LambdaRank(scores, grades, items, gradient);
        }
    }
}
