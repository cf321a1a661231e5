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

    /// <summary>ℓ(z) lane by lane, for finite or ±∞ z (the set kernels' vector loops; no NaN reaches them).</summary>
    internal static abstract TVector Values<TSimd, TVector>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct;

    /// <summary>ℓ'(z) lane by lane, as <see cref="Values{TSimd, TVector}"/>.</summary>
    internal static abstract TVector Slopes<TSimd, TVector>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct;
}

/// <summary>The lane-wise pieces the pair shapes are made of.</summary>
file static class Lanes
{
    /// <summary>σ(z) = 1/(1 + e^{−z}): 0 at −∞ (e^{∞} = ∞), 1 at +∞.</summary>
    public static TVector Sigmoid<TSimd, TVector, T>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var one = TSimd.Broadcast(T.One);
        return TSimd.Divide(one, TSimd.Add(one, TSimd.Exp(TSimd.Subtract(TSimd.Broadcast(T.Zero), z))));
    }

    /// <summary>softplus(z) = max(z, 0) + log(1 + e^{−|z|}), the log term as log(u)·e/(u − 1), u = 1 + e (exact for tiny e).</summary>
    public static TVector Softplus<TSimd, TVector, T>(TVector z)
        where TSimd : ISimd<TVector, T>
        where TVector : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var zero = TSimd.Broadcast(T.Zero);
        var one = TSimd.Broadcast(T.One);
        var e = TSimd.Exp(TSimd.Subtract(zero, TSimd.Max(z, TSimd.Subtract(zero, z))));
        var u = TSimd.Add(one, e);
        var log = TSimd.Select(TSimd.EqualsMask(u, one), e, TSimd.Divide(TSimd.Multiply(TSimd.Log(u), e), TSimd.Subtract(u, one)));
        return TSimd.Add(TSimd.Max(z, zero), log);
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

    static TVector IPairShape<T>.Values<TSimd, TVector>(TVector z) => Lanes.Softplus<TSimd, TVector, T>(z);

    static TVector IPairShape<T>.Slopes<TSimd, TVector>(TVector z) => Lanes.Sigmoid<TSimd, TVector, T>(z);
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

    static TVector IPairShape<T>.Values<TSimd, TVector>(TVector z) => Lanes.Hinge<TSimd, TVector, T>(z);

    static TVector IPairShape<T>.Slopes<TSimd, TVector>(TVector z) => Lanes.Step<TSimd, TVector, T>(z);
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

    static TVector IPairShape<T>.Values<TSimd, TVector>(TVector z) => TSimd.Multiply(Lanes.Hinge<TSimd, TVector, T>(z), Lanes.Hinge<TSimd, TVector, T>(z));

    static TVector IPairShape<T>.Slopes<TSimd, TVector>(TVector z) => TSimd.Add(Lanes.Hinge<TSimd, TVector, T>(z), Lanes.Hinge<TSimd, TVector, T>(z));
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

    static TVector IPairShape<T>.Values<TSimd, TVector>(TVector z) => Lanes.Sigmoid<TSimd, TVector, T>(z);

    static TVector IPairShape<T>.Slopes<TSimd, TVector>(TVector z) => TSimd.Multiply(Lanes.Sigmoid<TSimd, TVector, T>(z), Lanes.Sigmoid<TSimd, TVector, T>(TSimd.Subtract(TSimd.Broadcast(T.Zero), z)));
}
