using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>The order of the scores, best first: the decision rule of a graded or ordered declaration.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense. Declare a <see cref="DecisionRuleAttribute"/> method instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RankOrder
{
    /// <summary>Writes the indices of <paramref name="scores"/> into <paramref name="order"/>, highest score first (ties: the earlier item first; NaN last).</summary>
    public static void Descending<T>(ReadOnlySpan<T> scores, Span<int> order)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(order.Length, scores.Length, nameof(order));
        if (!scores.IsEmpty)
        {
            Descending(scores, scores.Length, order);
        }
    }

    /// <summary>
    /// Writes the item indices of each row of <paramref name="items"/> scores into <paramref name="order"/>, highest score first
    /// (ties: the earlier item first; NaN scores last; indices within the row).
    /// </summary>
    public static void Descending<T>(ReadOnlySpan<T> scores, int items, Span<int> order)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Guard.Rows(scores.Length, items, nameof(scores), nameof(items));
        Guard.SameLength(order.Length, scores.Length, nameof(order));
        var keys = ArrayPool<T>.Shared.Rent(items);
        try
        {
            var comparer = new Comparer<T>(keys);
            for (var r = 0; r < rows; r++)
            {
                scores.Slice(r * items, items).CopyTo(keys);
                var row = order.Slice(r * items, items);
                for (var i = 0; i < items; i++)
                {
                    row[i] = i;
                }

                row.Sort(comparer);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(keys);
        }
    }

    private readonly struct Comparer<T>(T[] keys) : IComparer<int>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public int Compare(int a, int b)
        {
            var (x, y) = (keys[a], keys[b]);
            var byScore = T.IsNaN(x) ? (T.IsNaN(y) ? 0 : 1) : T.IsNaN(y) ? -1 : y.CompareTo(x);
            return byScore != 0 ? byScore : a.CompareTo(b);
        }
    }
}
