using System;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// The special-value contract of top-k, Circle, cosine similarities and per-class terms: each test feeds a value the
/// contract names (+∞, a finite value whose intermediate overflows, a mean of rows beyond float's range, a huge size)
/// and asserts the analytic limit or a brute-force double computation.
/// </summary>
public sealed class SpecialValueContractTests
{
    /// <summary>
    /// Eq. loss-1 with a +∞ score among the others of a labelled finite score: its term is +∞ (it was 0, with gradient
    /// 0: the row was shifted by its +∞ maximum). Limit gradient: the +∞ score takes the whole softmax of the others.
    /// </summary>
    [Fact]
    public void OthersBelowPositiveWithAPlusInfiniteOtherIsInfinite()
    {
        var gradient = new double[3];
        var loss = ClassTerms.OthersBelowPositive<double>(new[] { double.PositiveInfinity, 0, 1 }, new[] { false, true, false }, 3, 1, 0, gradient);
        Assert.Equal(double.PositiveInfinity, loss);
        Assert.Equal(new[] { 1.0, -1.0, 0.0 }, gradient);
        Assert.Equal(loss, Losses.TasksOfClassesLoss(new[] { double.PositiveInfinity, 0, 1 }, new[] { false, true, false }, 3, 1, 0, gradient));

        var gf = new float[3];
        Assert.Equal(float.PositiveInfinity, ClassTerms.OthersBelowPositive<float>(new[] { float.PositiveInfinity, 0f, 1f }, new[] { 0f, 0.5f, 0f }, 3, 2f, 0.1f, gf));
        Assert.Equal(new[] { 2f, -2f, 0f }, gf);
    }

    /// <summary>
    /// Two +∞ scores growing together, one labelled: e^{γ(s_1 − s_0 + m)} → e^{γm}, so the term is log(1 + t·e^{γm})
    /// (it was 0). Checked against the analytic value and against the finite computation at s = 1e6.
    /// </summary>
    [Fact]
    public void OthersBelowPositiveWithTwoPlusInfiniteScoresTakesTheLimit()
    {
        var (gamma, margin, weight) = (0.5, 0.2, 0.5);
        var gradient = new double[3];
        var loss = ClassTerms.OthersBelowPositive<double>(new[] { double.PositiveInfinity, double.PositiveInfinity, 1 }, new[] { weight, 0, 0 }, 3, gamma, margin, gradient);
        var e = weight * Math.Exp(gamma * margin);
        Assert.Equal(Math.Log(1 + e), loss, 14);
        var p = e / (1 + e);
        Assert.Equal(-gamma * p, gradient[0], 14);
        Assert.Equal(gamma * p, gradient[1], 14);
        Assert.Equal(0.0, gradient[2]);

        // Two rows, +∞ in both, several labels: the limit equals the finite computation far out (equal rates).
        var scores = new[] { double.PositiveInfinity, double.PositiveInfinity, 1, 0, double.PositiveInfinity, 2 };
        var far = new[] { 1e6, 1e6, 1, 0, 1e6, 2 };
        var labels = new[] { true, false, true, false, true, false };
        var (g, gFar) = (new double[6], new double[6]);
        Assert.Equal(double.PositiveInfinity, ClassTerms.OthersBelowPositive<double>(scores, labels, 3, gamma, margin, g));
        ClassTerms.OthersBelowPositive<double>(far, labels, 3, gamma, margin, gFar);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(gFar[i], g[i], 9);
        }
    }

    /// <summary>The workspace length of k = classes = int.MaxValue: 3·(2^31 + 1)·2^31 wrapped around long to −2^31.</summary>
    [Fact]
    public void TopKWorkspaceLengthBeyondLongNamesTheParameter()
    {
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => TopKSoftmax.WorkspaceLength(int.MaxValue, int.MaxValue)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => TopKSoftmax.WorkspaceLength(int.MaxValue - 2, int.MaxValue)).ParamName);
        Assert.Equal(3 * 4 * 3, TopKSoftmax.WorkspaceLength(2, 2));
    }

    /// <summary>
    /// A batched top-k mean over float rows whose losses are near or beyond float.MaxValue: the float sum overflowed to
    /// +∞. The rows are now kept in double and the mean rounded once: (2M + log 3)/2 for a row of loss 2M and one of log 3.
    /// </summary>
    [Fact]
    public void TopKBatchMeanOfHugeFloatRowsIsFinite()
    {
        const float m = float.MaxValue;
        var scores = new[] { m, -m, 1f, 0f, 0f, 0f };
        var targets = new[] { 1, 0 };
        var expected = (float)(((2.0 * m) + Math.Log(3)) / 2);
        var gradient = new float[6];
        Assert.Equal(expected, TopKSoftmax.Batch<float>(scores, targets, 3, gradient));
        Assert.Equal(expected, TopKSoftmax.Batch<float>(scores, targets, 3));
        Assert.Equal(new[] { 0.5f, -0.5f, 0f, 1f / 3 / 2 - 0.5f, 1f / 3 / 2, 1f / 3 / 2 }, gradient);

        // Two rows of loss M + 1 each (k = 2): their mean is M + 1, not +∞.
        var twice = new[] { m, -m, 1f, m, -m, 1f };
        Assert.Equal(m, TopKSoftmax.Batch<float>(twice, new[] { 1, 0, 1, 0 }, 3));
        Assert.Equal(expected, TopKSoftmax.PaddedBatch<float>(new[] { 0f, m, -m, 0f, 0f, 0f }, new[] { 2, 1 }, 3)); // padding class 0 at 0
    }

    /// <summary>
    /// Circle logits γ·α·(s − Δ) were computed left to right: γ·α passed MaxValue while the logit did not, so a
    /// finite loss came out +∞. Float γ = 3e38, m = 0.9, s_p = 0.05: the loss is γ·1.85·0.05 = 2.775e37.
    /// </summary>
    [Fact]
    public void CircleLogitsDoNotOverflowWhereTheProductIsFinite()
    {
        var (gp, gn) = (new float[1], new float[1]);
        var loss = CircleLoss.Pairs<float>(new[] { 0.05f }, new[] { -0.95f }, 3e38f, 0.9f, gp, gn);
        var expected = 3e38 * (1.9 - 0.05f) * (0.1 - 0.05f); // z = −γ·α_p·(s_p − Δ_p), the negative's α is 0
        Assert.Equal((float)expected, loss, (float)(expected * 1e-6));
        Assert.Equal(loss, Losses.CircleLoss(new[] { 0.05f }, new[] { -0.95f }, 3e38f, 0.9f, gp, gn));
        Assert.Equal(float.NegativeInfinity, gp[0]); // −γ·α_p = −5.55e38: a true overflow
        Assert.Equal(0f, gn[0]);

        // The full-gradient slope γ·(α + (Δ − s)) whose sum overflows while γ times it does not (γ < 1).
        var (dp, dn) = (new double[1], new double[1]);
        CircleLoss.Pairs<double>(new[] { -1e308 }, new[] { 0.5 }, 0.25, 0.25, dp, dn, fullGradient: true);
        Assert.Equal((-0.25 * (1.25 + 1e308)) - (0.25 * (0.75 + 1e308)), dp[0], 1e293);
        Assert.True(double.IsFinite(dp[0]));
    }

    /// <summary>
    /// Circle over a batch whose every anchor loses 1.875·γ with float γ = 1e38: the float sum of the four anchors
    /// overflowed (7.5e38), so the mean came out +∞. Summed in double: 1.875e38.
    /// </summary>
    [Fact]
    public void CircleBatchMeanOfHugeAnchorLossesIsFinite()
    {
        // Same labels orthogonal (s_p = 0), different labels equal (s_n = 1): z = γ(1.25·0.75 + 1.25·0.75) per anchor.
        var embeddings = new[] { 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f };
        var labels = new[] { 0, 0, 1, 1 };
        var gradient = new float[8];
        var loss = CircleLoss.Batch<float>(embeddings, labels, 1e38f, 0.25f, gradient);
        var gamma = (double)1e38f;
        var lseN = Math.Max(gamma * 1.25 * 0.75, gamma * 0.25 * -0.25); // the other negative (s = 0) is e^{−γ/16} against it
        var expected = lseN + (gamma * 1.25 * 0.75);
        Assert.Equal((float)expected, loss, (float)(expected * 1e-6));
        Assert.All(gradient, g => Assert.False(float.IsNaN(g)));
    }

    /// <summary>
    /// Embeddings near float.MaxValue: the gradient through the normalisation is divided by the norm instead of multiplied
    /// by its subnormal reciprocal, so it matches the gradient of the same directions at unit scale, divided by the scale.
    /// </summary>
    [Fact]
    public void CircleBatchGradientOfHugeEmbeddingsIsTheScaledGradient()
    {
        var unit = new[] { 0.6f, 0.8f, 0.8f, 0.6f, -0.6f, 0.8f, 0.28f, 0.96f };
        var labels = new[] { 0, 0, 1, 1 };
        const float scale = 1e38f;
        var huge = Array.ConvertAll(unit, v => v * scale);
        var (g, gHuge) = (new float[8], new float[8]);
        var loss = CircleLoss.Batch<float>(unit, labels, 8f, 0.25f, g);
        Assert.Equal(loss, CircleLoss.Batch<float>(huge, labels, 8f, 0.25f, gHuge), 5);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(g[i] / (double)scale, gHuge[i], Math.Abs(g[i] / (double)scale) * 1e-4 + 1e-44);
        }
    }
}
