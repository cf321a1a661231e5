using PairwiseLoss;

namespace PackageConsumer;

// Losses declared in this project: the generator inside the PairwiseLoss package writes their bodies.
public static partial class MyLosses
{
    /// <summary>Item 0 should score above item 1, which should score above item 2, with a margin.</summary>
    [PairwiseLoss(Gamma = 4, Margin = 0.25)]
    [Want("s2 < s1 < s0")]
    public static partial float Ranking(ReadOnlySpan<float> s, Span<float> grad);

    /// <summary>Multi-label cross-entropy with threshold 0 (ZLPR), soft labels in [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial double MultiLabel(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> grad);
}
