using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Kernels of the Circle and Hard modes.</summary>
public static partial class SetKernels
{
    /// <summary>Circle Loss side, terms kept in <paramref name="terms"/> for <see cref="CircleScale{T}"/>.</summary>
    public static SetSums<T> CircleLogSumExpInto<T>(ScoreSet<T> set, bool positive, T gamma, T margin, Span<T> terms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(terms.Length, set.Scores.Length, nameof(terms));
        return WeightedInto(set, new CircleLogit<T>(positive, gamma, margin, fullGradient: false), terms);
    }

    /// <summary>Circle Loss side, forward only.</summary>
    public static T CircleLogSumExp<T>(ScoreSet<T> set, bool positive, T gamma, T margin)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogSumExp(set, new CircleLogit<T>(positive, gamma, margin, fullGradient: false));

    /// <summary>
    /// Backward of <see cref="CircleLogSumExpInto{T}"/>: each stored term (a softmax weight once multiplied by
    /// <paramref name="factor"/>) times the slope of its logit, with α constant or, if asked, differentiated.
    /// </summary>
    public static void CircleScale<T>(ScoreSet<T> set, bool positive, T gamma, T margin, bool fullGradient, Span<T> terms, T factor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(terms.Length, set.Scores.Length, nameof(terms));
        if (factor == T.Zero)
        {
            // An empty block: exactly 0, also where the slope γ·α overflowed to ∞ (never 0·∞ = NaN).
            terms.Clear();
            return;
        }

        var logit = new CircleLogit<T>(positive, gamma, margin, fullGradient);
        var scores = set.Scores;
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = terms[i] == T.Zero ? T.Zero : terms[i] * factor * logit.Slope(scores[i]);
        }
    }

    /// <summary>
    /// Backward of <see cref="CircleLogSumExp{T}"/> whose terms were not kept (a side shared by pairs of different
    /// margins): adds <c>coefficient·w_i·dℓ/ds_i</c>, w the softmax of the side's Circle logits of log-sum
    /// <paramref name="logSum"/>, α constant or, if asked, differentiated.
    /// </summary>
    public static void AddCircleGradient<T>(ScoreSet<T> set, bool positive, T gamma, T margin, bool fullGradient, T logSum, T coefficient, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        AddSoftmaxGradient(set, new CircleLogit<T>(positive, gamma, margin, fullGradient), logSum, coefficient, gradient, timesSlope: true);

    /// <summary>The maximum of <c>sign·x</c> over the members (the hard mode's side value) and its index.</summary>
    public static SetArgMax<T> ArgMax<T>(ScoreSet<T> set, T sign)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scores = set.Scores;
        var best = T.NegativeInfinity;
        var index = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            if (set.Weight(i) == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            var value = sign * x;
            if (T.IsNaN(value))
            {
                return new SetArgMax<T>(value, i);
            }

            if (value > best || index < 0)
            {
                best = value;
                index = i;
            }
        }

        return new SetArgMax<T>(best, index);
    }
}
