using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>Log-space arithmetic shared by the top-k softmax and the metric-learning helpers.</summary>
internal static class LogSpace
{
    /// <summary><c>log(e^a + e^b)</c> for finite or −inf arguments (both −inf gives −inf, never NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AddExp<T>(T a, T b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (a < b)
        {
            (a, b) = (b, a);
        }

        return b == T.NegativeInfinity ? a : a + T.LogP1(T.Exp(b - a));
    }
}
