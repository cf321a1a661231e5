using Xunit;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>+inf inputs take the right limit: against an empty side they drop out, otherwise the loss is +inf.</summary>
public class InfinityLimitTests
{
    [Fact]
    public void PositiveInfinityAgainstAnAbsentPartnerDropsOut()
    {
        var gradient = new double[2];
        var loss = Losses.UnifiedPairwise(new[] { double.PositiveInfinity, double.NegativeInfinity }, new[] { false, true }, 1.0, 0.0, gradient);
        Assert.Equal(0.0, loss);
        Assert.Equal(new[] { 0.0, 0.0 }, gradient);
    }

    [Fact]
    public void PositiveInfinityOnTheLeftGivesAnInfiniteLossAndAFiniteGradient()
    {
        var gradient = new double[3];
        var loss = Losses.MultiLabelCrossEntropy(new[] { double.PositiveInfinity, 1, 2 }, new[] { false, true, true }, gradient);
        Assert.Equal(double.PositiveInfinity, loss);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        Assert.Equal(1.0, gradient[0], 12); // the overflowing negative takes the whole softmax weight
    }
}
