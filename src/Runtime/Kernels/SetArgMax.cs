using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>The largest value of a side, and where it is (−1 for an empty side): the hard mode's subgradient goes there.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SetArgMax<T>(T Value, int Index)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
