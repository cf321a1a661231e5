using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// "n tasks of m classes" (Su Jianlin, "不成功的尝试：将多标签交叉熵推广到“n个m分类”上去", https://kexue.fm/archives/9158): scores <c>s</c> and labels <c>t</c> are row-major <c>[rows × classes]</c>,
/// i a row (task or sample), j and k classes. Each class j is one term <c>log(1 + Σ …)</c> whose inner sum runs
/// across the rows: putting the rows inside the log is what balances the classes (a class's share of the loss
/// grows like the log of its number of positives, not linearly).
/// </summary>
/// <remarks>
/// <para>
/// <b>Eq. loss-1</b> (<see cref="OthersBelowPositive{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, Span{T})"/>):
/// <c>L = Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c>, "every other class of the row below the labelled one".
/// With one hard label per row and γ = 1, m = 0 it is the first-order truncation of softmax cross-entropy.
/// </para>
/// <para>
/// <b>Eq. loss-3</b> (<see cref="MeanBelowPositive{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, Span{T})"/>):
/// <c>L = Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c>, "the row mean below the labelled class". Its optimum for soft
/// labels is <c>t = softmax(s)</c>, but (Su Jianlin, https://kexue.fm/archives/9158) a small loss does not make the labelled score the row's largest.
/// </para>
/// <para>
/// Both are the sum over classes (not a mean over rows), computed in O(rows·classes): per row,
/// <c>Σ_{k≠j} e^{γ s_ik}</c> is a log-sum-exp that leaves out j, evaluated without cancellation (the row's largest
/// term is left out exactly by a separate sum relative to the second largest). Per class, <c>log(1 + Σ_i e^{z_ij})</c>
/// is a column log-sum-exp with the implicit 0, accumulated online. Weights enter in log space (label 0 drops the term).
/// </para>
/// <para>
/// <b>Masking.</b> A score of −inf is absent: it drops out of every row sum, and a pair whose labelled score
/// <c>s_ij</c> is −inf is absent too (its term is 0, not +inf), whatever <c>t_ij</c> says. For eq. loss-3 the row mean
/// <c>s̄_i</c> is taken over the row's present scores (all of them when nothing is masked, as in the post); a row with
/// no present score contributes nothing. Absent scores get gradient 0. A class with no term contributes exactly 0.
/// A NaN score gives a NaN loss and a NaN gradient; +inf scores give the limit (see below).
/// </para>
/// <para>
/// <b>Gradient.</b> An empty <c>gradient</c> span means forward only. Otherwise it must have one element per score and is
/// written, not accumulated (it is also used as scratch; it must not overlap <c>scores</c> or <c>labels</c>).
/// With <c>p_ij = t_ij·e^{z_ij}/(1 + Σ_i t_ij·e^{z_ij})</c> the share of pair (i, j) in class j's term:
/// loss-1 gives <c>∂L/∂s_ik = γ(Σ_{j≠k} p_ij·softmax_{≠j}(γ s_i)_k − p_ik)</c>, loss-3 gives
/// <c>∂L/∂s_ik = γ(Σ_j p_ij / m_i − p_ik)</c> with m_i the number of present scores of row i.
/// </para>
/// <para>No allocation: row and column buffers are on the stack up to <see cref="StackLimit"/> elements, pooled above.</para>
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static partial class ClassTerms
{
    /// <summary>Buffers of up to this many elements (4 per class) live on the stack; larger ones are pooled.</summary>
    private const int StackLimit = 1024;

    /// <summary>
    /// Eq. loss-1 of https://kexue.fm/archives/9158 with soft labels: <c>L = Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c>.
    /// </summary>
    /// <param name="scores">Row-major <c>[rows × classes]</c> scores; −inf marks an absent score.</param>
    /// <param name="labels">Soft labels <c>t_ij</c> in [0, 1], one per score.</param>
    /// <param name="classes">The number of classes (columns), positive; <c>scores.Length</c> must be a multiple of it.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    /// <returns>The sum over the classes j of each class's term <c>log(1 + Σ_i …)</c>: not a mean over rows, not divided by the number of classes; 0 when no row has a positive label.</returns>
    public static T OthersBelowPositive<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> labels, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Validate(scores, labels.Length, classes, gamma, margin, gradient, nameof(labels));
        Guard.SoftLabels(labels, nameof(labels));
        return OthersBelowPositiveCore(scores, new LabelWeights<T>(labels), rows, classes, gamma, margin, gradient);
    }

    /// <summary>
    /// Eq. loss-1 of https://kexue.fm/archives/9158 with hard labels: <c>L = Σ_j log(1 + Σ_{i: t_ij} Σ_{k≠j} e^{γ(s_ik − s_ij + m)})</c>.
    /// </summary>
    /// <param name="scores">Row-major <c>[rows × classes]</c> scores; −inf marks an absent score.</param>
    /// <param name="labels">Hard labels, one per score (several or none per row are allowed).</param>
    /// <param name="classes">The number of classes (columns), positive; <c>scores.Length</c> must be a multiple of it.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    /// <returns>The sum over the classes j of each class's term <c>log(1 + Σ_i …)</c>: not a mean over rows, not divided by the number of classes; 0 when no row has a positive label.</returns>
    public static T OthersBelowPositive<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Validate(scores, labels.Length, classes, gamma, margin, gradient, nameof(labels));
        return OthersBelowPositiveCore(scores, new LabelWeights<T>(labels), rows, classes, gamma, margin, gradient);
    }

    /// <summary>
    /// Eq. loss-3 of https://kexue.fm/archives/9158 with soft labels: <c>L = Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c>, s̄_i the row mean.
    /// </summary>
    /// <param name="scores">Row-major <c>[rows × classes]</c> scores; −inf marks an absent score (left out of the mean).</param>
    /// <param name="labels">Soft labels <c>t_ij</c> in [0, 1], one per score.</param>
    /// <param name="classes">The number of classes (columns), positive; <c>scores.Length</c> must be a multiple of it.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    /// <returns>The sum over the classes j of each class's term <c>log(1 + Σ_i …)</c>: not a mean over rows, not divided by the number of classes; 0 when no row has a positive label.</returns>
    public static T MeanBelowPositive<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> labels, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Validate(scores, labels.Length, classes, gamma, margin, gradient, nameof(labels));
        Guard.SoftLabels(labels, nameof(labels));
        return MeanBelowPositiveCore(scores, new LabelWeights<T>(labels), rows, classes, gamma, margin, gradient);
    }

    /// <summary>
    /// Eq. loss-3 of https://kexue.fm/archives/9158 with hard labels: <c>L = Σ_j log(1 + Σ_{i: t_ij} e^{γ(s̄_i − s_ij + m)})</c>, s̄_i the row mean.
    /// </summary>
    /// <param name="scores">Row-major <c>[rows × classes]</c> scores; −inf marks an absent score (left out of the mean).</param>
    /// <param name="labels">Hard labels, one per score (several or none per row are allowed).</param>
    /// <param name="classes">The number of classes (columns), positive; <c>scores.Length</c> must be a multiple of it.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    /// <returns>The sum over the classes j of each class's term <c>log(1 + Σ_i …)</c>: not a mean over rows, not divided by the number of classes; 0 when no row has a positive label.</returns>
    public static T MeanBelowPositive<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Validate(scores, labels.Length, classes, gamma, margin, gradient, nameof(labels));
        return MeanBelowPositiveCore(scores, new LabelWeights<T>(labels), rows, classes, gamma, margin, gradient);
    }

    private static int Validate<T>(ReadOnlySpan<T> scores, int labelsLength, int classes, T gamma, T margin, Span<T> gradient, string labelsName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = Guard.Rows(scores.Length, classes, nameof(scores), nameof(classes));
        Guard.SameLength(labelsLength, scores.Length, labelsName);
        if (!gradient.IsEmpty)
        {
            Guard.SameLength(gradient.Length, scores.Length, nameof(gradient));
        }

        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        return rows;
    }

    /// <summary>Eq. loss-1: per row, <c>z_ij = log t_ij + γ(m − s_ij) + log Σ_{k≠j} e^{γ s_ik}</c>; per class, softplus-LSE over i.</summary>
    private static T OthersBelowPositiveCore<T>(ReadOnlySpan<T> scores, LabelWeights<T> labels, int rows, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SpecialValues.AnyNaN(scores))
        {
            return NaNResult(gradient);
        }

        var store = !gradient.IsEmpty;
        var length = 4 * classes;
        using var scratch = new Scratch<T>(length <= StackLimit ? stackalloc T[length] : default, length);
        var buffer = scratch.Span;
        var columns = new ColumnSums<T>(buffer[..classes], buffer.Slice(classes, classes));
        var row = buffer.Slice(2 * classes, classes);
        var excluded = buffer.Slice(3 * classes, classes);

        // Forward: the logits z_ij, stored in the gradient span when there is one.
        for (var i = 0; i < rows; i++)
        {
            var offset = i * classes;
            var s = scores.Slice(offset, classes);
            var z = store ? gradient.Slice(offset, classes) : default;
            if (!labels.AnyPositive(offset, classes))
            {
                z.Fill(T.NegativeInfinity);
                continue;
            }

            var infinite = CountPositiveInfinity(s);
            if (infinite > 0)
            {
                InfiniteRowLogits(s, labels, offset, infinite, gamma, margin, z, columns);
                continue;
            }

            // x_k = γ(s_ik − max_k s_ik): shifting by the row's maximum keeps every exponent ≤ 0 and changes no difference.
            var top = RowMax(s);
            ScaledShifted(s, gamma, top, row);
            RowKernels.LogSumExpExcludingEach(row); // row[j] = log Σ_{k≠j} e^{x_k}
            for (var j = 0; j < classes; j++)
            {
                var logWeight = labels.LogWeight(offset + j);
                var own = s[j];
                var zij = logWeight == T.NegativeInfinity || own == T.NegativeInfinity || row[j] == T.NegativeInfinity
                    ? T.NegativeInfinity
                    : logWeight + (gamma * (margin - (own - top))) + row[j];
                if (store)
                {
                    z[j] = zij;
                }

                columns.Add(j, zij);
            }
        }

        var loss = columns.Finish(); // the column sums now hold C_j = log(1 + Σ_i e^{z_ij})
        if (!store)
        {
            return loss;
        }

        // Backward: ∂L/∂s_ik = γ(e^{x_k + log Σ_{j≠k} e^{r_ij}} − p_ik), r_ij = log p_ij − log Σ_{k≠j} e^{x_k}
        // (= log t_ij + γ(m − s_ij) − C_j, but written through p_ij so that a logit that overflowed to +∞ gives its limit).
        for (var i = 0; i < rows; i++)
        {
            var offset = i * classes;
            var s = scores.Slice(offset, classes);
            var g = gradient.Slice(offset, classes);
            if (!labels.AnyPositive(offset, classes))
            {
                g.Clear();
                continue;
            }

            var infinite = CountPositiveInfinity(s);
            if (infinite > 0)
            {
                InfiniteRowGradient(s, infinite, gamma, g, columns);
                continue;
            }

            var top = RowMax(s);
            ScaledShifted(s, gamma, top, excluded);
            RowKernels.LogSumExpExcludingEach(excluded); // excluded[j] = log Σ_{k≠j} e^{x_k}
            for (var j = 0; j < classes; j++)
            {
                var p = columns.Share(j, g[j]);
                row[j] = p == T.Zero ? T.NegativeInfinity : T.Log(p) - excluded[j];
            }

            RowKernels.LogSumExpExcludingEach(row); // row[k] = log Σ_{j≠k} e^{r_ij}
            for (var k = 0; k < classes; k++)
            {
                var own = s[k];
                if (own == T.NegativeInfinity)
                {
                    g[k] = T.Zero;
                    continue;
                }

                var p = columns.Share(k, g[k]);
                var below = row[k] == T.NegativeInfinity ? T.Zero : T.Exp((gamma * (own - top)) + row[k]);
                g[k] = gamma * (below - p);
            }
        }

        return loss;
    }

    /// <summary>Eq. loss-3: per row, <c>z_ij = log t_ij + γ(s̄_i − s_ij + m)</c>; per class, softplus-LSE over i.</summary>
    private static T MeanBelowPositiveCore<T>(ReadOnlySpan<T> scores, LabelWeights<T> labels, int rows, int classes, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SpecialValues.AnyNaN(scores))
        {
            return NaNResult(gradient);
        }

        var store = !gradient.IsEmpty;
        var length = 2 * classes;
        using var scratch = new Scratch<T>(length <= StackLimit ? stackalloc T[length] : default, length);
        var buffer = scratch.Span;
        var columns = new ColumnSums<T>(buffer[..classes], buffer.Slice(classes, classes));
        for (var i = 0; i < rows; i++)
        {
            var offset = i * classes;
            var s = scores.Slice(offset, classes);
            var z = store ? gradient.Slice(offset, classes) : default;
            if (!labels.AnyPositive(offset, classes) || !PresentMean(s, out var mean, out _))
            {
                z.Fill(T.NegativeInfinity);
                continue;
            }

            for (var j = 0; j < classes; j++)
            {
                var logWeight = labels.LogWeight(offset + j);
                var own = s[j];
                var zij = logWeight == T.NegativeInfinity || own == T.NegativeInfinity
                    ? T.NegativeInfinity
                    : logWeight + (gamma * (mean.Minus(own) + margin));
                if (store)
                {
                    z[j] = zij;
                }

                columns.Add(j, zij);
            }
        }

        var loss = columns.Finish();
        if (!store)
        {
            return loss;
        }

        // Backward: ∂L/∂s_ik = γ(Σ_j p_ij / m_i − p_ik) for present k (the mean spreads each p_ij over the row), 0 for absent k.
        for (var i = 0; i < rows; i++)
        {
            var offset = i * classes;
            var s = scores.Slice(offset, classes);
            var g = gradient.Slice(offset, classes);
            if (!labels.AnyPositive(offset, classes) || !PresentMean(s, out _, out var present))
            {
                g.Clear();
                continue;
            }

            var total = T.Zero;
            for (var j = 0; j < classes; j++)
            {
                var p = columns.Share(j, g[j]);
                g[j] = p;
                total += p;
            }

            var spread = total / T.CreateTruncating(present);
            for (var k = 0; k < classes; k++)
            {
                g[k] = s[k] == T.NegativeInfinity ? T.Zero : gamma * (spread - g[k]);
            }
        }

        return loss;
    }

    /// <summary>The number of +∞ scores of a row.</summary>
    private static int CountPositiveInfinity<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var count = 0;
        foreach (var x in s)
        {
            count += T.IsPositiveInfinity(x) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Eq. loss-1 logits of a row holding n ≥ 1 scores of +∞, in the limit as they grow together: a finite labelled
    /// score has a +∞ score among its others (z = +∞); a +∞ labelled score has the n − 1 other +∞ scores as its
    /// largest others (z = log t + γm + log(n − 1)), or only finite ones when n = 1 (z = −∞).
    /// </summary>
    private static void InfiniteRowLogits<T>(ReadOnlySpan<T> s, LabelWeights<T> labels, int offset, int infinite, T gamma, T margin, Span<T> z, ColumnSums<T> columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var store = !z.IsEmpty;
        for (var j = 0; j < s.Length; j++)
        {
            var logWeight = labels.LogWeight(offset + j);
            var own = s[j];
            var zij = logWeight == T.NegativeInfinity || own == T.NegativeInfinity ? T.NegativeInfinity
                : !T.IsPositiveInfinity(own) ? T.PositiveInfinity
                : infinite == 1 ? T.NegativeInfinity
                : logWeight + (gamma * margin) + T.Log(T.CreateTruncating(infinite - 1));
            if (store)
            {
                z[j] = zij;
            }

            columns.Add(j, zij);
        }
    }

    /// <summary>
    /// Eq. loss-1 gradient of a row holding n ≥ 1 scores of +∞ (the limit as they grow together): the softmax over the
    /// others of a labelled j is 1/n on each +∞ score when j is finite, 1/(n − 1) on the other +∞ scores when j is +∞;
    /// so a finite k gets −γ·p_ik and a +∞ k gets γ(Σ_{finite j} p_ij/n + Σ_{+∞ j≠k} p_ij/(n − 1) − p_ik).
    /// On entry <paramref name="g"/> holds the row's logits.
    /// </summary>
    private static void InfiniteRowGradient<T>(ReadOnlySpan<T> s, int infinite, T gamma, Span<T> g, ColumnSums<T> columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var finiteShares = T.Zero;
        var infiniteShares = T.Zero;
        for (var j = 0; j < s.Length; j++)
        {
            var p = columns.Share(j, g[j]);
            g[j] = p;
            if (T.IsPositiveInfinity(s[j]))
            {
                infiniteShares += p;
            }
            else
            {
                finiteShares += p;
            }
        }

        var n = T.CreateTruncating(infinite);
        for (var k = 0; k < s.Length; k++)
        {
            var p = g[k];
            if (s[k] == T.NegativeInfinity)
            {
                g[k] = T.Zero;
            }
            else if (!T.IsPositiveInfinity(s[k]))
            {
                g[k] = -gamma * p;
            }
            else
            {
                var fromOthers = infinite == 1 ? T.Zero : (infiniteShares - p) / (n - T.One);
                g[k] = gamma * ((finiteShares / n) + fromOthers - p);
            }
        }
    }

    private static T NaNResult<T>(Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        gradient.Fill(T.NaN);
        return T.NaN;
    }

    /// <summary>The largest present score of a row, or 0 when every score is −inf (nothing in the row is used then).</summary>
    private static T RowMax<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var max = T.NegativeInfinity;
        foreach (var x in s)
        {
            if (x > max)
            {
                max = x;
            }
        }

        return max == T.NegativeInfinity ? T.Zero : max;
    }

    /// <summary><c>x_k = γ(s_k − top)</c>, −inf for an absent score.</summary>
    private static void ScaledShifted<T>(ReadOnlySpan<T> s, T gamma, T top, Span<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var k = 0; k < s.Length; k++)
        {
            x[k] = s[k] == T.NegativeInfinity ? T.NegativeInfinity : gamma * (s[k] - top);
        }
    }

    /// <summary>
    /// The mean of the row's present (not −inf) scores; false when there are none. Summed after scaling by the largest
    /// magnitude, so the mean of finite scores is finite even near MaxValue; +∞ scores are kept apart as a fraction.
    /// </summary>
    private static bool PresentMean<T>(ReadOnlySpan<T> s, out RowMean<T> mean, out int present)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scale = T.Zero;
        var infinite = 0;
        present = 0;
        foreach (var x in s)
        {
            if (x == T.NegativeInfinity)
            {
                continue;
            }

            present++;
            if (T.IsPositiveInfinity(x))
            {
                infinite++;
            }
            else
            {
                scale = T.Max(scale, T.Abs(x));
            }
        }

        // A power of two: the scaled sum rounds exactly as the plain one would, without its overflow.
        var exponent = scale == T.Zero ? 0 : T.ILogB(scale);
        var sum = T.Zero;
        foreach (var x in s)
        {
            sum += T.IsFinite(x) ? T.ScaleB(x, -exponent) : T.Zero;
        }

        var n = T.CreateTruncating(present);
        mean = new RowMean<T>(present == 0 ? T.Zero : T.ScaleB(sum / n, exponent), present == 0 ? T.Zero : T.CreateTruncating(infinite) / n);
        return present != 0;
    }

    /// <summary>
    /// A row mean <c>f·t + finite</c> as the +∞ scores (fraction f of the present ones) grow together as t → ∞ (all 0
    /// in a row without them).
    /// </summary>
    private readonly record struct RowMean<T>(T Finite, T InfiniteFraction)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary><c>s̄ − own</c>: ±∞ when the +∞ parts do not cancel, else the difference of the finite parts.</summary>
        public T Minus(T own)
        {
            var coefficient = InfiniteFraction - (T.IsPositiveInfinity(own) ? T.One : T.Zero);
            return coefficient > T.Zero ? T.PositiveInfinity
                : coefficient < T.Zero ? T.NegativeInfinity
                : Finite - (T.IsPositiveInfinity(own) ? T.Zero : own);
        }
    }
}
