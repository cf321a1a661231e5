using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>
/// Set reductions that keep their terms: the forward pass writes each member's <c>a_i·e^{scale·x_i − shift}</c> into
/// the gradient span, and the backward pass only rescales it, so each element costs one exp for loss and gradient.
/// Two passes forward (logits and per-side maximum; exp, store and per-side sums), one backward; vectorised
/// with Vector512/Vector256/Vector128 where the hardware has them, lane-wise sums for accuracy, a scalar tail.
/// A hard-labelled span reduces <c>neg</c> and <c>pos</c> together: each element belongs to exactly one of them.
/// </summary>
public static partial class SetKernels
{
    /// <summary>
    /// Reduces the negatives (label false, scaled by <paramref name="negativeScale"/>) and positives (label true,
    /// scaled by <paramref name="positiveScale"/>) of one span, storing every term in <paramref name="terms"/>.
    /// A scale of 0 leaves that side out (its terms are 0).
    /// </summary>
    public static LabelledSums<T> LabelledLogSumExp<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, T negativeScale, T positiveScale, Span<T> terms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(labels.Length, scores.Length, nameof(labels));
        Guard.SameLength(terms.Length, scores.Length, nameof(terms));
        return Reduce(scores, MemoryMarshal.AsBytes(labels), negativeScale, positiveScale, terms, excluded: -1);
    }

    /// <summary>Reduces one set, storing its terms in <paramref name="terms"/> (0 for non-members).</summary>
    public static SetSums<T> LogSumExpInto<T>(ScoreSet<T> set, T scale, Span<T> terms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(terms.Length, set.Scores.Length, nameof(terms));
        if (set.IsAll)
        {
            return Reduce(set.Scores, default, scale, T.Zero, terms, set.Excluded).Negative;
        }

        if (set.IsHardLabelled)
        {
            var labels = MemoryMarshal.AsBytes(set.HardLabels);
            var sums = set.IsPositive
                ? Reduce(set.Scores, labels, T.Zero, scale, terms, excluded: -1)
                : Reduce(set.Scores, labels, scale, T.Zero, terms, excluded: -1);
            return set.IsPositive ? sums.Positive : sums.Negative;
        }

        return WeightedInto(set, new LinearLogit<T>(scale), terms);
    }

    /// <summary>Backward of <see cref="LabelledLogSumExp{T}"/>: multiplies negatives' terms by one factor, positives' by another.</summary>
    public static void ScaleLabelled<T>(ReadOnlySpan<bool> labels, Span<T> terms, T negativeFactor, T positiveFactor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(terms.Length, labels.Length, nameof(terms));
        ScaleRange(MemoryMarshal.AsBytes(labels), terms, negativeFactor, positiveFactor);
    }

    /// <summary>Multiplies every element by <paramref name="factor"/> (backward of <see cref="LogSumExpInto{T}"/>, a batch mean).</summary>
    public static void Scale<T>(Span<T> values, T factor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ScaleRange(default, values, factor, factor);

    private static LabelledSums<T> Reduce<T>(ReadOnlySpan<T> scores, ReadOnlySpan<byte> labels, T negativeScale, T positiveScale, Span<T> terms, int excluded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The excluded index (the target, not among the others) is a lane mask, not a split of the span: a short row
        // stays one vector instead of two scalar pieces.
        var state = new Reduction<T>(negativeScale, positiveScale);
        var end = scores.Length;
        Max(scores, labels, excluded, terms, 0, end, ref state);
        state.ChooseShifts();
        ExpAndSum(labels, terms, 0, end, ref state);
        return new LabelledSums<T>(
            SetSums<T>.FromShiftedSum(state.NegativeShift, state.NegativeSum, state.HasNaN),
            SetSums<T>.FromShiftedSum(state.PositiveShift, state.PositiveSum, state.HasNaN));
    }

    private static void Max<T>(ReadOnlySpan<T> scores, ReadOnlySpan<byte> labels, int excluded, Span<T> terms, int start, int end, ref Reduction<T> state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            start = Max<Simd512<T>, Vector512<T>, T>(scores, labels, excluded, terms, start, end, ref state);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            start = Max<Simd256<T>, Vector256<T>, T>(scores, labels, excluded, terms, start, end, ref state);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            start = Max<Simd128<T>, Vector128<T>, T>(scores, labels, excluded, terms, start, end, ref state);
        }

        Max<Scalar<T>, T, T>(scores, labels, excluded, terms, start, end, ref state);
    }

    private static void ExpAndSum<T>(ReadOnlySpan<byte> labels, Span<T> terms, int start, int end, ref Reduction<T> state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            start = ExpAndSum<Simd512<T>, Vector512<T>, T>(labels, terms, start, end, ref state);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            start = ExpAndSum<Simd256<T>, Vector256<T>, T>(labels, terms, start, end, ref state);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            start = ExpAndSum<Simd128<T>, Vector128<T>, T>(labels, terms, start, end, ref state);
        }

        ExpAndSum<Scalar<T>, T, T>(labels, terms, start, end, ref state);
    }

    private static void ScaleRange<T>(ReadOnlySpan<byte> labels, Span<T> terms, T negativeFactor, T positiveFactor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var start = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            start = Rescale<Simd512<T>, Vector512<T>, T>(labels, terms, start, negativeFactor, positiveFactor);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            start = Rescale<Simd256<T>, Vector256<T>, T>(labels, terms, start, negativeFactor, positiveFactor);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            start = Rescale<Simd128<T>, Vector128<T>, T>(labels, terms, start, negativeFactor, positiveFactor);
        }

        Rescale<Scalar<T>, T, T>(labels, terms, start, negativeFactor, positiveFactor);
    }

    /// <summary>Pass 1: term_i = the logit (−inf when absent) stored, the running maximum of each side, and NaN detection.</summary>
    private static int Max<TSimd, TVector, T>(ReadOnlySpan<T> scores, ReadOnlySpan<byte> labels, int excluded, Span<T> terms, int start, int end, ref Reduction<T> state)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var yes = TSimd.EqualsMask(zero, zero);
        var negativeInfinity = TSimd.Broadcast(T.NegativeInfinity);
        var negativeScale = TSimd.Broadcast(state.NegativeScale);
        var positiveScale = TSimd.Broadcast(state.PositiveScale);
        var negativeAbsent = state.NegativeScale == T.Zero ? yes : zero; // a zero scale leaves that side out
        var positiveAbsent = state.PositiveScale == T.Zero ? yes : zero;
        var negativeMax = negativeInfinity;
        var positiveMax = negativeInfinity;
        var nan = zero;
        var i = start;
        for (; i <= end - TSimd.Count; i += TSimd.Count)
        {
            var x = TSimd.Load(scores, i);
            var positive = TSimd.LabelMask(labels, i);
            var term = TSimd.Select(positive, TSimd.Multiply(positiveScale, x), TSimd.Multiply(negativeScale, x));
            var absent = TSimd.Or(TSimd.EqualsMask(x, negativeInfinity), TSimd.Select(positive, positiveAbsent, negativeAbsent));
            if ((uint)(excluded - i) < (uint)TSimd.Count)
            {
                absent = TSimd.Or(absent, TSimd.LaneMask(excluded - i)); // the target is not among the others
            }

            term = TSimd.Select(absent, negativeInfinity, term);
            TSimd.Store(term, terms, i);
            positiveMax = TSimd.Max(positiveMax, TSimd.Select(positive, term, negativeInfinity));
            negativeMax = TSimd.Max(negativeMax, TSimd.Select(positive, negativeInfinity, term));
            nan = TSimd.Or(nan, TSimd.NaNMask(x));
        }

        if (i != start)
        {
            state.NegativeMax = T.Max(state.NegativeMax, TSimd.MaxAcross(negativeMax));
            state.PositiveMax = T.Max(state.PositiveMax, TSimd.MaxAcross(positiveMax));
            state.HasNaN |= TSimd.Any(nan);
        }

        return i;
    }

    /// <summary>Pass 2: term_i ← e^{term_i − shift(side)} (0 when absent), and the per-side sums, lane-wise.</summary>
    private static int ExpAndSum<TSimd, TVector, T>(ReadOnlySpan<byte> labels, Span<T> terms, int start, int end, ref Reduction<T> state)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var one = TSimd.Broadcast(T.One);
        var negativeShift = TSimd.Broadcast(state.NegativeShift);
        var positiveShift = TSimd.Broadcast(state.PositiveShift);
        var negativeSum = zero;
        var positiveSum = zero;
        var i = start;
        for (; i <= end - TSimd.Count; i += TSimd.Count)
        {
            var positive = TSimd.LabelMask(labels, i);
            var logit = TSimd.Load(terms, i);
            var shift = TSimd.Select(positive, positiveShift, negativeShift);
            var term = TSimd.Select(TSimd.EqualsMask(logit, shift), one, TSimd.Exp(TSimd.Subtract(logit, shift)));
            TSimd.Store(term, terms, i);
            positiveSum = TSimd.Add(positiveSum, TSimd.Select(positive, term, zero));
            negativeSum = TSimd.Add(negativeSum, TSimd.Select(positive, zero, term));
        }

        if (i != start)
        {
            state.NegativeSum += TSimd.Sum(negativeSum);
            state.PositiveSum += TSimd.Sum(positiveSum);
        }

        return i;
    }

    private static int Rescale<TSimd, TVector, T>(ReadOnlySpan<byte> labels, Span<T> terms, int start, T negativeFactor, T positiveFactor)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var negative = TSimd.Broadcast(negativeFactor);
        var positive = TSimd.Broadcast(positiveFactor);
        var i = start;
        for (; i <= terms.Length - TSimd.Count; i += TSimd.Count)
        {
            var factor = TSimd.Select(TSimd.LabelMask(labels, i), positive, negative);
            TSimd.Store(TSimd.Multiply(TSimd.Load(terms, i), factor), terms, i);
        }

        return i;
    }

    /// <summary>
    /// The scalar path for weighted sets and non-linear logits: weights enter in log space, weight 0 leaves the
    /// element out (never 0·inf), non-members store 0.
    /// </summary>
    internal static SetSums<T> WeightedInto<T, TLogit>(ScoreSet<T> set, TLogit logit, Span<T> terms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLogit : struct, IElementLogit<T>
    {
        var scores = set.Scores;
        var max = T.NegativeInfinity;
        var hasNaN = false;
        for (var i = 0; i < scores.Length; i++)
        {
            var weight = set.Weight(i);
            var x = scores[i];
            hasNaN |= T.IsNaN(x);
            terms[i] = weight == T.Zero || x == T.NegativeInfinity ? T.NegativeInfinity : logit.Of(x) + T.Log(weight);
            max = T.Max(max, terms[i]);
        }

        var shift = T.IsNegativeInfinity(max) ? T.Zero : max;
        var sum = T.Zero;
        for (var i = 0; i < scores.Length; i++)
        {
            terms[i] = terms[i] == shift ? T.One : T.Exp(terms[i] - shift);
            sum += terms[i];
        }

        return SetSums<T>.FromShiftedSum(shift, sum, hasNaN);
    }

    /// <summary>Running state of a two-sided reduction.</summary>
    private struct Reduction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public Reduction(T negativeScale, T positiveScale)
        {
            NegativeScale = negativeScale;
            PositiveScale = positiveScale;
            NegativeMax = T.NegativeInfinity;
            PositiveMax = T.NegativeInfinity;
        }

        public T NegativeScale { get; }

        public T PositiveScale { get; }

        public T NegativeMax;
        public T PositiveMax;
        public T NegativeShift;
        public T PositiveShift;
        public T NegativeSum;
        public T PositiveSum;
        public bool HasNaN;

        /// <summary>
        /// Shift each side by its maximum; an empty side (max −inf) by 0 so that −inf − shift stays −inf. A side whose
        /// maximum overflowed to +inf keeps it: its infinite terms become 1 and the rest 0, the limit of the softmax.
        /// </summary>
        public void ChooseShifts()
        {
            NegativeShift = T.IsNegativeInfinity(NegativeMax) ? T.Zero : NegativeMax;
            PositiveShift = T.IsNegativeInfinity(PositiveMax) ? T.Zero : PositiveMax;
        }
    }
}
