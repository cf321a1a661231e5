namespace PairwiseLoss.Ranking;

/// <summary>
/// How a batched ranking loss combines its rows (lists). Rows without a valid pair (or target) are never counted. A row
/// of weight 0 contributes nothing to the loss or the gradient, even a row holding a NaN score (its gradient is 0).
/// </summary>
public enum RankingReduction
{
    /// <summary><c>Σ_r L_r / (number of counted rows)</c>; per-row weights, if given, multiply each row's loss (<c>Σ w_r L_r / counted</c>).</summary>
    Mean,

    /// <summary><c>Σ_r w_r L_r / Σ_{counted r} w_r</c> (TF-Ranking's weighted mean over lists); without row weights, as <see cref="Mean"/>.</summary>
    WeightedMean,

    /// <summary><c>Σ_r w_r L_r</c> (w_r = 1 without row weights).</summary>
    Sum,
}
