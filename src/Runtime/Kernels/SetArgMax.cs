using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>The largest value of a side, and where it is (−1 for an empty side): the hard mode's subgradient goes there.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SetArgMax<T>(T Value, int Index)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
