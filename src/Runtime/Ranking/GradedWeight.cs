namespace PairwiseLoss.Ranking;

/// <summary>Pair weights <c>w(g_i, g_j) = a(g_i)·b(g_j)</c> that factor, so a graded one-log-term loss stays O(n log n).</summary>
public enum GradedWeight
{
    /// <summary><c>w = 1</c> for every pair with <c>g_i &lt; g_j</c>.</summary>
    One,

    /// <summary><c>w = 2^{g_j} − 1</c>: the gain of the higher item (a = 1, b = gain).</summary>
    HigherGain,
}
