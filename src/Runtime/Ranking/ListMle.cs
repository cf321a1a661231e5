using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>
/// One log-term per item over the items below it: <c>L = Σ_i log(1 + Σ_{g_j &lt; g_i} e^{γ(s_j − s_i + m)})</c>. Over a list order
/// (one grade per position, <see cref="ListOrder"/>) with γ = 1 and m = 0 this is ListMLE (Xia et al., "Listwise Approach to
/// Learning to Rank: Theory and Algorithm", ICML 2008): <c>Σ_i log(1 + Σ_{j after i} e^{s_j − s_i})</c>, the negative
/// log-likelihood of the order under the Plackett–Luce model. O(n log n) for the sort by grade (O(n) for a list order, whose grades need no sort), O(n) after: a running
/// log-sum-exp over the lower levels gives every item's term, a suffix sum over the higher levels every item's share.
/// </summary>
/// <remarks>
/// <para><b>Ties.</b> Items of equal grade are not below one another, so an item's term runs over the strictly lower grades only
/// (what the constraints "s[j] &lt; s[i] where g[j] &lt; g[i]" say). TF-Ranking's <c>ListMLELoss</c> and allRank's <c>listMLE</c>
/// instead order tied items at random on every call; with distinct grades, or a list order, the losses are the same.</para>
/// <para><b>Gradient.</b> With <c>p_i = σ(z_i)</c> the share of item i's term: <c>∂L/∂s_i = γ(Σ_{k above i} p_k·e^{γ s_i}/A_k − p_i)</c>,
/// <c>A_k = Σ_{g_j &lt; g_k} e^{γ s_j}</c>.</para>
/// <para>Special values: a −∞ score (or a negative grade) is absent (in no pair, gradient 0); +∞ scores give the limit of the loss
/// and the gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives a
/// NaN loss and NaN in the gradient; finite scores never give NaN. A list without two valid items of different grades has L = 0
/// and is not counted in a batched mean. Wrong lengths and settings throw an <see cref="ArgumentException"/> naming the
/// parameter. Scratch: 8n doubles and 2n + 1 ints, on the stack up to 256 elements, pooled above.</para>
/// </remarks>
public static class ListMle
{
    /// <summary>One list with floating grades.</summary>
    /// <param name="scores">The item scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s (written, not accumulated).</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, grades.Length, gradient.Length, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        return T.CreateTruncating(new Row<T>(gamma, margin).Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>One list with integer grades.</summary>
    /// <inheritdoc cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, T, Span{T})"/>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, grades.Length, gradient.Length, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        return T.CreateTruncating(new Row<T>(gamma, margin).Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>One list ranked by its own order: ListMLE.</summary>
    /// <param name="scores">The item scores, in the list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above: <see cref="ListOrder.EarlierAbove"/> for a list shown best first.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s (written, not accumulated).</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ListOrder order, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, scores.Length, gradient.Length, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, Math.Max(n, 1), order, nameof(order));
        return T.CreateTruncating(new Row<T>(gamma, margin).Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched: <paramref name="scores"/> and <paramref name="grades"/> are row-major <c>[rows × items]</c>, one list per row.</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row (positive; <c>scores.Length</c> must be a multiple of it).</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        RankingInput.BatchSettings(gamma, margin, reduction, rowWeights, rows);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new Row<T>(gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched with integer grades.</summary>
    /// <inheritdoc cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, RankingReduction, ReadOnlySpan{T}, Span{T})"/>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, int items, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        RankingInput.BatchSettings(gamma, margin, reduction, rowWeights, rows);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new Row<T>(gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched, each row ranked by its own order: ListMLE over <c>[rows × items]</c>.</summary>
    /// <param name="scores">Row-major scores, each row in its list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above: <see cref="ListOrder.EarlierAbove"/> for lists shown best first.</param>
    /// <param name="items">Items per row (positive; <c>scores.Length</c> must be a multiple of it).</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ListOrder order, int items, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, scores.Length, items, gradient.Length, nameof(scores), nameof(scores), nameof(items), nameof(gradient));
        RankingInput.BatchSettings(gamma, margin, reduction, rowWeights, rows);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, items, order, nameof(order));
        var row = new Row<T>(gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    private static void Check<T>(int scores, int grades, int gradient, T gamma, T margin)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores, grades, gradient, "grades", nameof(gradient));
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
    }

    private readonly struct Row<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly double _gamma;
        private readonly double _margin;

        public Row(T gamma, T margin)
        {
            _gamma = double.CreateTruncating(gamma);
            _margin = double.CreateTruncating(margin);
        }

        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        {
            if (SpecialValues.AnyNaN(scores))
            {
                gradient.Fill(T.NaN);
                counted = true;
                return double.NaN;
            }

            var n = scores.Length;
            using var d = new Scratch<double>(7 * n <= RankingInput.StackLimit ? stackalloc double[7 * n] : default, 7 * n);
            using var k = new Scratch<int>((3 * n) + 1 <= RankingInput.StackLimit ? stackalloc int[(3 * n) + 1] : default, (3 * n) + 1);
            var share = d.Span.Slice(0, n);        // p_i = σ(z_i), the share of item i's own term
            var keys = d.Span.Slice(n, n);
            var levelMax = d.Span.Slice(2 * n, n); // per level: the largest finite score below it, M
            var levelSum = d.Span.Slice(3 * n, n); // per level: Σ e^{γ(s − M)} over the finite scores below it
            var levelP = d.Span.Slice(4 * n, n);   // per level: Σ p_i of its items
            var valid = d.Span.Slice(5 * n, n);
            var s = d.Span.Slice(6 * n, n);
            var order = k.Span.Slice(0, n);
            var starts = k.Span.Slice(n, n + 1);
            var levelInfinite = k.Span.Slice((2 * n) + 1, n); // per level: how many +∞ scores are below it

            grades.CopyTo(valid);
            RankingInput.MaskAbsent(scores, valid);
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                s[i] = double.CreateTruncating(scores[i]);
                share[i] = 0;
                if (valid[i] >= 0)
                {
                    keys[m] = valid[i];
                    order[m] = i;
                    m++;
                }
            }

            RankingInput.SortByGrade(keys.Slice(0, m), order.Slice(0, m));
            var levels = 0;
            for (var j = 0; j < m; j++)
            {
                if (j == 0 || keys[j] != keys[j - 1])
                {
                    starts[levels++] = j;
                }
            }

            starts[levels] = m;
            counted = levels >= 2;

            // Forward. The items below a level are held as (+∞ count c, finite max M, Σ e^{γ(s − M)}): z_i = γ(M − s_i + m) +
            // log Σ takes the difference of scores before scaling, so it overflows only where the true logit does. With c > 0
            // the +∞ scores (growing together) dominate: a finite item's term is +∞, a +∞ item's is log(1 + c·e^{γm}).
            double loss = 0;
            long exps = 0;
            var infinite = 0;
            var max = double.NegativeInfinity;
            double sum = 0;
            for (var level = 0; level < levels; level++)
            {
                (levelInfinite[level], levelMax[level], levelSum[level]) = (infinite, max, sum);
                double p = 0;
                for (var j = starts[level]; j < starts[level + 1]; j++)
                {
                    var i = order[j];
                    double z;
                    if (double.IsPositiveInfinity(s[i]))
                    {
                        z = infinite > 0 ? Math.Log(infinite) + (_gamma * _margin) : double.NegativeInfinity;
                    }
                    else if (infinite > 0)
                    {
                        z = double.PositiveInfinity;
                    }
                    else
                    {
                        z = sum == 0 ? double.NegativeInfinity : (_gamma * (max - s[i] + _margin)) + Math.Log(sum);
                    }

                    if (z == double.NegativeInfinity)
                    {
                        continue;
                    }

                    (var term, share[i]) = z == double.PositiveInfinity ? (double.PositiveInfinity, 1.0) : (RankingInput.Softplus(z), RankingInput.Sigmoid(z));
                    loss += term;
                    p += share[i];
                    exps += 2;
                }

                levelP[level] = p;
                for (var j = starts[level]; j < starts[level + 1]; j++)
                {
                    var v = s[order[j]];
                    if (double.IsPositiveInfinity(v))
                    {
                        infinite++;
                    }
                    else if (v > max)
                    {
                        sum = (sum * Math.Exp(_gamma * (max - v))) + 1;
                        max = v;
                        exps++;
                    }
                    else
                    {
                        sum += Math.Exp(_gamma * (v - max));
                        exps++;
                    }
                }
            }

            if (!gradient.IsEmpty)
            {
                gradient.Clear();

                // Backward: item j's share of a higher level G's terms is P_G·e^{γ(s_j − M_G)}/Σ_G (finite j, no +∞ below G) or
                // P_G/c_G (+∞ j). Suffix sums over the higher levels, the finite one held relative to the lowest M among them
                // (M grows with the level, so every rescale is by e^{−γ·(a non-negative difference)}).
                double aboveInfinite = 0;
                double aboveFinite = 0;
                var reference = double.NegativeInfinity;
                for (var level = levels - 1; level >= 0; level--)
                {
                    for (var j = starts[level]; j < starts[level + 1]; j++)
                    {
                        var i = order[j];
                        var above = double.IsPositiveInfinity(s[i]) ? aboveInfinite
                            : aboveFinite == 0 ? 0 : aboveFinite * Math.Exp(_gamma * (s[i] - reference));
                        gradient[i] = T.CreateTruncating(_gamma * (above - share[i]));
                        exps++;
                    }

                    if (levelP[level] == 0)
                    {
                        continue;
                    }

                    if (levelInfinite[level] > 0)
                    {
                        aboveInfinite += levelP[level] / levelInfinite[level];
                    }
                    else
                    {
                        var levelReference = levelMax[level];
                        aboveFinite = (aboveFinite == 0 ? 0 : aboveFinite * Math.Exp(_gamma * (levelReference - reference))) + (levelP[level] / levelSum[level]);
                        reference = levelReference;
                        exps++;
                    }
                }
            }

            RankingOperationCounter.Add(exps);
            return loss;
        }
    }
}
