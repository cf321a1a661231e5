using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>
/// Circle Loss over graded lists, as TF-Ranking's <c>circle_loss</c> (tensorflow/ranking,
/// tensorflow_ranking/python/losses_impl.py, class CircleLoss; Sun et al., CVPR 2020, eq. 6 extended to grades):
/// <code>
///   L = log(1 + Σ_{g_i &lt; g_j} exp(γ·(α_n(s_i)·(s_i − Δ_n) − α_p(s_j)·(s_j − Δ_p)))),
///   α_p(s) = relu(1 + m − s),  α_n(s) = relu(s + m),  Δ_p = 1 − m,  Δ_n = m
/// </code>
/// Each pair (lower i, higher j) treats the higher item as the positive and the lower as the negative, so a middle grade is
/// positive against lower grades and negative against higher ones. The α are constants in the backward pass (TF-Ranking's
/// <c>stop_gradient</c>). The logit is a sum of a per-item left part and a per-item right part, so the loss factors exactly
/// like <see cref="GradedLogTerm"/>: O(n log n), 4 exponentials per item.
/// </summary>
/// <remarks>
/// TF-Ranking clips the scores to [0, 1] first (<c>get_logits</c>); pass <c>clipToUnitInterval: true</c> to match that (the
/// gradient is then 0 where a score lies outside [0, 1]). Invalid items (negative grade, −inf score), lists without a valid
/// pair, NaN and allocation behave as in <see cref="GradedLogTerm"/>.
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static class GradedCircleLoss
{
    /// <summary>One list with floating grades.</summary>
    /// <param name="scores">Similarity scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="gamma">The scale γ, finite and positive (TF-Ranking's default 64).</param>
    /// <param name="margin">The relaxation m, finite (TF-Ranking's default 0.25).</param>
    /// <param name="clipToUnitInterval">Clip scores to [0, 1] first, as TF-Ranking does.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s with α held constant.</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, T gamma, T margin, bool clipToUnitInterval, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        return T.CreateTruncating(Row(scores, g.Span, double.CreateTruncating(gamma), double.CreateTruncating(margin), clipToUnitInterval, gradient, out _));
    }

    /// <summary>One list with integer grades.</summary>
    /// <inheritdoc cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, T, bool, Span{T})"/>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, T gamma, T margin, bool clipToUnitInterval, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        return T.CreateTruncating(Row(scores, g.Span, double.CreateTruncating(gamma), double.CreateTruncating(margin), clipToUnitInterval, gradient, out _));
    }

    /// <summary>Batched: <paramref name="scores"/> and <paramref name="grades"/> are row-major <c>[rows × items]</c>, one list per row.</summary>
    /// <param name="scores">Row-major similarity scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row (positive; <c>scores.Length</c> must be a multiple of it).</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The relaxation m, finite.</param>
    /// <param name="clipToUnitInterval">Clip scores to [0, 1] first, as TF-Ranking does.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, T gamma, T margin, bool clipToUnitInterval, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        RankingInput.BatchSettings(gamma, margin, reduction, rowWeights, rows);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new BatchRow<T>(double.CreateTruncating(gamma), double.CreateTruncating(margin), clipToUnitInterval);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched with integer grades.</summary>
    /// <inheritdoc cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, bool, RankingReduction, ReadOnlySpan{T}, Span{T})"/>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, int items, T gamma, T margin, bool clipToUnitInterval, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        RankingInput.BatchSettings(gamma, margin, reduction, rowWeights, rows);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new BatchRow<T>(double.CreateTruncating(gamma), double.CreateTruncating(margin), clipToUnitInterval);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    private readonly struct BatchRow<T>(double gamma, double margin, bool clip) : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted) =>
            Row(scores, grades, gamma, margin, clip, gradient, out counted);
    }

    /// <summary>A share times a slope: 0 for no share, even where the slope of a +∞ similarity is +∞.</summary>
    private static double Times(double share, double slope) => share == 0 ? 0 : share * slope;

    private static double Row<T>(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, double gamma, double m, bool clip, Span<T> gradient, out bool counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SpecialValues.AnyNaN(scores))
        {
            gradient.Fill(T.NaN);
            counted = true;
            return double.NaN;
        }

        var n = scores.Length;
        var infinite = !clip && SpecialValues.AnyPositiveInfinity(scores);
        var doubles = ((infinite ? 6 : 5) * n) + FactoredPairs.ScratchDoubles(n);
        var ints = FactoredPairs.ScratchInts(n);
        using var d = new Scratch<double>(doubles <= RankingInput.StackLimit ? stackalloc double[doubles] : default, doubles);
        using var k = new Scratch<int>(ints <= RankingInput.StackLimit ? stackalloc int[ints] : default, ints);
        var g = d.Span.Slice(0, n);
        var x = d.Span.Slice(n, n);
        var y = d.Span.Slice(2 * n, n);
        var dx = d.Span.Slice(3 * n, n);
        var dy = d.Span.Slice(4 * n, n);

        // A +∞ negative similarity (growing as t) has the logit γ·(t + m)(t − m) = γt² − γm²: its multiple of t² is kept
        // apart; a +∞ positive's α is 0, so its logit is 0.
        var xCount = infinite ? d.Span.Slice(5 * n, n) : default;
        grades.CopyTo(g);
        RankingInput.MaskAbsent(scores, g);
        for (var i = 0; i < n; i++)
        {
            if (g[i] < 0)
            {
                x[i] = y[i] = double.NegativeInfinity;
                dx[i] = dy[i] = 0;
                continue;
            }

            var raw = double.CreateTruncating(scores[i]);
            if (infinite)
            {
                xCount[i] = double.IsPositiveInfinity(raw) ? 1 : 0;
            }

            var s = clip ? Math.Clamp(raw, 0, 1) : raw;
            var pass = !clip || (raw >= 0 && raw <= 1) ? 1.0 : 0.0;
            var alphaN = Math.Max(s + m, 0);
            var alphaP = Math.Max(1 + m - s, 0);
            // α = 0 ends a term (also at s = +∞ for the positive side: its limit), never 0·∞.
            x[i] = infinite && xCount[i] == 1 ? -gamma * m * m : alphaN == 0 ? 0 : gamma * alphaN * (s - m);
            y[i] = alphaP == 0 ? 0 : -gamma * alphaP * (s - (1 - m));
            dx[i] = pass * gamma * alphaN;
            dy[i] = -pass * gamma * alphaP;
        }

        var backward = !gradient.IsEmpty;
        var loss = FactoredPairs.Run(g, x, y, xCount, default, backward, d.Span.Slice((infinite ? 6 : 5) * n), k.Span, out counted);
        if (backward)
        {
            for (var i = 0; i < n; i++)
            {
                gradient[i] = T.CreateTruncating(Times(x[i], dx[i]) + Times(y[i], dy[i]));
            }
        }

        return loss;
    }
}
