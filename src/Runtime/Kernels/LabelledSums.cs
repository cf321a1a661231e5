using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Both sides of a hard-labelled score span, reduced in one pass: <c>neg</c> and <c>pos</c>.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct LabelledSums<T>(SetSums<T> Negative, SetSums<T> Positive)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
