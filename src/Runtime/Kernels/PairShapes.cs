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
}
