using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>Scalar helpers for generated code: stable softplus and sigmoid, and the right-side logit of a score.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LossMath
{
    /// <summary><c>−γ·y</c> for a score on the right of '&lt;'; −inf when the score is −inf (absent), never +inf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Right<T>(T score, T gamma)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        score == T.NegativeInfinity ? T.NegativeInfinity : -gamma * score;

    /// <summary>
    /// <c>a + b</c> for the logs of two sums whose product is a block: −inf (an empty block, exactly 0) when either sum is
    /// empty, even if the other overflowed to +inf. NaN stays NaN: a NaN score never becomes a silent number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogProduct<T>(T a, T b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (a == T.NegativeInfinity && !T.IsNaN(b)) || (b == T.NegativeInfinity && !T.IsNaN(a)) ? T.NegativeInfinity : a + b;

    /// <summary>
    /// <c>l − r</c> for the two scores of a pair, taken before any scaling: −∞ when either is absent (−∞), even against
    /// +∞; 0 for two +∞ scores (they grow together); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Difference<T>(T l, T r)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if ((l == T.NegativeInfinity && !T.IsNaN(r)) || (r == T.NegativeInfinity && !T.IsNaN(l)))
        {
            return T.NegativeInfinity;
        }

        return T.IsPositiveInfinity(l) && T.IsPositiveInfinity(r) ? T.Zero : l - r;
    }

    /// <summary>
    /// <c>z + c</c> for a block logit and a constant computed at run time (γ·m, which may overflow): an empty block
    /// (z = −∞) stays empty whatever c is, never −∞ + ∞ = NaN. NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Shift<T>(T z, T c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        z == T.NegativeInfinity ? z : z + c;

    /// <summary><c>e^{z − max}</c>, and 1 where z is the maximum itself (also when it overflowed to +inf: the limit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpShifted<T>(T z, T max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        z == max ? T.One : T.Exp(z - max);

    /// <summary><c>log(1 + e^z)</c> without overflow: <c>max(z, 0) + log(1 + e^{−|z|})</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus<T>(T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.Max(z, T.Zero) + LogOnePlus(T.Exp(-T.Abs(z)));

    /// <summary><c>1 / (1 + e^{−z})</c>, evaluated on the side that cannot overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (z >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-z));
        }

        var e = T.Exp(z);
        return e / (T.One + e);
    }

    /// <summary>
    /// <c>log(1 + x)</c> for x ≥ 0, accurate for tiny x (Goldberg's trick: <c>log(u)·x/(u − 1)</c> with <c>u = 1 + x</c>
    /// cancels the rounding of u). <c>T.LogP1</c> is not used: .NET evaluates it as <c>Log(1 + x)</c>, which returns 0
    /// for x below ε (a loss of 1e-9 in float, or e^{-40} in double, would vanish).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T LogOnePlus<T>(T x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var u = T.One + x;
        if (u == T.One)
        {
            return x;
        }

        return T.IsFinite(u) ? T.Log(u) * (x / (u - T.One)) : T.Log(u);
    }
}
