using System.Numerics;

namespace PairwiseLoss;

/// <summary>The logit ℓ(x) one element of a set contributes, and its slope dℓ/dx for the backward pass.</summary>
internal interface IElementLogit<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    T Of(T x);

    T Slope(T x);
}
