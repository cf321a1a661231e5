using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>
/// Softmax cross-entropy with soft or graded targets: <c>L = −Σ_t y_t log p_t = (Σ y)·LSE(s) − Σ_t y_t s_t</c>, gradient
/// <c>(Σ y)·softmax(s) − y</c>. ListNet (Cao et al., ICML 2007, the top-one probability form) is the case Σ y = 1 with y from grades:
/// TF-Ranking's <c>softmax_loss</c> per list uses <c>y = g/Σ g</c> weighted by Σ g (so its per-list value is this loss with y = g);
/// allRank's <c>listNet</c> uses <c>y = softmax(g)</c>.
/// </summary>
/// <remarks>
/// A score of −inf is an absent item: it leaves the softmax and its target is ignored (gradient 0). A row whose targets (on present
/// items) are all 0 contributes 0 and is not counted in a batched mean. Targets must be finite and not negative. NaN in scores gives
/// NaN out. O(n) per row, computed in double (two passes, n + 1 exponentials).
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static class SoftmaxTargets
{
    /// <summary>One row: <c>(Σ y)·LSE(s) − Σ y_t s_t</c>.</summary>
    /// <param name="scores">The scores; −inf marks an absent item.</param>
    /// <param name="targets">One target weight y_t ≥ 0 per score (soft labels, a distribution, or grades).</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> targets, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, targets.Length, gradient.Length, nameof(targets), nameof(gradient));
        Guard.Distribution(targets, nameof(targets));
        return T.CreateTruncating(Row(scores, targets, default, gradient, out _));
    }

    /// <summary>
    /// ListNet on grades: targets from <paramref name="grades"/> by <paramref name="targets"/> (negative grade = invalid item, absent), then
    /// <see cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>. A list whose normalised targets are all 0 (every grade 0, with
    /// <see cref="ListNetTargets.Normalised"/>) or that has no valid item contributes 0.
    /// </summary>
    /// <param name="scores">The scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="targets">How grades become a distribution.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T ListNet<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, ListNetTargets targets, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        CheckListNet(targets, nameof(targets));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new ListNetRow<T>(targets);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched <see cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> over row-major <c>[rows × items]</c>.</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="targets">One target weight ≥ 0 per score.</param>
    /// <param name="items">Items per row.</param>
    /// <param name="reduction">How rows combine; rows without a target are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> targets, int items, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, targets.Length, items, gradient.Length, nameof(scores), nameof(targets), nameof(items), nameof(gradient));
        Guard.Distribution(targets, nameof(targets));
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        for (var i = 0; i < n; i++)
        {
            g.Span[i] = double.CreateTruncating(targets[i]);
        }

        var row = new TargetRow<T>();
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched <see cref="ListNet{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ListNetTargets, Span{T})"/>.</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row.</param>
    /// <param name="targets">How grades become a distribution.</param>
    /// <param name="reduction">How rows combine; rows without a target are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T ListNetBatch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, ListNetTargets targets, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        CheckListNet(targets, nameof(targets));
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new ListNetRow<T>(targets);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>
    /// Label smoothing: <c>y' = (1 − ε)·y + ε/C</c> with C = <c>targets.Length</c> (for a one-hot y, <c>(1 − ε)·onehot + ε/C</c>).
    /// </summary>
    /// <param name="targets">The targets y (e.g. one-hot), finite and not negative.</param>
    /// <param name="epsilon">ε in [0, 1].</param>
    /// <param name="destination">Receives y'; one element per target (may be the same memory as <paramref name="targets"/>).</param>
    public static void SmoothLabels<T>(ReadOnlySpan<T> targets, T epsilon, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(destination.Length, targets.Length, nameof(destination));
        if (!(epsilon >= T.Zero && epsilon <= T.One))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"'{nameof(epsilon)}' must lie in [0, 1].");
        }

        Guard.Distribution(targets, nameof(targets));
        var uniform = targets.Length == 0 ? T.Zero : epsilon / T.CreateTruncating(targets.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            destination[i] = ((T.One - epsilon) * targets[i]) + uniform;
        }
    }

    /// <summary>Label smoothing of a one-hot target: writes <c>(1 − ε)·onehot(target) + ε/C</c>, C = <c>destination.Length</c>.</summary>
    /// <param name="target">The class index.</param>
    /// <param name="epsilon">ε in [0, 1].</param>
    /// <param name="destination">Receives the C smoothed targets.</param>
    public static void SmoothLabels<T>(int target, T epsilon, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Target(target, destination.Length, nameof(target));
        if (!(epsilon >= T.Zero && epsilon <= T.One))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"'{nameof(epsilon)}' must lie in [0, 1].");
        }

        destination.Fill(epsilon / T.CreateTruncating(destination.Length));
        destination[target] += T.One - epsilon;
    }

    private static void CheckListNet(ListNetTargets targets, string paramName)
    {
        if (targets is not (ListNetTargets.Normalised or ListNetTargets.Softmax))
        {
            throw new ArgumentOutOfRangeException(paramName, targets, $"'{paramName}' must be Normalised or Softmax.");
        }
    }

    /// <summary>The row kernel on double targets y (already ≥ 0).</summary>
    internal static double Row<T, TTarget>(ReadOnlySpan<T> scores, ReadOnlySpan<TTarget> targets, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTarget : unmanaged, IBinaryFloatingPointIeee754<TTarget>
    {
        if (SpecialValues.AnyNaN(scores))
        {
            gradient.Fill(T.NaN);
            counted = true;
            return double.NaN;
        }

        var n = scores.Length;
        double max = double.NegativeInfinity, ySum = 0, ys = 0;
        var infinite = 0;
        for (var i = 0; i < n; i++)
        {
            if ((scores[i] == T.NegativeInfinity || (!grades.IsEmpty && grades[i] < 0)))
            {
                continue;
            }

            var s = double.CreateTruncating(scores[i]);
            var y = double.CreateTruncating(targets[i]);
            max = Math.Max(max, s);
            infinite += double.IsPositiveInfinity(s) ? 1 : 0;
            if (y > 0)
            {
                ySum += y;
                ys += y * s;
            }
        }

        counted = ySum > 0;
        if (!counted)
        {
            gradient.Clear();
            return 0;
        }

        if (infinite > 0)
        {
            return InfiniteRow(scores, targets, grades, gradient, infinite, ySum);
        }

        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            if (!(scores[i] == T.NegativeInfinity || (!grades.IsEmpty && grades[i] < 0)))
            {
                sum += Math.Exp(double.CreateTruncating(scores[i]) - max);
            }
        }

        var lse = max + Math.Log(sum);
        RankingOperationCounter.Add(n + 1);
        if (!gradient.IsEmpty)
        {
            for (var i = 0; i < n; i++)
            {
                if ((scores[i] == T.NegativeInfinity || (!grades.IsEmpty && grades[i] < 0)))
                {
                    gradient[i] = T.Zero;
                    continue;
                }

                var s = double.CreateTruncating(scores[i]);
                gradient[i] = T.CreateTruncating((ySum * Math.Exp(s - lse)) - double.CreateTruncating(targets[i]));
            }
        }

        // Σ_t y_t (LSE − s_t): each term ≥ 0, no cancellation between the two sums.
        double loss = 0;
        for (var i = 0; i < n; i++)
        {
            var y = double.CreateTruncating(targets[i]);
            if (y > 0 && !(scores[i] == T.NegativeInfinity || (!grades.IsEmpty && grades[i] < 0)))
            {
                loss += y * (lse - double.CreateTruncating(scores[i]));
            }
        }

        return loss;
    }

    /// <summary>
    /// The limit of a row with +∞ scores growing together: the softmax is 1/(their number) on each of them and 0
    /// elsewhere; a +∞ target adds y·log(number), a finite target with y &gt; 0 makes the loss +∞.
    /// </summary>
    private static double InfiniteRow<T, TTarget>(ReadOnlySpan<T> scores, ReadOnlySpan<TTarget> targets, ReadOnlySpan<double> grades, Span<T> gradient, int infinite, double ySum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTarget : unmanaged, IBinaryFloatingPointIeee754<TTarget>
    {
        var share = 1.0 / infinite;
        double loss = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var present = !(scores[i] == T.NegativeInfinity || (!grades.IsEmpty && grades[i] < 0));
            var top = present && T.IsPositiveInfinity(scores[i]);
            var y = present ? double.CreateTruncating(targets[i]) : 0.0;
            if (y > 0)
            {
                loss += top ? y * Math.Log(infinite) : double.PositiveInfinity;
            }

            if (!gradient.IsEmpty)
            {
                gradient[i] = present ? T.CreateTruncating(((top ? share : 0.0) * ySum) - y) : T.Zero;
            }
        }

        return loss;
    }

    private readonly struct TargetRow<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted) =>
            Row(scores, grades, default, gradient, out counted);
    }

    private readonly struct ListNetRow<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ListNetTargets _targets;

        public ListNetRow(ListNetTargets targets) => _targets = targets;

        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        {
            var n = scores.Length;
            using var scratch = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
            var y = scratch.Span;
            double max = double.NegativeInfinity, total = 0;
            for (var i = 0; i < n; i++)
            {
                var valid = grades[i] >= 0 && scores[i] != T.NegativeInfinity;
                y[i] = valid ? grades[i] : double.NegativeInfinity;
                if (valid)
                {
                    max = Math.Max(max, grades[i]);
                }
            }

            for (var i = 0; i < n; i++)
            {
                if (y[i] == double.NegativeInfinity)
                {
                    y[i] = 0;
                    continue;
                }

                y[i] = _targets == ListNetTargets.Softmax ? Math.Exp(y[i] - max) : y[i];
                total += y[i];
            }

            if (total > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    y[i] /= total;
                }
            }

            return Row(scores, (ReadOnlySpan<double>)y, grades, gradient, out counted);
        }
    }
}
