using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Both sides of a hard-labelled score span, reduced in one pass: <c>neg</c> and <c>pos</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct LabelledSums<T>(SetSums<T> Negative, SetSums<T> Positive)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
