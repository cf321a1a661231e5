using System;
using System.Linq;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>SPEC §3 for the ranking kernels: degenerate lists, invalid items, −inf, huge scores, NaN, and argument errors.</summary>
public sealed class RankingEdgeTests
{
    public static TheoryData<RankingKernel> Kernels()
    {
        var data = new TheoryData<RankingKernel>();
        foreach (var k in RankingKernel.All())
        {
            data.Add(k);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void AllGradesEqualOneItemAndEmptyGiveZero(RankingKernel kernel)
    {
        foreach (var (s, g) in new[]
        {
            (new[] { 0.3, -1.2, 2.0 }, new[] { 2.0, 2.0, 2.0 }),
            (new[] { 0.7 }, new[] { 3.0 }),
            (Array.Empty<double>(), Array.Empty<double>()),
            (new[] { 0.3, 1.0 }, new[] { -1.0, 2.0 }),
            (new[] { double.NegativeInfinity, 1.0 }, new[] { 0.0, 2.0 }),
        })
        {
            var grad = Enumerable.Repeat(double.NaN, s.Length).ToArray();
            var loss = kernel.Double(s, g, grad);
            if (kernel.Name.StartsWith("SoftmaxTargets", StringComparison.Ordinal) || kernel.Name.StartsWith("ListNet", StringComparison.Ordinal))
            {
                // A softmax with a target is not 0 for equal grades; it is only required to match the reference.
                Assert.Equal(kernel.Reference(s, g), loss, 12);
                Assert.All(grad, v => Assert.True(double.IsFinite(v)));
                continue;
            }

            Assert.Equal(0.0, loss);
            Assert.All(grad, v => Assert.Equal(0.0, v));
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void InvalidItemsAreAbsent(RankingKernel kernel)
    {
        if (kernel.Name.StartsWith("SoftmaxTargets", StringComparison.Ordinal))
        {
            return; // plain targets have no grades: only −inf marks an absent item there (covered by the reference tests).
        }

        var s = new[] { 0.4, 0.9, 0.1, 0.6, 0.2 };
        var g = new[] { 1.0, 0.0, 2.0, 1.0, 0.0 };
        var grad = new double[5];
        var loss = kernel.Double(s, g, grad);

        // The same list with two extra items, one of negative grade and one with a −inf score.
        var s2 = new[] { 0.4, 5.0, 0.9, 0.1, double.NegativeInfinity, 0.6, 0.2 };
        var g2 = new[] { 1.0, -1.0, 0.0, 2.0, 3.0, 1.0, 0.0 };
        var grad2 = new double[7];
        var loss2 = kernel.Double(s2, g2, grad2);
        Assert.Equal(loss, loss2, 12);
        Assert.Equal(0.0, grad2[1]);
        Assert.Equal(0.0, grad2[4]);
        Assert.Equal(grad, new[] { grad2[0], grad2[2], grad2[3], grad2[5], grad2[6] }, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HugeScoresStayFinite(RankingKernel kernel)
    {
        if (kernel.Name.Contains("SquaredHinge", StringComparison.Ordinal))
        {
            return; // its true value at ±1e30 exceeds float (and at 1e30² double's) range; tested separately below.
        }

        foreach (var big in new[] { 1e4, 1e30 })
        {
            var s = new[] { big, -big, 0.5, big * 0.5, -big * 0.25 };
            var g = new[] { 0.0, 2.0, 1.0, 0.0, 3.0 };
            var grad = new double[5];
            var loss = kernel.Double(s, g, grad);
            Assert.True(double.IsFinite(loss), $"{kernel} at {big}: loss {loss}");
            Assert.All(grad, v => Assert.True(double.IsFinite(v), $"{kernel} at {big}: gradient {string.Join(", ", grad)}"));

            if (big == 1e30 && kernel.Name.Contains("clip=False", StringComparison.Ordinal))
            {
                continue; // unclipped Circle Loss at ±1e30 is γ·α·s ≈ 1e60: its true value exceeds float's range (double is checked above).
            }

            var sf = s.Select(v => (float)v).ToArray();
            var gf = g.Select(v => (float)v).ToArray();
            var gradF = new float[5];
            var lossF = kernel.Float(sf, gf, gradF);
            Assert.True(float.IsFinite(lossF), $"{kernel} float at {big}: loss {lossF}");
            Assert.All(gradF, v => Assert.True(float.IsFinite(v), $"{kernel} float at {big}: gradient {string.Join(", ", gradF)}"));
        }
    }

    [Fact]
    public void GradedLogTermHasTheRightLimitAtHugeScores()
    {
        // One pair, lower item far above: L = γ(s_lo − s_hi + m) + log(1 + e^{−z}) ≈ z; gradient ±γ.
        var grad = new float[2];
        var loss = GradedLogTerm.Loss<float>(new[] { 1e30f, -1e30f }, new[] { 0, 1 }, 1f, 0f, GradedWeight.One, grad);
        Assert.Equal(2e30f, loss, 1e24f);
        Assert.Equal(new[] { 1f, -1f }, grad);

        var loss2 = GradedLogTerm.Loss<float>(new[] { -1e30f, 1e30f }, new[] { 0, 1 }, 1f, 0f, GradedWeight.One, grad);
        Assert.Equal(0f, loss2);
        Assert.Equal(new[] { 0f, 0f }, grad);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void NaNInGivesNaNOut(RankingKernel kernel)
    {
        var s = new[] { 0.4, double.NaN, 0.1 };
        var g = new[] { 1.0, 0.0, 2.0 };
        var grad = new double[3];
        Assert.True(double.IsNaN(kernel.Double(s, g, grad)));
        Assert.All(grad, v => Assert.True(double.IsNaN(v)));
        var gradF = new float[3];
        Assert.True(float.IsNaN(kernel.Float(new[] { 0.4f, float.NaN, 0.1f }, new[] { 1f, 0f, 2f }, gradF)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void WrongLengthsThrowNamingTheParameter(RankingKernel kernel)
    {
        var e1 = Assert.ThrowsAny<ArgumentException>(() => kernel.Double(new[] { 1.0, 2.0 }, new[] { 1.0 }, new double[2]));
        Assert.True(e1.ParamName is "grades" or "targets", e1.ParamName);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => kernel.Double(new[] { 1.0, 2.0 }, new[] { 1.0, 0.0 }, new double[3]));
        Assert.Equal("gradient", e2.ParamName);
    }

    [Fact]
    public void BadParametersThrowNamingTheParameter()
    {
        var s = new[] { 1.0, 2.0 };
        var g = new[] { 0.0, 1.0 };
        Assert.Equal("gamma", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Loss<double>(s, g, 0, 0, GradedWeight.One, default)).ParamName);
        Assert.Equal("margin", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Loss<double>(s, g, 1, double.NaN, GradedWeight.One, default)).ParamName);
        Assert.Equal("weight", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Loss<double>(s, g, 1, 0, (GradedWeight)9, default)).ParamName);
        Assert.Equal("grades", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Loss<double>(s, new[] { 0.0, double.NaN }, 1, 0, GradedWeight.One, default)).ParamName);
        Assert.Equal("function", Assert.ThrowsAny<ArgumentException>(() => GradedPairLoss.Loss<double>(s, g, (PairFunction)9, PairWeight.One, 1, 0, default)).ParamName);
        Assert.Equal("weight", Assert.ThrowsAny<ArgumentException>(() => GradedPairLoss.Loss<double>(s, g, PairFunction.Hinge, (PairWeight)9, 1, 0, default)).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.Loss<double>(s, new[] { -1.0, 1.0 }, default)).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.ListNet<double>(s, g, (ListNetTargets)7, default)).ParamName);
        Assert.Equal("epsilon", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.SmoothLabels<double>(0, 2.0, new double[3])).ParamName);
        Assert.Equal("target", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.SmoothLabels<double>(3, 0.1, new double[3])).ParamName);
        Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => LambdaLoss.Loss<double>(s, g, LambdaScheme.RankNet, -1, 0, 10, default)).ParamName);
        Assert.Equal("topK", Assert.ThrowsAny<ArgumentException>(() => LambdaLoss.Loss<double>(s, g, LambdaScheme.RankNet, 1, -2, 10, default)).ParamName);
        Assert.Equal("mu", Assert.ThrowsAny<ArgumentException>(() => LambdaLoss.Loss<double>(s, g, LambdaScheme.RankNet, 1, 0, double.PositiveInfinity, default)).ParamName);
        Assert.Equal("scheme", Assert.ThrowsAny<ArgumentException>(() => LambdaLoss.Loss<double>(s, g, (LambdaScheme)9, 1, 0, 1, default)).ParamName);
        Assert.Equal("weights", Assert.ThrowsAny<ArgumentException>(() => LambdaLoss.PairWeights<double>(s, g, LambdaScheme.RankNet, 0, 1, new double[3])).ParamName);
        Assert.Equal("gamma", Assert.ThrowsAny<ArgumentException>(() => GradedCircleLoss.Loss<double>(s, g, double.NaN, 0.25, false, default)).ParamName);
        Assert.Equal("items", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Batch<double>(s, g, 0, 1, 0, GradedWeight.One, RankingReduction.Mean, default, default)).ParamName);
        Assert.Equal("scores", Assert.ThrowsAny<ArgumentException>(() => GradedLogTerm.Batch<double>(new double[3], new double[3], 2, 1, 0, GradedWeight.One, RankingReduction.Mean, default, default)).ParamName);
        Assert.Equal("rowWeights", Assert.ThrowsAny<ArgumentException>(() => GradedPairLoss.Batch<double>(s, g, 1, PairFunction.Logistic, PairWeight.One, 1, 0, RankingReduction.Mean, new[] { 1.0 }, default)).ParamName);
        Assert.Equal("rowWeights", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.Batch<double>(s, g, 2, RankingReduction.Mean, new[] { -1.0 }, default)).ParamName);
        Assert.Equal("reduction", Assert.ThrowsAny<ArgumentException>(() => SoftmaxTargets.Batch<double>(s, g, 2, (RankingReduction)5, default, default)).ParamName);
    }

    [Fact]
    public void SquaredHingeAtHugeScoresIsTheTrueValueOrInfinity()
    {
        var grad = new double[2];
        Assert.Equal(1e8 * 4, GradedPairLoss.Loss<double>(new[] { 1e4, -1e4 }, new[] { 0.0, 1.0 }, PairFunction.SquaredHinge, PairWeight.One, 1, 0, grad), 1e-3);
        Assert.Equal(new[] { 4e4, -4e4 }, grad);
        Assert.Equal(0.0, GradedPairLoss.Loss<float>(new[] { -1e30f, 1e30f }, new[] { 0f, 1f }, PairFunction.SquaredHinge, PairWeight.One, 1f, 0f, new float[2]));
    }

    [Fact]
    public void IntegerAndFloatingGradesAgree()
    {
        var s = new[] { 0.3, -0.2, 1.1, 0.5, 0.0 };
        var gi = new[] { 2, 0, 1, -1, 3 };
        var gd = gi.Select(v => (double)v).ToArray();
        var a = new double[5];
        var b = new double[5];
        Assert.Equal(GradedLogTerm.Loss<double>(s, gd, 1.3, 0.1, GradedWeight.HigherGain, a), GradedLogTerm.Loss<double>(s, gi, 1.3, 0.1, GradedWeight.HigherGain, b));
        Assert.Equal(a, b);
        Assert.Equal(GradedPairLoss.Loss<double>(s, gd, PairFunction.Logistic, PairWeight.GainDifference, 1, 0, a), GradedPairLoss.Loss<double>(s, gi, PairFunction.Logistic, PairWeight.GainDifference, 1, 0, b));
        Assert.Equal(a, b);
        Assert.Equal(LambdaLoss.Loss<double>(s, gd, LambdaScheme.NdcgLambdaRank, 1, 0, 10, a), LambdaLoss.Loss<double>(s, gi, LambdaScheme.NdcgLambdaRank, 1, 0, 10, b));
        Assert.Equal(a, b);
        Assert.Equal(GradedCircleLoss.Loss<double>(s, gd, 8, 0.25, false, a), GradedCircleLoss.Loss<double>(s, gi, 8, 0.25, false, b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void LabelSmoothing()
    {
        var y = new double[4];
        SoftmaxTargets.SmoothLabels(2, 0.1, y);
        Assert.Equal(new[] { 0.025, 0.025, 0.925, 0.025 }, y, (a, b) => Math.Abs(a - b) < 1e-15);
        var soft = new[] { 0.5, 0.5, 0.0, 0.0 };
        SoftmaxTargets.SmoothLabels<double>(soft, 0.2, soft);
        Assert.Equal(new[] { 0.45, 0.45, 0.05, 0.05 }, soft, (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(1.0, soft.Sum(), 14);
    }

    /// <summary>
    /// Gains 2^g − 1 of grades of 1,024 and more overflow to +∞, and ∞/∞ made the NDCG weights NaN for finite input. The
    /// weights are ratios of gains to maxDCG: scaled by 2^−max g they are the same ratios, so grades shifted by a constant
    /// give the same loss up to the −1 of each gain (2^−30 relative here).
    /// </summary>
    [Theory]
    [InlineData(LambdaScheme.NdcgLambdaRank)]
    [InlineData(LambdaScheme.NdcgLoss2PlusPlus)]
    public void LambdaWeightsOfHugeGradesAreFinite(LambdaScheme scheme)
    {
        double[] s = { 0.3, -0.2, 1.1, 0.7 };
        var huge = new[] { 1030, 1025, 1000, 1028 };
        var small = new[] { 30, 25, 0, 28 };
        var grad = new double[4];
        var loss = LambdaLoss.Loss<double>(s, huge, scheme, 1, 0, 10, grad);
        Assert.True(double.IsFinite(loss) && grad.All(double.IsFinite), $"loss {loss}, gradient [{string.Join(", ", grad)}]");
        var expectedGrad = new double[4];
        var expected = LambdaLoss.Loss<double>(s, small, scheme, 1, 0, 10, expectedGrad);
        Assert.Equal(expected, loss, 6);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expectedGrad[i], grad[i], 6);
        }
    }
}
