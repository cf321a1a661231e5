using System;
using PairwiseLoss;

namespace QuickStart;

public static partial class MyLosses
{
    /// <summary>A ranking: score 0 should be highest, then 1, then 2; score 3 below 0 by a wider margin.</summary>
    [PairwiseLoss(Gamma = 2, Margin = 0.1)]
    [Want("s2 < s1 < s0")]
    [Want("s3 < s0", Margin = 0.5, Weight = 2)]
    public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);

    /// <summary>Multi-label categorical cross-entropy (ZLPR): negatives below 0, positives above.</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial float MultiLabel(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

    /// <summary>The prediction MultiLabel implies: every class whose score is above the threshold 0 it learns.</summary>
    [DecisionRule(nameof(MultiLabel))]
    public static partial void PredictLabels(ReadOnlySpan<float> s, Span<bool> labels);

    /// <summary>Softmax cross-entropy as one pairwise wish.</summary>
    [PairwiseLoss]
    [Want("others < target")]
    public static partial double Softmax(ReadOnlySpan<double> s, int target, Span<double> grad);

    /// <summary>The prediction Softmax implies: the class with the largest score.</summary>
    [DecisionRule(nameof(Softmax))]
    public static partial int PredictClass(ReadOnlySpan<double> s);

    /// <summary>ListMLE: the items were shown best first; each item above every later one, one log-term per item.</summary>
    [PairwiseLoss(Terms = LossTerms.PerItem)]
    [Want("s[j] < s[i] where i < j")]
    public static partial float ListMle(ReadOnlySpan<float> s, Span<float> grad);

    /// <summary>The prediction a ranking implies: the items by descending score.</summary>
    [DecisionRule(nameof(ListMle))]
    public static partial void Order(ReadOnlySpan<float> s, Span<int> order);
}
