using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>
/// A per-pair term ℓ(z) and its derivative, written once and used by generated code (literal pairs call
/// <c>Value</c>/<c>Slope</c>, set sides pass the shape to the set kernels). NaN in gives NaN in both; at z = +∞ each gives
/// its limit.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IPairShape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // PublicApiAnalyzers 3.3.4 cannot record static abstract members (RS0016 without a form RS0017 accepts).
#pragma warning disable RS0016

    /// <summary>ℓ(z).</summary>
    static abstract T Value(T z);

    /// <summary>dℓ/dz (at the kink of a hinge, 0: the subgradient that leaves a pair at its margin alone).</summary>
    static abstract T Slope(T z);
#pragma warning restore RS0016

    /// <summary>ℓ(z) lane by lane, and ℓ'(z) in <paramref name="slope"/>, for finite or ±∞ z (the set kernels' vector loops;
    /// no NaN reaches them); value and slope share their exponential.</summary>
    internal static abstract TVector Terms<TSimd, TVector>(TVector z, out TVector slope)
        where TSimd : ISimd<TVector, T>
        where TVector : struct;
}

/// <summary>The lane-wise pieces the pair shapes are made of.</summary>
file static class Lanes
{
    /// <summary>
    /// σ(z) from e = e^{−|z|} and u = 1 + e: 1/u for z &gt; 0, e/u otherwise (0 at −∞, 1 at +∞); one exponential serves
    /// the softplus, σ and σ(z)σ(−z) = e/u².
    /// </summary>
    public static TVector Sigmoid<TSimd, TVector, T>(TVector z, out TVector e, out TVector u)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var one = TSimd.Broadcast(T.One);
        e = TSimd.Exp(TSimd.Subtract(zero, TSimd.Max(z, TSimd.Subtract(zero, z))));
        u = TSimd.Add(one, e);
        return TSimd.Select(TSimd.GreaterThanMask(z, zero), TSimd.Divide(one, u), TSimd.Divide(e, u));
    }

    /// <summary>log(1 + e) = log(u)·e/(u − 1), exact for tiny e (e itself where u rounds to 1).</summary>
    public static TVector LogOnePlus<TSimd, TVector, T>(TVector e, TVector u)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var one = TSimd.Broadcast(T.One);
        return TSimd.Select(TSimd.EqualsMask(u, one), e, TSimd.Divide(TSimd.Multiply(TSimd.Log(u), e), TSimd.Subtract(u, one)));
    }

    /// <summary>max(0, z).</summary>
    public static TVector Hinge<TSimd, TVector, T>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TSimd.Max(z, TSimd.Broadcast(T.Zero));

    /// <summary>[z &gt; 0].</summary>
    public static TVector Step<TSimd, TVector, T>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        return TSimd.Select(TSimd.GreaterThanMask(z, zero), TSimd.Broadcast(T.One), zero);
    }
}

/// <summary><c>log(1 + e^z)</c>, slope σ(z).</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LogisticShape<T> : IPairShape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value(T z) => LossMath.Softplus(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope(T z) => LossMath.Sigmoid(z);

    static TVector IPairShape<T>.Terms<TSimd, TVector>(TVector z, out TVector slope)
    {
        slope = Lanes.Sigmoid<TSimd, TVector, T>(z, out var e, out var u);
        return TSimd.Add(Lanes.Hinge<TSimd, TVector, T>(z), Lanes.LogOnePlus<TSimd, TVector, T>(e, u)); // max(z, 0) + log(1 + e^{−|z|})
    }
}

/// <summary><c>max(0, z)</c>, slope 1 where z &gt; 0.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct HingeShape<T> : IPairShape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value(T z) => z > T.Zero ? z : T.IsNaN(z) ? z : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope(T z) => z > T.Zero ? T.One : T.IsNaN(z) ? z : T.Zero;

    static TVector IPairShape<T>.Terms<TSimd, TVector>(TVector z, out TVector slope)
    {
        slope = Lanes.Step<TSimd, TVector, T>(z);
        return Lanes.Hinge<TSimd, TVector, T>(z);
    }
}

/// <summary><c>max(0, z)²</c>, slope 2·max(0, z).</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SquaredHingeShape<T> : IPairShape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value(T z) => z > T.Zero ? z * z : T.IsNaN(z) ? z : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope(T z) => z > T.Zero ? z + z : T.IsNaN(z) ? z : T.Zero;

    static TVector IPairShape<T>.Terms<TSimd, TVector>(TVector z, out TVector slope)
    {
        var h = Lanes.Hinge<TSimd, TVector, T>(z);
        slope = TSimd.Add(h, h);
        return TSimd.Multiply(h, h);
    }
}

/// <summary><c>σ(z)</c>, slope σ(z)·σ(−z) (both factors evaluated without overflow, so the slope is 0, not NaN, at ±∞).</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SigmoidShape<T> : IPairShape<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value(T z) => LossMath.Sigmoid(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope(T z) => LossMath.Sigmoid(z) * LossMath.Sigmoid(-z);

    static TVector IPairShape<T>.Terms<TSimd, TVector>(TVector z, out TVector slope)
    {
        var value = Lanes.Sigmoid<TSimd, TVector, T>(z, out var e, out var u);
        slope = TSimd.Divide(e, TSimd.Multiply(u, u)); // σ(z)·σ(−z) = e^{−|z|}/(1 + e^{−|z|})²
        return value;
    }
}
