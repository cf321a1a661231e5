namespace PairwiseLoss;

/// <summary>
/// A weight on every graded pair (i below j, <c>g_i &lt; g_j</c>), set by the grades and held constant in the backward pass.
/// Gains are <c>G = 2^g − 1</c>; the NDCG weights use the ranks of the current scores.
/// </summary>
public enum PairWeighting
{
    /// <summary><c>w = 1</c>.</summary>
    None = 0,

    /// <summary><c>w = 2^{g_j} − 1</c>, the gain of the higher item. It factors, so one log-term stays O(n log n).</summary>
    HigherGain = 1,

    /// <summary><c>w = g_j − g_i</c>, the label difference (one term per pair).</summary>
    LabelDifference = 2,

    /// <summary><c>w = (g_j − g_i)²</c> (one term per pair).</summary>
    SquaredLabelDifference = 3,

    /// <summary><c>w = G_j − G_i</c>, the gain difference (one term per pair).</summary>
    GainDifference = 4,

    /// <summary>
    /// <c>w = |ΔNDCG_ij|</c>, the change of NDCG when i and j swap ranks: NDCG-LambdaRank (Burges 2010; Wang et al., "The LambdaLoss
    /// Framework for Ranking Metric Optimization", CIKM 2018), with the logistic pair term; <see cref="PairwiseLossAttribute.TopN"/>
    /// limits it to NDCG@k.
    /// </summary>
    NdcgLambdaRank = 5,

    /// <summary>LambdaLoss's NDCG-Loss2 weights (Wang et al. 2018, eq. 12), with the logistic pair term.</summary>
    NdcgLoss2 = 6,

    /// <summary>LambdaLoss's NDCG-Loss2++ weights, <c>μ·NdcgLoss2 + NdcgLambdaRank</c> (Wang et al. 2018, eq. 13; μ is <see cref="PairwiseLossAttribute.LambdaMu"/>).</summary>
    NdcgLoss2PlusPlus = 7,
}
