using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>ℓ(x) = scale·x: the pairwise form, scale = γ on the left of '&lt;' and −γ on the right.</summary>
internal readonly struct LinearLogit<T>(T scale) : IElementLogit<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Of(T x) => scale * x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Slope(T x) => scale;
}
