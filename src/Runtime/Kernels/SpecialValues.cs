using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Scans a span for the special values that change how a loss is computed (NaN in, +∞ limits).</summary>
internal static class SpecialValues
{
    /// <summary>True when some value is NaN: the loss and its gradient are then NaN.</summary>
    public static bool AnyNaN<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var v in values)
        {
            if (T.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some value is +∞: the kernels then take the limit as such scores grow together.</summary>
    public static bool AnyPositiveInfinity<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var v in values)
        {
            if (T.IsPositiveInfinity(v))
            {
                return true;
            }
        }

        return false;
    }
}
