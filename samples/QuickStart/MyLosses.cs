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

    /// <summary>Softmax cross-entropy as one pairwise wish.</summary>
    [PairwiseLoss]
    [Want("others < target")]
    public static partial double Softmax(ReadOnlySpan<double> s, int target, Span<double> grad);
}
