using System;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Declarations;

/// <summary>PyTorch's margin losses, declared with pair shapes as a user porting them would.</summary>
public static partial class PortedLosses
{
    /// <summary>
    /// PyTorch <c>MultiLabelMarginLoss</c> (https://pytorch.org/docs/stable/generated/torch.nn.MultiLabelMarginLoss.html):
    /// Σ_{j∈pos} Σ_{i∈neg} max(0, 1 − (x_j − x_i)) / C. Declared it is the sum; divide by the number of classes C.
    /// </summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial double MultiLabelMargin(ReadOnlySpan<double> x, ReadOnlySpan<bool> labels, Span<double> gradient);

    /// <summary>
    /// PyTorch <c>MultiMarginLoss</c> (https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html), p = 1:
    /// Σ_{i≠y} max(0, margin − x_y + x_i)^p / C. Declared it is the sum; divide by C.
    /// </summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("others < target")]
    public static partial double MultiMargin(ReadOnlySpan<double> x, int target, Span<double> gradient);

    /// <summary><c>MultiMarginLoss</c> with p = 2 and margin 0.5: the squared hinge.</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.SquaredHinge, Margin = 0.5)]
    [Want("others < target")]
    public static partial float MultiMarginSquared(ReadOnlySpan<float> x, int target, Span<float> gradient);
}

/// <summary>The ported losses reproduce the values PyTorch's documentation prints for its own examples.</summary>
public sealed class PeerPublishedValueTests
{
    private static readonly double[] X = { 0.1, 0.2, 0.4, 0.8 };

    [Fact]
    public void MultiLabelMarginLoss_documentation_example_is_0_85()
    {
        // y = [3, 0, −1, 1]: the targets are classes 3 and 0 (the list ends at −1).
        var gradient = new double[4];
        var loss = PortedLosses.MultiLabelMargin(X, new[] { true, false, false, true }, gradient) / X.Length;
        Assert.Equal(0.85, loss, 12);

        // The gradient of the sum: +1 for each violated pair where x_i is the negative, −1 where it is the positive.
        Assert.Equal(new[] { -2.0, 2, 2, -2 }, gradient);
    }

    [Fact]
    public void MultiMarginLoss_documentation_example_is_0_325()
    {
        // y = 3: 0.25·((1 − (0.8 − 0.1)) + (1 − (0.8 − 0.2)) + (1 − (0.8 − 0.4))) = 0.325.
        var gradient = new double[4];
        Assert.Equal(0.325, PortedLosses.MultiMargin(X, 3, gradient) / X.Length, 12);
        Assert.Equal(new[] { 1.0, 1, 1, -3 }, gradient);
    }

    [Fact]
    public void MultiMarginLoss_with_p_2_and_margin_0_5_squares_each_violation()
    {
        // y = 3, margin 0.5: only 0.5 − (0.8 − 0.4) = 0.1 is violated; 0.1² / 4 = 0.0025.
        var gradient = new float[4];
        Assert.Equal(0.0025, PortedLosses.MultiMarginSquared(Array.ConvertAll(X, v => (float)v), 3, gradient) / X.Length, 6);
        Assert.Equal(new[] { 0f, 0f, 0.2f, -0.2f }, gradient, (a, b) => Math.Abs(a - b) < 1e-6);
    }
}
