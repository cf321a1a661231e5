using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>
/// Graded pairs in one log-term (the unified loss of Sun et al., Circle Loss, CVPR 2020, with grades): <c>L = log(1 + Σ_{g_i &lt; g_j} w(g_i, g_j)·e^{γ(s_i − s_j + m)})</c>, "every item
/// below every item of a higher grade", in one term (so the pairs share one softmax-like normaliser, as ZLPR does for
/// labels). The weights factor as <c>a(g_i)·b(g_j)</c> (<see cref="GradedWeight"/>), so the sum is
/// <c>Σ_G e^{γm}·A_{&lt;G}·B_G</c> with <c>A_{&lt;G} = Σ_{g_i &lt; G} e^{γ s_i}</c> and <c>B_G = Σ_{g_j = G} b_j e^{−γ s_j}</c>:
/// O(n log n) for the sort by grade and O(n) after, in log space (running and suffix log-sum-exps, in double).
/// </summary>
/// <remarks>
/// <para><b>Gradient.</b> With <c>p_ij = w_ij e^{z_ij}/(1 + Σ w e^{z})</c>: <c>∂L/∂s_i = γ(Σ_j p_ij − Σ_k p_ki)</c> (i below j, k below i),
/// computed by the same prefix/suffix structure: 4 exponentials per item, O(1) per level.</para>
/// <para><b>Invalid items.</b> A negative grade or a score of −inf marks an absent item: it is in no pair and gets gradient 0. A list
/// without two valid items of different grades has L = 0, gradient 0, and is not counted in a batched mean. A NaN score gives
/// a NaN loss and NaN gradient. Grades may be integers or floating (NaN and +inf grades are refused).</para>
/// <para><b>Allocation.</b> Scratch (5n doubles and 2n + 1 ints) is on the stack up to 256 elements, pooled above.</para>
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static class GradedLogTerm
{
    /// <summary>One list with floating grades.</summary>
    /// <param name="scores">The item scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="weight">The factored pair weight.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s (written, not accumulated).</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, T gamma, T margin, GradedWeight weight, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, grades.Length, gradient.Length, gamma, margin, weight);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new Row<T>(gamma, margin, weight);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>One list with integer grades.</summary>
    /// <inheritdoc cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, T, GradedWeight, Span{T})"/>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, T gamma, T margin, GradedWeight weight, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, grades.Length, gradient.Length, gamma, margin, weight);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new Row<T>(gamma, margin, weight);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched: <paramref name="scores"/> and <paramref name="grades"/> are row-major <c>[rows × items]</c>, one list per row.</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row (positive; <c>scores.Length</c> must be a multiple of it).</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="weight">The factored pair weight.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, T gamma, T margin, GradedWeight weight, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        CheckParameters(gamma, margin, weight);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new Row<T>(gamma, margin, weight);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched with integer grades.</summary>
    /// <inheritdoc cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, GradedWeight, RankingReduction, ReadOnlySpan{T}, Span{T})"/>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, int items, T gamma, T margin, GradedWeight weight, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        CheckParameters(gamma, margin, weight);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new Row<T>(gamma, margin, weight);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>One list ranked by its own order: every item below every earlier one (<see cref="ListOrder.EarlierAbove"/>), in one log-term.</summary>
    /// <param name="scores">The item scores, in the list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s (written, not accumulated).</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ListOrder order, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(scores.Length, scores.Length, gradient.Length, gamma, margin, GradedWeight.One);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, Math.Max(n, 1), order, nameof(order));
        var row = new Row<T>(gamma, margin, GradedWeight.One);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched, each row of <c>[rows × items]</c> ranked by its own order, in one log-term per row.</summary>
    /// <param name="scores">Row-major scores, each row in its list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above.</param>
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
        CheckParameters(gamma, margin, GradedWeight.One);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, items, order, nameof(order));
        var row = new Row<T>(gamma, margin, GradedWeight.One);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    private static void Check<T>(int scores, int grades, int gradient, T gamma, T margin, GradedWeight weight)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores, grades, gradient, nameof(grades), nameof(gradient));
        CheckParameters(gamma, margin, weight);
    }

    private static void CheckParameters<T>(T gamma, T margin, GradedWeight weight)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        if (weight is not (GradedWeight.One or GradedWeight.HigherGain))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"'{nameof(weight)}' must be One or HigherGain.");
        }
    }

    private readonly struct Row<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly double _gamma;
        private readonly double _margin;
        private readonly GradedWeight _weight;

        public Row(T gamma, T margin, GradedWeight weight)
        {
            _gamma = double.CreateTruncating(gamma);
            _margin = double.CreateTruncating(margin);
            _weight = weight;
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
            var infinite = SpecialValues.AnyPositiveInfinity(scores);
            var doubles = ((infinite ? 5 : 3) * n) + FactoredPairs.ScratchDoubles(n);
            var ints = FactoredPairs.ScratchInts(n);
            using var d = new Scratch<double>(doubles <= RankingInput.StackLimit ? stackalloc double[doubles] : default, doubles);
            using var k = new Scratch<int>(ints <= RankingInput.StackLimit ? stackalloc int[ints] : default, ints);
            var g = d.Span.Slice(0, n);
            var x = d.Span.Slice(n, n);
            var y = d.Span.Slice(2 * n, n);

            // With +∞ scores (growing together as t): x = γ(t + m), y = −γt, the multiples of t kept apart.
            var xCount = infinite ? d.Span.Slice(3 * n, n) : default;
            var yCount = infinite ? d.Span.Slice(4 * n, n) : default;
            grades.CopyTo(g);
            RankingInput.MaskAbsent(scores, g);
            for (var i = 0; i < n; i++)
            {
                var s = double.CreateTruncating(scores[i]);
                if (g[i] < 0)
                {
                    x[i] = y[i] = double.NegativeInfinity;
                    continue;
                }

                if (infinite)
                {
                    var top = double.IsPositiveInfinity(s) ? 1 : 0;
                    (xCount[i], yCount[i]) = (top, -top);
                    s = top == 1 ? 0 : s;
                }

                x[i] = _gamma * (s + _margin);
                y[i] = -_gamma * s;
                if (_weight == GradedWeight.HigherGain)
                {
                    y[i] += Math.Log(Math.Pow(2, g[i]) - 1);
                }
            }

            var backward = !gradient.IsEmpty;
            var loss = FactoredPairs.Run(g, x, y, xCount, yCount, backward, d.Span.Slice((infinite ? 5 : 3) * n), k.Span, out counted);
            if (backward)
            {
                for (var i = 0; i < n; i++)
                {
                    gradient[i] = T.CreateTruncating(_gamma * (x[i] - y[i]));
                }
            }

            return loss;
        }
    }
}
