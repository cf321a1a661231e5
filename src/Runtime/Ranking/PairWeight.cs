namespace PairwiseLoss.Ranking;

/// <summary>Per-pair weights of <see cref="GradedPairLoss"/>, for the pair (i, j) with <c>g_i &lt; g_j</c>.</summary>
public enum PairWeight
{
    /// <summary><c>w = 1</c> (RankNet, TF-Ranking's pairwise losses without a lambda weight).</summary>
    One,

    /// <summary><c>w = g_j − g_i</c>, the label difference.</summary>
    LabelDifference,

    /// <summary><c>w = (g_j − g_i)²</c>.</summary>
    SquaredLabelDifference,

    /// <summary><c>w = (2^{g_j} − 1) − (2^{g_i} − 1)</c>, the gain difference.</summary>
    GainDifference,
}
