using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The vector operations the set kernels need, over one register width; <see cref="Scalar{T}"/> is the
/// one-lane version that finishes the tail, so every kernel is written once. Masks are all-ones lanes.
/// Kernels run the widest accelerated width first and finish with the narrower ones (512 → 256 → 128 → scalar), so
/// x64 with AVX-512, x64 with AVX2 only, x64 with SSE only and ARM64 (AdvSimd: Vector128) are all vectorised.
/// </summary>
internal interface ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract int Count { get; }

    static abstract TVector Broadcast(T value);

    static abstract TVector Load(ReadOnlySpan<T> source, int index);

    static abstract void Store(TVector value, Span<T> destination, int index);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    static abstract TVector Log(TVector value);

    static abstract TVector Max(TVector a, TVector b);

    static abstract TVector Select(TVector mask, TVector whenTrue, TVector whenFalse);

    static abstract TVector EqualsMask(TVector a, TVector b);

    /// <summary>All-ones lanes where <paramref name="a"/> &gt; <paramref name="b"/> (false for NaN).</summary>
    static abstract TVector GreaterThanMask(TVector a, TVector b);

    static abstract TVector Or(TVector a, TVector b);

    static abstract TVector NaNMask(TVector value);

    static abstract TVector Exp(TVector value);

    static abstract bool Any(TVector mask);

    static abstract T Sum(TVector value);

    static abstract T MaxAcross(TVector value);

    /// <summary>All-ones lanes where the label byte is non-zero; an empty span means "no labels": all zero.</summary>
    static abstract TVector LabelMask(ReadOnlySpan<byte> labels, int index);

    /// <summary>All-ones in lane <paramref name="lane"/> alone (none when it is outside [0, Count)).</summary>
    static abstract TVector LaneMask(int lane);
}
