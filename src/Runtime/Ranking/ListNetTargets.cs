namespace PairwiseLoss.Ranking;

/// <summary>How <see cref="SoftmaxTargets.ListNet{T}(System.ReadOnlySpan{T}, System.ReadOnlySpan{T}, ListNetTargets, System.Span{T})"/> turns grades into a target distribution.</summary>
public enum ListNetTargets
{
    /// <summary><c>y = g / Σ g</c> (TF-Ranking's <c>softmax_loss</c> per list).</summary>
    Normalised,

    /// <summary><c>y = softmax(g)</c> over the valid items (allRank's <c>listNet</c>; Cao et al. 2007's top-one probability of the grades).</summary>
    Softmax,
}
