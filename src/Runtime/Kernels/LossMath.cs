using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>Scalar helpers for generated code: stable softplus and sigmoid, and the right-side logit of a score.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LossMath
{
    /// <summary><c>−γ·y</c> for a score on the right of '&lt;'; −inf when the score is −inf (absent), never +inf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Right<T>(T score, T gamma)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        score == T.NegativeInfinity ? T.NegativeInfinity : -gamma * score;

    /// <summary><c>log(1 + e^z)</c> without overflow: <c>max(z, 0) + log(1 + e^{−|z|})</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Softplus<T>(T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)));

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
}
