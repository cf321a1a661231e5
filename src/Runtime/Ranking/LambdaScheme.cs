namespace PairwiseLoss.Ranking;

/// <summary>
/// Pair weights of <see cref="LambdaLoss"/>, after allRank's <c>lambdaLoss</c> weighing schemes
/// (allegro/allRank, allrank/models/losses/lambdaLoss.py) and Wang et al., "The LambdaLoss Framework for Ranking Metric
/// Optimization", CIKM 2018. G_i = (2^{g_i} − 1)/maxDCG, D(r) = log2(1 + r), r the 1-based rank under the current scores.
/// </summary>
public enum LambdaScheme
{
    /// <summary><c>w = 1</c>: RankNet (allRank's <c>rankNet_scheme</c>).</summary>
    RankNet,

    /// <summary>
    /// <c>w = |G_i − G_j|·|1/D(r_i) − 1/D(r_j)|</c> = |ΔNDCG_ij|: LambdaRank's weight (allRank's <c>lambdaRank_scheme</c>; TF-Ranking's
    /// <c>NDCGLambdaWeight</c> without topn, which also normalises by maxDCG).
    /// </summary>
    NdcgLambdaRank,

    /// <summary><c>w = |G_i − G_j|·|1/D(|r_i − r_j|) − 1/D(|r_i − r_j| + 1)|</c>: NDCG-Loss2 (allRank's <c>ndcgLoss2_scheme</c>, paper eq. 12).</summary>
    NdcgLoss2,

    /// <summary><c>w = μ·NdcgLoss2 + NdcgLambdaRank</c>: NDCG-Loss2++ (allRank's <c>ndcgLoss2PP_scheme</c>, paper eq. 13).</summary>
    NdcgLoss2PlusPlus,

    /// <summary>
    /// TF-Ranking's <c>NDCGLambdaWeight(topn = k)</c>: <c>w = |G_i − G_j|·|d_k(r_i) − d_k(r_j)|</c> with <c>d_k(r) = 1/D(r)</c> for r ≤ k and 0
    /// beyond, over the pairs with at least one rank ≤ k (allRank's k instead keeps the pairs with both ranks ≤ k). Without k, as
    /// <see cref="NdcgLambdaRank"/>.
    /// </summary>
    NdcgLambdaRankTopN,
}
