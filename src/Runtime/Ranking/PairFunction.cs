namespace PairwiseLoss.Ranking;

/// <summary>The per-pair function ℓ(x) of <see cref="GradedPairLoss"/>, x = γ(s_i − s_j + m) for the pair g_i &lt; g_j.</summary>
public enum PairFunction
{
    /// <summary><c>ℓ(x) = log(1 + e^x)</c> (RankNet; TF-Ranking's pairwise logistic loss), ℓ' = σ(x).</summary>
    Logistic,

    /// <summary><c>ℓ(x) = max(0, x)</c> (TF-Ranking's pairwise hinge loss with m = 1), subgradient 0 at x = 0.</summary>
    Hinge,

    /// <summary><c>ℓ(x) = max(0, x)²</c>, ℓ' = 2·max(0, x).</summary>
    SquaredHinge,

    /// <summary><c>ℓ(x) = σ(x) = 1/(1 + e^{−x})</c> (TF-Ranking's pairwise soft zero-one loss), ℓ' = σ(x)(1 − σ(x)).</summary>
    Sigmoid,
}
