using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The forward result of a set reduction whose terms were stored for the backward pass:
/// <c>LogSum = log Σ_i a_i e^{scale·x_i}</c>, and <c>InverseSum</c>, the factor that turns each stored term into
/// its softmax weight (0 for an empty set, so an empty side gives exactly zero gradient).
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SetSums<T>(T LogSum, T InverseSum)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal static SetSums<T> FromShiftedSum(T shift, T sum, bool hasNaN)
    {
        if (hasNaN)
        {
            return new SetSums<T>(T.NaN, T.NaN);
        }

        return sum == T.Zero
            ? new SetSums<T>(T.NegativeInfinity, T.Zero)
            : new SetSums<T>(shift + T.Log(sum), T.One / sum);
    }
}
