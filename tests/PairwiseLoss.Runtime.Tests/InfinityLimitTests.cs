using System;
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

    /// <summary>
    /// Two blocks with +∞ logits (neg &lt; 0 and neg &lt; pos, both through the +∞ negative) used to share the gradient
    /// equally (pos got −0.37, −0.13). The limit as s₀ → ∞: L = log(1 + e^{s₀}) + log(1 + B), B = e^{−1} + e^{−2}, so
    /// ∂L/∂s_j → −e^{−s_j}/(1 + B) for the positives (−0.2447, −0.0900) and ∂L/∂s₀ → 1. Checked against s₀ = 1e4,
    /// where the remaining error is e^{−1e4}.
    /// </summary>
    [Fact]
    public void TwoInfiniteBlocksTakeTheLimitOfTheGradient()
    {
        var labels = new[] { false, true, true };
        var gradient = new double[3];
        var loss = Losses.MultiLabelCrossEntropy(new[] { double.PositiveInfinity, 1, 2 }, labels, gradient);
        Assert.Equal(double.PositiveInfinity, loss);
        var b = Math.Exp(-1) + Math.Exp(-2);
        Assert.Equal(1.0, gradient[0], 12);
        Assert.Equal(-Math.Exp(-1) / (1 + b), gradient[1], 12);
        Assert.Equal(-Math.Exp(-2) / (1 + b), gradient[2], 12);

        var large = new double[3];
        Losses.MultiLabelCrossEntropy(new[] { 1e4, 1, 2 }, labels, large);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(large[i], gradient[i], 12);
        }

        var single = new float[3];
        Assert.Equal(float.PositiveInfinity, Losses.MultiLabelCrossEntropy(new[] { float.PositiveInfinity, 1f, 2f }, labels, single));
        Assert.Equal((float)(-Math.Exp(-1) / (1 + b)), single[1], 6);
    }

    /// <summary>The grouped batch path (rows combined across a group) takes the same limit; a batch is the mean over rows.</summary>
    [Fact]
    public void TwoInfiniteBlocksTakeTheLimitInABatch()
    {
        var scores = new[] { double.PositiveInfinity, 1, 2, 0.5, -0.5, 1.5 };
        var labels = new[] { false, true, true, true, false, true };
        var gradient = new double[6];
        Assert.Equal(double.PositiveInfinity, Losses.MultiLabelCrossEntropyBatch(scores, labels, 3, gradient));
        var large = new double[6];
        Losses.MultiLabelCrossEntropyBatch(new[] { 1e4, 1, 2, 0.5, -0.5, 1.5 }, labels, 3, large);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(large[i], gradient[i], 12);
        }

        var b = Math.Exp(-1) + Math.Exp(-2);
        Assert.Equal(-Math.Exp(-1) / (1 + b) / 2, gradient[1], 12);
    }

    /// <summary>
    /// With several +∞ scores the two-variable limit does not exist (it depends on how fast each grows); the kernels take
    /// the limit along equal rates: every +∞ score is the same t → ∞. Here two +∞ negatives: the same as both at 1e4.
    /// </summary>
    [Fact]
    public void SeveralInfiniteScoresTakeTheEqualRateLimit()
    {
        var labels = new[] { false, false, true, false };
        var gradient = new double[4];
        Losses.ThresholdCrossEntropy(new[] { double.PositiveInfinity, double.PositiveInfinity, -0.3, 0.2 }, labels, gradient);
        var large = new double[4];
        Losses.ThresholdCrossEntropy(new[] { 1e4, 1e4, -0.3, 0.2 }, labels, large);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(large[i], gradient[i], 12);
        }

        var unified = new double[4];
        Losses.UnifiedPairwise(new[] { double.PositiveInfinity, double.PositiveInfinity, -0.3, 0.2 }, labels, 2.0, 0.1, unified);
        var unifiedLarge = new double[4];
        Losses.UnifiedPairwise(new[] { 1e4, 1e4, -0.3, 0.2 }, labels, 2.0, 0.1, unifiedLarge);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(unifiedLarge[i], unified[i], 12);
        }
    }

    /// <summary>
    /// Found by the runtime property tests: with soft labels the sides are recomputed in the backward pass
    /// (<c>SetKernels.AddSoftmaxGradient</c>), which gave every +∞ member the whole coefficient (gradient 1 each for two
    /// +∞ negatives, where the softmax of the side must sum to 1) and ignored the weights. The equal-rate limit shares by
    /// weight: negatives of weight 1 − t = 1 and 0.674 get 1/1.674 and 0.674/1.674, the same as both scores at 1e4.
    /// </summary>
    [Fact]
    public void InfiniteMembersOfASoftLabelledSideShareByWeight()
    {
        var labels = new[] { 0.0, 0.3256634419518198 };
        var gradient = new double[2];
        Losses.MultiLabelCrossEntropy(new[] { double.PositiveInfinity, double.PositiveInfinity }, labels, gradient);
        var w = 1 - labels[1];
        Assert.Equal(1 / (1 + w), gradient[0], 12);
        Assert.Equal(w / (1 + w), gradient[1], 12);
        var large = new double[2];
        Losses.MultiLabelCrossEntropy(new[] { 1e4, 1e4 }, labels, large);
        Assert.Equal(large[0], gradient[0], 10); // at 1e4 the shares carry the rounding of 1e4 (2e-12)
        Assert.Equal(large[1], gradient[1], 10);
    }
}
