using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The mean of non-negative row losses, finite whenever they all are: the sum is kept in double (a float sum cannot
/// overflow it) and, beside it, at a scale of 2^-64, used only when the plain double sum overflowed (the rows whose
/// scaled value loses digits are then far below the mean). A +∞ row gives +∞, a NaN row NaN.
/// </summary>
internal struct LossMean
{
    private const int ScaleExponent = 64;

    private double _sum;
    private double _scaled;

    public int Count { get; private set; }

    public void Add(double x)
    {
        _sum += x;
        _scaled += double.ScaleB(x, -ScaleExponent);
        Count++;
    }

    /// <summary>The mean over the added rows, rounded to T once; 0 when there are none.</summary>
    public readonly T Mean<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Count == 0)
        {
            return T.Zero;
        }

        if (double.IsPositiveInfinity(_sum) && double.IsFinite(_scaled))
        {
            return T.CreateTruncating(double.ScaleB(_scaled / Count, ScaleExponent));
        }

        return T.CreateTruncating(_sum / Count);
    }
}
