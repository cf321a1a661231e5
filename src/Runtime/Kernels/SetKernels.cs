using System;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The reductions generated code calls for set-valued sides. Every kernel is stable (shifted by its maximum),
/// treats −inf scores as absent, adds soft-label weights in log space and returns exactly 0 for an empty set.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class SetKernels
{
    /// <summary><c>log Σ_i a_i·exp(scale·x_i)</c> over the set's members; −inf when the set is empty.</summary>
    public static T LogSumExp<T>(ScoreSet<T> set, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogSumExp(set, new LinearLogit<T>(scale));

    /// <summary><c>log Σ_i a_i·exp(ℓ(x_i))</c> for any per-element logit ℓ; −inf when the set is empty.</summary>
    internal static T LogSumExp<T, TLogit>(ScoreSet<T> set, TLogit logit)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLogit : struct, IElementLogit<T>
    {
        var scores = set.Scores;
        var max = T.NegativeInfinity;
        var any = false;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            max = T.Max(max, set.IsUnweighted ? logit.Of(x) : logit.Of(x) + T.Log(weight));
            any = true;
        }

        if (!any || !T.IsFinite(max))
        {
            return max;
        }

        var sum = T.Zero;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            // The weight joins the exponent, so it rounds exactly as it did in the maximum.
            sum += set.IsUnweighted ? T.Exp(logit.Of(x) - max) : T.Exp(logit.Of(x) + T.Log(weight) - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>
    /// Adds <c>coefficient·a_i·exp(scale·x_i − logSum)</c> to each member's gradient: the derivative of
    /// <c>coefficient/γ·LogSumExp</c>, the softmax of the set. Nothing happens for an empty set or a zero coefficient.
    /// </summary>
    public static void AddSoftmaxGradient<T>(ScoreSet<T> set, T scale, T logSum, T coefficient, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        AddSoftmaxGradient(set, new LinearLogit<T>(scale), logSum, coefficient, gradient, timesSlope: false);

    /// <summary>
    /// Adds <c>coefficient·w_i·ℓ'(x_i)</c> to each member's gradient, w the softmax of the set's logits ℓ (each weight
    /// times its slope when <paramref name="timesSlope"/>, else the weight alone): the backward pass of a log-sum whose
    /// terms were not kept. The slope carries γ and the side's sign for logits that are not linear (Circle Loss).
    /// </summary>
    internal static void AddSoftmaxGradient<T, TLogit>(ScoreSet<T> set, TLogit logit, T logSum, T coefficient, Span<T> gradient, bool timesSlope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLogit : struct, IElementLogit<T>
    {
        Guard.SameLength(gradient.Length, set.Scores.Length, nameof(gradient));
        if (coefficient == T.Zero || logSum == T.NegativeInfinity)
        {
            return;
        }

        var scores = set.Scores;
        var infinite = T.IsPositiveInfinity(logSum);
        var total = T.Zero;
        if (infinite)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                total += IsInfiniteMember(set, logit, i) ? set.Weight(i) : T.Zero;
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            // A +∞ log-sum is the limit along equal rates: the +∞ members share in proportion to their weights a_i.
            var share = infinite
                ? (IsInfiniteMember(set, logit, i) ? weight / total : T.Zero)
                : LossMath.ExpShifted(set.IsUnweighted ? logit.Of(x) : logit.Of(x) + T.Log(weight), logSum);
            if (share != T.Zero)
            {
                gradient[i] += coefficient * (timesSlope ? share * logit.Slope(x) : share);
            }
        }
    }

    private static bool IsInfiniteMember<T, TLogit>(ScoreSet<T> set, TLogit logit, int i)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLogit : struct, IElementLogit<T> =>
        set.Weight(i) != T.Zero && set.Scores[i] != T.NegativeInfinity && T.IsPositiveInfinity(logit.Of(set.Scores[i]));

    /// <summary>
    /// <c>Σ_i w·a_i·ℓ(scale·(x_i − pivot) + offset)</c>, one term per member, ℓ the pair shape; adds
    /// <c>scale·w·a_i·ℓ'(·)</c> to the gradient (when not empty) and returns <c>Σ_i w·a_i·ℓ'(·)</c> for the other, scalar
    /// side. The pivot is that side's score (0 against a number): the difference is taken before scaling, so a pair of
    /// nearly equal huge scores keeps its small logit. A pivot of −∞ is an absent score: no pair, 0.
    /// </summary>
    public static T PairSum<T, TShape>(ScoreSet<T> set, T scale, T pivot, T offset, T weight, Span<T> gradient, out T slopeSum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : IPairShape<T>
    {
        Guard.EmptyOrSameLength(gradient.Length, set.Scores.Length, nameof(gradient));
        var scores = set.Scores;
        var loss = T.Zero;
        slopeSum = T.Zero;
        if (T.IsNaN(pivot) || SpecialValues.AnyNaN(scores))
        {
            // NaN in gives NaN out, in the loss and the gradient alike, even where no pair would use the NaN.
            gradient.Fill(T.NaN);
            slopeSum = T.NaN;
            return T.NaN;
        }

        if (pivot == T.NegativeInfinity)
        {
            return loss;
        }

        // Sets of weight 0 or 1 per member against a finite pivot: lane by lane at the widest width, the rest below.
        var start = 0;
        if (set.IsUnweighted && T.IsFinite(pivot) && weight != T.Zero)
        {
            var pass = new PairPass<T>(scores, set.IsHardLabelled ? MemoryMarshal.AsBytes(set.HardLabels) : default, set.IsPositive, set.Excluded, scale, pivot, offset);
            if (Vector512.IsHardwareAccelerated)
            {
                start = pass.Run<Simd512<T>, Vector512<T>, TShape>(start, gradient, weight);
            }

            if (Vector256.IsHardwareAccelerated)
            {
                start = pass.Run<Simd256<T>, Vector256<T>, TShape>(start, gradient, weight);
            }

            if (Vector128.IsHardwareAccelerated)
            {
                start = pass.Run<Simd128<T>, Vector128<T>, TShape>(start, gradient, weight);
            }

            (loss, slopeSum) = (weight * pass.Loss, weight * pass.SlopeSum);
        }

        for (var i = start; i < scores.Length; i++)
        {
            var x = scores[i];
            var a = weight * set.Weight(i);
            if (a == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            var z = (scale * LossMath.Difference(x, pivot)) + offset;
            loss += a * TShape.Value(z);
            var p = a * TShape.Slope(z);
            slopeSum += p;
            if (!gradient.IsEmpty)
            {
                gradient[i] += scale * p;
            }
        }

        return loss;
    }

    /// <summary>
    /// <c>Σ_i Σ_j w·a_i·b_j·ℓ(γ(x_i − y_j) + offset)</c> over every pair (left member i, right member j): a sum of
    /// per-pair terms does not factorise, so this is the honest quadratic form.
    /// </summary>
    public static T PairPairs<T, TShape>(ScoreSet<T> left, ScoreSet<T> right, T gamma, T offset, T weight, Span<T> leftGradient, Span<T> rightGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TShape : IPairShape<T>
    {
        Guard.EmptyOrSameLength(leftGradient.Length, left.Scores.Length, nameof(leftGradient));
        Guard.EmptyOrSameLength(rightGradient.Length, right.Scores.Length, nameof(rightGradient));
        if (SpecialValues.AnyNaN(left.Scores) || SpecialValues.AnyNaN(right.Scores))
        {
            leftGradient.Fill(T.NaN);
            rightGradient.Fill(T.NaN);
            return T.NaN;
        }

        var loss = T.Zero;
        for (var i = 0; i < left.Scores.Length; i++)
        {
            var x = left.Scores[i];
            var a = weight * left.Weight(i);
            if (a == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            loss += PairSum<T, TShape>(right, -gamma, x, offset, a, rightGradient, out var slopeSum);
            if (!leftGradient.IsEmpty)
            {
                leftGradient[i] += gamma * slopeSum;
            }
        }

        return loss;
    }

    /// <summary>Whether every score of the row is −inf (a padding row, absent from a batched mean).</summary>
    public static bool IsAllMasked<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The first score usually decides (a present row); a masked row is checked a vector at a time.
        if (row.IsEmpty || row[0] != T.NegativeInfinity)
        {
            return row.IsEmpty;
        }

        return row.IndexOfAnyExcept(T.NegativeInfinity) < 0;
    }
}

/// <summary>
/// The vector loop of <see cref="SetKernels.PairSum{T, TShape}"/>: members (all scores but an excluded one, or those whose
/// hard label is on the set's side) of weight 1, −∞ scores absent; the sums of ℓ(z) and ℓ'(z), z = scale·(x − pivot) + offset,
/// lane-wise, and the gradient lanes += scale·weight·ℓ'(z).
/// </summary>
internal ref struct PairPass<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _scores;
    private readonly ReadOnlySpan<byte> _labels;
    private readonly bool _positive;
    private readonly int _excluded;
    private readonly T _scale;
    private readonly T _pivot;
    private readonly T _offset;

    public PairPass(ReadOnlySpan<T> scores, ReadOnlySpan<byte> labels, bool positive, int excluded, T scale, T pivot, T offset)
    {
        _scores = scores;
        _labels = labels;
        (_positive, _excluded, _scale, _pivot, _offset) = (positive, excluded, scale, pivot, offset);
        Loss = T.Zero;
        SlopeSum = T.Zero;
    }

    public T Loss { get; private set; }

    public T SlopeSum { get; private set; }

    public int Run<TSimd, TVector, TShape>(int start, Span<T> gradient, T weight)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where TShape : IPairShape<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var all = TSimd.EqualsMask(zero, zero);
        var negativeInfinity = TSimd.Broadcast(T.NegativeInfinity);
        var scale = TSimd.Broadcast(_scale);
        var pivot = TSimd.Broadcast(_pivot);
        var offset = TSimd.Broadcast(_offset);
        var step = TSimd.Broadcast(_scale * weight);
        var values = zero;
        var slopes = zero;
        var backward = !gradient.IsEmpty;
        var i = start;
        for (; i <= _scores.Length - TSimd.Count; i += TSimd.Count)
        {
            var x = TSimd.Load(_scores, i);
            var member = _labels.IsEmpty ? all : _positive ? TSimd.LabelMask(_labels, i) : TSimd.Select(TSimd.LabelMask(_labels, i), zero, all);
            if ((uint)(_excluded - i) < (uint)TSimd.Count)
            {
                member = TSimd.Select(TSimd.LaneMask(_excluded - i), zero, member);
            }

            var absent = TSimd.Or(TSimd.EqualsMask(x, negativeInfinity), TSimd.Select(member, zero, all));
            var z = TSimd.Add(TSimd.Multiply(scale, TSimd.Subtract(x, pivot)), offset);
            var value = TShape.Terms<TSimd, TVector>(z, out var slope);
            slope = TSimd.Select(absent, zero, slope);
            values = TSimd.Add(values, TSimd.Select(absent, zero, value));
            slopes = TSimd.Add(slopes, slope);
            if (backward)
            {
                TSimd.Store(TSimd.Add(TSimd.Load(gradient, i), TSimd.Multiply(step, slope)), gradient, i);
            }
        }

        Loss += TSimd.Sum(values);
        SlopeSum += TSimd.Sum(slopes);
        return i;
    }
}
