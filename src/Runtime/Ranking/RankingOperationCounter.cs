using System;
using System.ComponentModel;

namespace PairwiseLoss.Ranking;

/// <summary>
/// Counts the exponentials the ranking kernels of this thread evaluated (added once per call, not per exp, so the
/// cost is nil). Lets tests check the cost structurally (O(n) for the factored losses, O(n²) for per-pair ones)
/// instead of timing it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RankingOperationCounter
{
    [ThreadStatic]
    private static long s_exponentials;

    /// <summary>Exponentials (and logs of one plus an exponential) evaluated on this thread since the last <see cref="Reset"/>.</summary>
    public static long Exponentials => s_exponentials;

    /// <summary>Sets the count of this thread to 0.</summary>
    public static void Reset() => s_exponentials = 0;

    internal static void Add(long count) => s_exponentials += count;
}
