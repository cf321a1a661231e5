using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>
/// The limit of a one-term loss's block shares <c>p_b = e^{z_b} / (1 + Σ e^z)</c> when some block logits are +∞.
/// </summary>
/// <remarks>
/// <para>
/// A block logit is <c>z_b = L_b + R_b + c_b</c>: the log-sums of its sides and its constant. With +∞ scores it is +∞
/// through its left side, whose log-sum is then <c>γ·t + log W</c> as every +∞ score s tends to ∞ as <c>s = t</c>,
/// W the number (hard labels) of the side's +∞ members. Every such block is <c>γ·t + f_b</c> with
/// <c>f_b = log W_b + R_b + c_b</c> finite, so the shares tend to <c>e^{f_b} / Σ_{+∞ blocks} e^{f}</c> (and 0 for the
/// finite blocks and the implicit 1): the +∞ parts cancel, the finite parts decide. With one +∞ score this is the limit
/// of the loss's gradient as that score → ∞; with several it is the limit along equal rates (they tend to ∞ together),
/// the same convention the set kernels use inside one side (its +∞ members share its softmax equally). Other rates
/// give other limits (the two-variable limit does not exist), so no rule could be right for all of them.
/// </para>
/// <para>
/// A logit that overflowed from finite inputs (both sides +∞, or finite sides whose sum overflowed) has no finite part
/// to compare: it dominates the blocks above and ties with the others like it, as before.
/// </para>
/// <para>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BlockLimits
{
    /// <summary>
    /// <c>f_b</c> of a block with two sides (log-sums <paramref name="left"/>, <paramref name="right"/> and the inverse sums
    /// of their stored terms, 1 for a single score) and constant <paramref name="offset"/>: −∞ when its logit
    /// <paramref name="z"/> is not +∞ (it has no share in the limit), +∞ when it overflowed without exactly one +∞ side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Logit<T>(T z, T left, T leftInverse, T right, T rightInverse, T offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsPositiveInfinity(z))
        {
            return T.NegativeInfinity;
        }

        var leftInfinite = T.IsPositiveInfinity(left);
        if (leftInfinite == T.IsPositiveInfinity(right))
        {
            return T.PositiveInfinity;
        }

        return Finite((leftInfinite ? Weight(leftInverse) : left) + (leftInfinite ? right : Weight(rightInverse)) + offset);
    }

    /// <summary><c>f_b</c> of a block with one side (a threshold block such as <c>neg &lt; 0</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Logit<T>(T z, T side, T sideInverse, T offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsPositiveInfinity(z))
        {
            return T.NegativeInfinity;
        }

        return T.IsPositiveInfinity(side) ? Finite(Weight(sideInverse) + offset) : T.PositiveInfinity;
    }

    /// <summary>
    /// Replaces one row's shares (block-major, block b at <c>b·stride + row</c>) by their limit
    /// <c>scale·e^{f_b − max f} / Σ e^{f − max f}</c>, from the <see cref="Logit{T}(T, T, T, T, T, T)"/> values in
    /// <paramref name="limits"/> (same layout). Nothing changes when no block is +∞.
    /// </summary>
    public static void Shares<T>(Span<T> shares, ReadOnlySpan<T> limits, int blocks, int stride, int row, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(blocks, nameof(blocks));
        if ((uint)row >= (uint)stride)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"'{nameof(row)}' must lie in [0, {nameof(stride)}) ({stride}).");
        }

        var required = blocks == 0 ? 0 : ((long)(blocks - 1) * stride) + row + 1;
        Guard.AtLeast(shares.Length, required, nameof(shares));
        Guard.AtLeast(limits.Length, required, nameof(limits));
        var max = T.NegativeInfinity;
        for (var b = 0; b < blocks; b++)
        {
            max = T.Max(max, limits[(b * stride) + row]);
        }

        if (max == T.NegativeInfinity)
        {
            return;
        }

        var sum = T.Zero;
        for (var b = 0; b < blocks; b++)
        {
            var e = LossMath.ExpShifted(limits[(b * stride) + row], max);
            shares[(b * stride) + row] = e;
            sum += e;
        }

        var factor = scale / sum;
        for (var b = 0; b < blocks; b++)
        {
            shares[(b * stride) + row] *= factor;
        }
    }

    /// <summary><c>log W</c> of a side whose log-sum is +∞: its stored terms are 1 for each +∞ member, so W = 1 / inverse sum.</summary>
    private static T Weight<T>(T inverse)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        -T.Log(inverse);

    /// <summary>A finite part that overflowed after all (a constant or side of ~1e308) dominates, like the logits above.</summary>
    private static T Finite<T>(T f)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.IsNaN(f) ? T.PositiveInfinity : f;
}
