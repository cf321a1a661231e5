using System;
using PairwiseLoss;

namespace LearningToRank;

/// <summary>
/// The four losses of the comparison, declared: each is "every lower-graded item below every higher-graded one" (or, for
/// ListNet, the softmax with the grades' top-one distribution as its target), batched over lists of <c>items</c> and
/// averaged over the lists that have a pair. The generator writes each body as one call of a PairwiseLoss.Ranking kernel.
/// </summary>
public static partial class RankingLosses
{
    /// <summary>RankNet: Σ_{g_i &lt; g_j} log(1 + e^{s_i − s_j}), one term per pair.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair)]
    [Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial float RankNet(ReadOnlySpan<float> s, ReadOnlySpan<int> g, int items, Span<float> grad);

    /// <summary>The graded pairs in one log-term: log(1 + Σ_{g_i &lt; g_j} e^{s_i − s_j}), O(n log n).</summary>
    [PairwiseLoss(Batched = true)]
    [Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial float OneTerm(ReadOnlySpan<float> s, ReadOnlySpan<int> g, int items, Span<float> grad);

    /// <summary>LambdaLoss with NDCG-LambdaRank weights |ΔNDCG_ij|, held constant in the backward pass.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, PairWeight = PairWeighting.NdcgLambdaRank)]
    [Want("s[i] < s[j] where g[i] < g[j]")]
    public static partial float LambdaRank(ReadOnlySpan<float> s, ReadOnlySpan<int> g, int items, Span<float> grad);

    /// <summary>ListNet: the softmax cross-entropy against the target distribution y (per list y = g / Σ g).</summary>
    [PairwiseLoss(Batched = true)]
    [Want("others < target")]
    public static partial float ListNet(ReadOnlySpan<float> s, ReadOnlySpan<float> y, int items, Span<float> grad);

    /// <summary>The prediction every one of them implies: each list's items by descending score.</summary>
    [DecisionRule(nameof(RankNet))]
    public static partial void Order(ReadOnlySpan<float> s, int items, Span<int> order);
}
