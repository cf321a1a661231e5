using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>Rows × items, row-major: each row is one list; the reduction is applied to the losses and the gradient rows.</summary>
internal static class RankingBatch
{
    public static T Run<T, TRow>(ref TRow row, ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, int items, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRow : struct, IRankingRow<T>
    {
        var rows = scores.Length / items;
        using var scratch = new Scratch<double>(rows <= RankingInput.StackLimit ? stackalloc double[rows] : default, rows);
        var losses = scratch.Span;
        double total = 0, denominator = 0;
        var backward = !gradient.IsEmpty;
        for (var r = 0; r < rows; r++)
        {
            var loss = row.Evaluate(scores.Slice(r * items, items), grades.Slice(r * items, items), backward ? gradient.Slice(r * items, items) : default, out var counted);
            var w = rowWeights.IsEmpty ? 1.0 : double.CreateTruncating(rowWeights[r]);
            if (!counted)
            {
                w = 0;
            }

            losses[r] = w;
            total += w == 0 ? 0 : w * loss;
            denominator += reduction == RankingReduction.WeightedMean ? w : (counted ? 1 : 0);
        }

        var scale = reduction == RankingReduction.Sum ? 1.0 : (denominator > 0 ? 1.0 / denominator : 0.0);
        if (backward)
        {
            for (var r = 0; r < rows; r++)
            {
                var factor = T.CreateTruncating(losses[r] * scale);
                var g = gradient.Slice(r * items, items);
                for (var k = 0; k < g.Length; k++)
                {
                    // A row of weight 0 (or one that does not count) contributes nothing, to the loss or the gradient,
                    // even when it holds a NaN: loss and gradient agree on what the row means.
                    g[k] = factor == T.Zero ? T.Zero : g[k] * factor;
                }
            }
        }

        return T.CreateTruncating(reduction == RankingReduction.Sum ? total : (denominator > 0 ? total / denominator : 0.0));
    }
}
