using System;
using System.Linq;
using CsCheck;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>
/// CsCheck properties over random list lengths, grades (invalid included), γ, m and weights: the factored one-log-term equals the
/// pair-enumerating reference, and every translation-invariant loss has a gradient that sums to 0.
/// </summary>
[Trait("Category", "Property")]
public sealed class RankingPropertyTests
{
    private static readonly Gen<(double[] S, double[] G, double Gamma, double Margin)> Lists =
        Gen.Int[0, 40].SelectMany(n => Gen.Select(
            Gen.Double[-5, 5].Array[n],
            Gen.Int[-1, 4].Array[n],
            Gen.Double[0.1, 3],
            Gen.Double[-1, 1],
            (s, g, gamma, m) => (s, g.Select(v => (double)v).ToArray(), gamma, m)));

    [Fact]
    public void GradedLogTermEqualsTheReference() =>
        Lists.Sample(x =>
        {
            foreach (var weight in new[] { GradedWeight.One, GradedWeight.HigherGain })
            {
                var grad = new double[x.S.Length];
                var loss = GradedLogTerm.Loss<double>(x.S, x.G, x.Gamma, x.Margin, weight, grad);
                var expected = RankingReference.GradedLogTerm(x.S, x.G, x.Gamma, x.Margin, weight);
                Assert.True(Math.Abs(loss - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{weight}: {loss:R} vs {expected:R}");
                Assert.True(Math.Abs(grad.Sum()) <= 1e-9 * Math.Max(1, x.Gamma), $"{weight}: Σ gradient = {grad.Sum():R}");
            }
        }, iter: 300);

    [Fact]
    public void TranslationInvariantLossesHaveZeroGradientSum() =>
        Lists.Sample(x =>
        {
            var grad = new double[x.S.Length];
            GradedPairLoss.Loss<double>(x.S, x.G, PairFunction.Logistic, PairWeight.GainDifference, x.Gamma, x.Margin, grad);
            Assert.True(Math.Abs(grad.Sum()) <= 1e-9 * Math.Max(1, Math.Abs(grad.Sum(Math.Abs))));
            SoftmaxTargets.ListNet<double>(x.S, x.G, ListNetTargets.Softmax, grad);
            Assert.True(Math.Abs(grad.Sum()) <= 1e-12 + (1e-12 * grad.Sum(Math.Abs)));
            LambdaLoss.Loss<double>(x.S, x.G, LambdaScheme.NdcgLoss2PlusPlus, x.Gamma, 0, 10, grad);
            Assert.True(Math.Abs(grad.Sum()) <= 1e-9 * Math.Max(1, grad.Sum(Math.Abs)));
        }, iter: 300);
}
