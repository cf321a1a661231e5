namespace PairwiseLoss;

/// <summary>How a batched graded or ordered loss combines its rows (lists). A row without a valid pair is never counted.</summary>
public enum LossReduction
{
    /// <summary><c>Σ_r w_r L_r / (number of counted rows)</c>, <c>w_r</c> the row weights (1 without them).</summary>
    Mean = 0,

    /// <summary><c>Σ_r w_r L_r / Σ_r w_r</c> over the counted rows (TF-Ranking's weighted mean over lists).</summary>
    WeightedMean = 1,

    /// <summary><c>Σ_r w_r L_r</c>.</summary>
    Sum = 2,
}
