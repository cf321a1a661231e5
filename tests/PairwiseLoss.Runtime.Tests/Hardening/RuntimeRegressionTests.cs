using System;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>Bugs found from outside in the hand-written runtime APIs by outside checks, one named test each.</summary>
public sealed class RuntimeRegressionTests
{
    /// <summary>
    /// <c>CircleLoss.Pairs</c> gave NaN for finite float similarities of 1e29 and more: its own log-sum-exp computed
    /// <c>e^{ℓ − max}</c> with ℓ = max = +∞ (the logit γ·α·s overflows). The generated <c>Losses.CircleLoss</c> gave
    /// the limit: loss +∞ and the finite gradient ±γ·α of the overflowing element. Now both run the same kernels.
    /// </summary>
    [Fact]
    public void CirclePairsGivesTheLimitForHugeFiniteSimilarities()
    {
        var sp = new[] { -1e29f };
        var sn = new[] { 0.5f };
        var (gp, gn) = (new float[1], new float[1]);
        var loss = CircleLoss.Pairs<float>(sp, sn, 256f, 0.25f, gp, gn);
        var (ep, en) = (new float[1], new float[1]);
        var expected = Losses.CircleLoss(sp, sn, 256f, 0.25f, ep, en);
        Assert.Equal(float.PositiveInfinity, expected);
        Assert.Equal(expected, loss);
        Assert.Equal(-256f * (1.25f + 1e29f), gp[0]); // −γ·α_p, α_p = 1 + m − s_p: the overflowing positive takes the whole weight
        Assert.Equal(ep[0], gp[0]);
        Assert.Equal(en[0], gn[0]);
        Assert.Equal(256f * 0.75f, gn[0]); // the negative is its side's whole softmax: σ·γ·α_n with σ = 1

        var negative = CircleLoss.Pairs<float>(new[] { 0.5f }, new[] { 1e29f }, 256f, 0.25f, gp, gn);
        Assert.Equal(float.PositiveInfinity, negative);
        Assert.Equal(256f * (1e29f + 0.25f), gn[0]); // γ·α_n
        Assert.Equal(-256f * 0.75f, gp[0]);
    }

    /// <summary>
    /// With one side empty the anchor has no pair, so its loss and gradient are exactly 0 (as documented). When the
    /// other side's logit overflowed, <c>CircleLoss.Pairs</c> added −∞ + ∞ and returned NaN for loss and gradient.
    /// </summary>
    [Fact]
    public void CirclePairsWithAnEmptySideIsZeroEvenWhenTheOtherSideOverflows()
    {
        var gp = new float[1];
        Assert.Equal(0f, CircleLoss.Pairs<float>(new[] { -1e20f }, Array.Empty<float>(), 256f, 0.25f, gp, Span<float>.Empty));
        Assert.Equal(0f, gp[0]);
        Assert.Equal(0f, CircleLoss.Pairs<float>(new[] { -1e20f }, Array.Empty<float>(), 256f, 0.25f));

        var gn = new float[1];
        Assert.Equal(0f, CircleLoss.Pairs<float>(Array.Empty<float>(), new[] { 1e20f }, 256f, 0.25f, Span<float>.Empty, gn));
        Assert.Equal(0f, gn[0]);
        Assert.Equal(0f, CircleLoss.Pairs<float>(Array.Empty<float>(), new[] { 1e20f }, 256f, 0.25f));

        var masked = new float[2];
        Assert.Equal(0f, CircleLoss.Pairs<float>(new[] { -1e20f }, new[] { float.NegativeInfinity, float.NegativeInfinity }, 256f, 0.25f, gp, masked));
        Assert.Equal(0f, gp[0]);
        Assert.Equal(new[] { 0f, 0f }, masked);

        // double overflows at 1e154·γ·α: the same promise.
        var gd = new double[1];
        Assert.Equal(0.0, CircleLoss.Pairs<double>(new[] { -1e160 }, Array.Empty<double>(), 256, 0.25, gd, Span<double>.Empty));
        Assert.Equal(0.0, gd[0]);
    }

    /// <summary>
    /// Found by <see cref="RuntimePropertyTests"/>: at a score spread beyond about 1e16 the inclusion probabilities lost the
    /// smaller classes (log Z and each class's log-sum both rounded to 1e29 + O(1) = 1e29, so every P(i) came out 1).
    /// The log-space values now carry a low part (a double-double), and the shift by the maximum keeps its rounding
    /// error: P = (0.30, 0.70, 1), class 2 always in, the other slot a softmax over the rest.
    /// </summary>
    [Fact]
    public void TopKInclusionProbabilitiesAtAHugeSpread()
    {
        var p = new double[3];
        TopKSoftmax.InclusionProbabilities<double>(new[] { 0.031746031746031744, 0.8602158036326566, 1e29 }, 2, p);
        var other = 1 / (1 + Math.Exp(0.8602158036326566 - 0.031746031746031744));
        Assert.Equal(other, p[0], 12);
        Assert.Equal(1 - other, p[1], 12);
        Assert.Equal(1.0, p[2], 12);
    }

    /// <summary>
    /// Found by the properties: <c>PairSimilarities.Normalize</c> multiplied by 1/max|e|, which overflows for a
    /// subnormal float maximum (9.5e-41), so the unit row, every similarity and <c>CircleLoss.Batch</c> became NaN.
    /// </summary>
    [Fact]
    public void ASubnormalEmbeddingHasAFiniteUnitRow()
    {
        var e = new[] { -1.2030187f, 0f, 9.474e-41f, 0f, -1f, 0.25f };
        var labels = new[] { 0, 1, 1 };
        var grad = new float[e.Length];
        var loss = CircleLoss.Batch<float>(e, labels, 193.37f, 0.002383f, grad);
        Assert.True(float.IsFinite(loss), $"loss {loss}");
        Assert.All(grad, g => Assert.True(float.IsFinite(g)));
        var (p, n) = PairSimilarities.Count(labels);
        var (sp, sn) = (new float[p], new float[n]);
        PairSimilarities.Forward<float>(e, labels, sp, sn, new float[e.Length], new float[3]);
        // ‖(9.5e-41, 0)‖ is below ε = 1e-12, so its unit row is e/ε ≈ (9.5e-29, 0), as F.normalize: a tiny, finite cosine.
        Assert.True(float.IsFinite(sp[0]) && Math.Abs(sp[0]) < 1e-27f, $"cosine {sp[0]}");
    }

    /// <summary>
    /// Found by the properties: a per-class logit that overflows to +∞ in float (γ·(s̄ − s + m) with s = −3.4e38) made
    /// the class's share <c>e^{∞ − ∞}</c>, a NaN gradient for the whole row. Now the +∞ terms of a class share it (the
    /// limit): the loss is +∞ and the gradient finite.
    /// </summary>
    [Fact]
    public void AClassTermThatOverflowsGivesAFiniteGradient()
    {
        var gradient = new float[2];
        var loss = Losses.TasksOfClassesMeanLoss(new[] { -3.4028235e38f, 0f }, new[] { 0.4016743f, 1f }, 2, 90.13809f, 0f, gradient);
        Assert.Equal(float.PositiveInfinity, loss);
        Assert.All(gradient, g => Assert.True(float.IsFinite(g), $"gradient {g}"));
        Assert.Equal(-90.13809f * 0.5f, gradient[0], 3); // p = 1 for the overflowing term: γ(p/2 − p) at s_0, γ·p/2 at s_1
        Assert.Equal(90.13809f * 0.5f, gradient[1], 3);

        var others = Losses.TasksOfClassesLoss(new[] { -3.4028235e38f, 3.4028235e38f }, new[] { true, false }, 2, 2f, 0f, gradient);
        Assert.Equal(float.PositiveInfinity, others);
        Assert.All(gradient, g => Assert.False(float.IsNaN(g), $"gradient {g}"));
    }

    /// <summary>
    /// Found by the properties in the generated <c>Losses.CircleLoss</c> and the kernel both losses share: with one side
    /// empty the block's p is 0, but the other side's slope γ·α overflowed (similarity 1.8e308), so 0·∞ gave a NaN gradient.
    /// </summary>
    [Fact]
    public void AnEmptyCircleBlockHasZeroGradientEvenWhereTheSlopeOverflows()
    {
        var gn = new double[1];
        Assert.Equal(0.0, Losses.CircleLoss(Array.Empty<double>(), new[] { double.MaxValue }, 80, -0.3, Span<double>.Empty, gn));
        Assert.Equal(0.0, gn[0]);
        Assert.Equal(0.0, CircleLoss.Pairs<double>(Array.Empty<double>(), new[] { double.MaxValue }, 80, -0.3, Span<double>.Empty, gn));
        Assert.Equal(0.0, gn[0]);
        var gf = new float[1];
        Assert.Equal(0f, Losses.CircleLoss(new[] { float.NegativeInfinity }, new[] { float.MaxValue }, 73.5f, 0.37f, new float[1], gf));
        Assert.Equal(0f, gf[0]);
    }

    /// <summary>
    /// A +∞ positive similarity gave NaN (α_p = 0 times s_p − 1 + m = +∞). Its limit: α_p is 0 beyond 1 + m, so its
    /// logit is 0 and its gradient 0; the loss is that of the other terms.
    /// </summary>
    [Fact]
    public void CirclePairsWithAPositiveOfPlusInfinityTakesTheLimit()
    {
        var (gamma, m) = (4.0, 0.25);
        var (gp, gn) = (new double[2], new double[1]);
        var loss = CircleLoss.Pairs<double>(new[] { double.PositiveInfinity, 0.5 }, new[] { 0.2 }, gamma, m, gp, gn);
        var zn = gamma * (0.2 + m) * (0.2 - m);
        var zp = -gamma * (1 + m - 0.5) * (0.5 - (1 - m));
        var expected = Math.Log(1 + Math.Exp(zn) + Math.Exp(zn + zp));
        Assert.Equal(expected, loss, 14);
        Assert.Equal(0.0, gp[0]);
        Assert.Equal(expected, Losses.CircleLoss(new[] { double.PositiveInfinity, 0.5 }, new[] { 0.2 }, gamma, m, gp, gn), 14);
        Assert.Equal(0.0, gp[0]);
    }

    /// <summary>
    /// Float embeddings near float.MaxValue: the norm overflowed to +∞ and every cosine came out 0. The direction is
    /// computed from the row scaled by its largest component, so it stays exact.
    /// </summary>
    [Fact]
    public void CosinesOfEmbeddingsNearFloatMaxValueAreExact()
    {
        var e = new[] { 3e38f, 3e38f, 3e38f, -3e38f, 3e38f, 3e38f };
        var labels = new[] { 0, 1, 0 };
        var (p, n) = PairSimilarities.Count(labels);
        var (positives, negatives) = (new float[p], new float[n]);
        var (unit, norms) = (new float[6], new float[3]);
        PairSimilarities.Forward<float>(e, labels, positives, negatives, unit, norms);
        Assert.All(positives, c => Assert.Equal(1f, c, 6));
        Assert.All(negatives, c => Assert.Equal(0f, c, 6));
        Assert.Equal(1f, (unit[0] * unit[0]) + (unit[1] * unit[1]), 6);

        // A +∞ component: the limit is the unit vector along it.
        PairSimilarities.Forward<float>(new[] { float.PositiveInfinity, 1f, 1f, 0f, 2f, 0f }, labels, positives, negatives, unit, norms);
        Assert.Equal(new[] { 1f, 0f }, unit[..2]);
        Assert.All(positives, c => Assert.Equal(1f, c, 6));
    }

    /// <summary>
    /// A float row near float.MaxValue: its mean overflowed to +∞ (the sum did), so eq. loss-3 was +∞ for finite scores.
    /// The mean is summed at a power-of-two scale: finite, and the loss that of the double computation.
    /// </summary>
    [Fact]
    public void TheRowMeanOfFloatScoresNearMaxValueIsFinite()
    {
        var scores = new[] { 3e38f, 3e38f, 2e38f };
        var labels = new[] { false, true, false };
        var gradient = new float[3];
        var loss = ClassTerms.MeanBelowPositive<float>(scores, labels, 3, 1e-38f, 0f, gradient);
        var mean = (3e38 + 3e38 + 2e38) / 3;
        var expected = Math.Log(1 + Math.Exp((double)1e-38f * (mean - 3e38)));
        Assert.True(float.IsFinite(loss));
        Assert.True(Math.Abs(expected - loss) < 1e-6, $"{loss} vs {expected}");
        Assert.Equal(loss, Losses.TasksOfClassesMeanLoss(scores, labels, 3, 1e-38f, 0f, gradient));
    }

    /// <summary>An empty side with a run-time γ·m that overflows (γ = m = 1e200) gave NaN: −∞ + ∞. It is exactly 0.</summary>
    [Fact]
    public void AnEmptySideIsZeroWhateverGammaTimesMargin()
    {
        var gradient = new double[3];
        Assert.Equal(0.0, Losses.UnifiedPairwise(new[] { 0.1, 0.2, 0.3 }, new[] { false, false, false }, 1e200, 1e200, gradient));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    /// <summary>
    /// Two items, the lower one at +∞: the loss diverges and the gradient takes its limit ±γ (it was NaN); Circle over
    /// grades with a +∞ negative is +∞, not 0.
    /// </summary>
    [Fact]
    public void GradedLossesWithAPositiveInfiniteScoreTakeTheLimit()
    {
        var gradient = new double[2];
        Assert.Equal(double.PositiveInfinity, GradedLogTerm.Loss<double>(new[] { double.PositiveInfinity, 0.0 }, new double[] { 0, 1 }, 2, 0, GradedWeight.One, gradient));
        Assert.Equal(new[] { 2.0, -2.0 }, gradient);

        Assert.Equal(double.PositiveInfinity, GradedCircleLoss.Loss<double>(new[] { double.PositiveInfinity, 0.5 }, new double[] { 0, 1 }, 1, 0.25, false, gradient));
        Assert.Equal(-0.75, gradient[1]); // −γ·α_p, α_p = 1 + m − s_p

        // Two +∞ items of different grades: their difference is 0, so the pair is finite.
        var softplus = Math.Log(1 + Math.Exp(1.0));
        Assert.Equal(softplus, GradedPairLoss.Loss<double>(new[] { double.PositiveInfinity, double.PositiveInfinity }, new double[] { 0, 1 }, PairFunction.Logistic, PairWeight.One, 1, 1, gradient), 14);
    }

    /// <summary>A double row of ±1e308 (γ·s overflowed to −∞) was dropped from the batch mean as if it had no pairs.</summary>
    [Fact]
    public void ARowWhosePairTermsUnderflowStillCounts()
    {
        var gradient = new double[4];
        var loss = GradedLogTerm.Batch<double>(new[] { 1e308, -1e308, 0.0, 1.0 }, new double[] { 1, 0, 0, 1 }, 2, 2, 0, GradedWeight.One, RankingReduction.Mean, default, gradient);
        Assert.Equal(Math.Log(1 + Math.Exp(-2.0)) / 2, loss, 15);
    }

    /// <summary>NaN where the true value is +∞: float gains 2^130 − 1, and a squared hinge with γ = 1e30.</summary>
    [Fact]
    public void OverflowingFloatRankingLossesAreInfiniteNotNaN()
    {
        var gradient = new float[2];
        Assert.Equal(float.PositiveInfinity, GradedPairLoss.Loss<float>(new[] { 0.5f, 0f }, new float[] { 129, 130 }, PairFunction.Logistic, PairWeight.GainDifference, 1, 0, gradient));
        Assert.Equal(new[] { float.PositiveInfinity, float.NegativeInfinity }, gradient);
        Assert.Equal(float.PositiveInfinity, GradedPairLoss.Loss<float>(new[] { 0.5f, 0f, 0.25f }, new float[] { 0, 1, 2 }, PairFunction.SquaredHinge, PairWeight.One, 1e30f, 0, new float[3]));
    }

    /// <summary>A batched row holding NaN with row weight 0: the loss ignored it but the gradient was NaN. Both ignore it.</summary>
    [Fact]
    public void ARowOfWeightZeroContributesNothingEvenWithNaN()
    {
        var gradient = new double[4];
        var loss = GradedLogTerm.Batch<double>(new[] { double.NaN, 0.0, 0.0, 1.0 }, new double[] { 1, 0, 0, 1 }, 2, 1, 0, GradedWeight.One, RankingReduction.WeightedMean, new[] { 0.0, 1.0 }, gradient);
        Assert.Equal(Math.Log(1 + Math.Exp(-1.0)), loss, 15);
        Assert.Equal(0.0, gradient[0]);
        Assert.Equal(0.0, gradient[1]);
        Assert.False(double.IsNaN(gradient[2]));
    }

    /// <summary>Workspace lengths: a negative size returned a negative length, a huge one threw OverflowException.</summary>
    [Fact]
    public void WorkspaceLengthsNameTheParameter()
    {
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => CircleLoss.BatchWorkspaceLength(-1, 3)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => CircleLoss.BatchWorkspaceLength(3, -1)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => CircleLoss.BatchWorkspaceLength(100_000, 100_000)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => TopKSoftmax.WorkspaceLength(1_000_000_000, 10)).ParamName);
        Assert.Equal("gradient", Assert.ThrowsAny<ArgumentException>(() => Losses.TasksOfClassesLoss(new double[4], new bool[4], 2, 1, 0, Span<double>.Empty)).ParamName);
    }
}
