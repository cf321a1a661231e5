namespace PairwiseLoss.Ranking;

/// <summary>How a batched ranking loss combines its rows (lists). Rows without a valid pair (or target) are never counted.</summary>
public enum RankingReduction
{
    /// <summary><c>Σ_r L_r / (number of counted rows)</c>; per-row weights, if given, multiply each row's loss (<c>Σ w_r L_r / counted</c>).</summary>
    Mean,

    /// <summary><c>Σ_r w_r L_r / Σ_{counted r} w_r</c> (TF-Ranking's weighted mean over lists); without row weights, as <see cref="Mean"/>.</summary>
    WeightedMean,

    /// <summary><c>Σ_r w_r L_r</c> (w_r = 1 without row weights).</summary>
    Sum,
}
