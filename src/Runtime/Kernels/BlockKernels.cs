using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>
/// The last step of a one-term loss, for a group of batched rows at once: each row's blocks combine into
/// <c>log(1 + Σ_b e^{z_b})</c>, shifted by the row's largest logit and the implicit 0, and its <c>p_b = scale·e^{z_b}/(1 + Σ e^z)</c>.
/// Vectorised across rows, so small rows do not pay a scalar exp and log each.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BlockKernels
{
    /// <param name="logits">Block-major logits: block b of row i at <c>b·stride + i</c>; replaced by <c>scale·p_b</c>.</param>
    /// <param name="blocks">How many blocks each row has.</param>
    /// <param name="stride">The distance between one block's rows and the next block's.</param>
    /// <param name="count">How many rows (at most <paramref name="stride"/>).</param>
    /// <param name="losses">Receives each row's loss.</param>
    /// <param name="scale">γ: the factor that turns p_b into the gradient of a left element.</param>
    public static void LogOnePlusSumExp<T>(Span<T> logits, int blocks, int stride, int count, Span<T> losses, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(blocks, nameof(blocks));
        if ((uint)count > (uint)stride)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"'{nameof(count)}' must lie in [0, {nameof(stride)}] ({stride}).");
        }

        Guard.AtLeast(logits.Length, (long)blocks * stride, nameof(logits));
        Guard.AtLeast(losses.Length, count, nameof(losses));
        var start = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            start = Combine<Simd512<T>, Vector512<T>, T>(logits, blocks, stride, start, count, losses, scale);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            start = Combine<Simd256<T>, Vector256<T>, T>(logits, blocks, stride, start, count, losses, scale);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            start = Combine<Simd128<T>, Vector128<T>, T>(logits, blocks, stride, start, count, losses, scale);
        }

        Combine<Scalar<T>, T, T>(logits, blocks, stride, start, count, losses, scale);
    }

    private static int Combine<TSimd, TVector, T>(Span<T> logits, int blocks, int stride, int start, int end, Span<T> losses, T scale)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var one = TSimd.Broadcast(T.One);
        var factor = TSimd.Broadcast(scale);
        var i = start;
        for (; i <= end - TSimd.Count; i += TSimd.Count)
        {
            var max = zero;
            for (var b = 0; b < blocks; b++)
            {
                max = TSimd.Max(max, TSimd.Load(logits, (b * stride) + i));
            }

            // e^{z − max}, and 1 where z is the maximum (also +inf: the limit); the implicit 0 contributes e^{−max}.
            var sum = TSimd.Exp(TSimd.Subtract(zero, max));
            for (var b = 0; b < blocks; b++)
            {
                var z = TSimd.Load(logits, (b * stride) + i);
                var e = TSimd.Select(TSimd.EqualsMask(z, max), one, TSimd.Exp(TSimd.Subtract(z, max)));
                TSimd.Store(e, logits, (b * stride) + i);
                sum = TSimd.Add(sum, e);
            }

            TSimd.Store(TSimd.Add(max, TSimd.Log(sum)), losses, i);
            var weight = TSimd.Divide(factor, sum);
            for (var b = 0; b < blocks; b++)
            {
                TSimd.Store(TSimd.Multiply(TSimd.Load(logits, (b * stride) + i), weight), logits, (b * stride) + i);
            }
        }

        return i;
    }
}
