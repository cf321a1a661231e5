namespace PairwiseLoss;

/// <summary>
/// The function ℓ applied to each pair's logit z = γ·(l − r + m) when every pair is a term of its own
/// (<see cref="LossTerms.PerPair"/>): <c>L = Σ_c w_c·ℓ(z_c)</c>.
/// </summary>
public enum PairShape
{
    /// <summary><c>log(1 + e^z)</c>: the logistic (softplus) loss, sigmoid binary cross-entropy, RankNet.</summary>
    Logistic = 0,

    /// <summary><c>max(0, z)</c>: the hinge, as in PyTorch's <c>MultiLabelMarginLoss</c> and TF-Ranking's pairwise hinge loss.</summary>
    Hinge = 1,

    /// <summary><c>max(0, z)²</c>: the squared hinge (PyTorch's <c>MultiMarginLoss</c> with p = 2).</summary>
    SquaredHinge = 2,

    /// <summary><c>1 / (1 + e^{−z})</c>: the sigmoid, a smooth count of violated pairs (TF-Ranking's soft zero-one loss).</summary>
    Sigmoid = 3,
}
