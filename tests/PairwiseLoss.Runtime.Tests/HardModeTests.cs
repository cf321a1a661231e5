using System;
using System.Linq;
using Xunit;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// Hard mode is the γ → ∞ limit of T/γ: max(0, max_c (l_c − r_c + m_c)) with a subgradient at the active pair.
/// The smooth loss brackets it: H ≤ T(γ)/γ ≤ H + log(1 + n)/γ for n pairs, so T/γ → H as γ grows.
/// </summary>
public partial class HardModeTests
{
    [PairwiseLoss(Hard = true, Margin = 0.25)]
    [Want("s3 < s2 < s1 < s0")]
    [Want("s4 < s0", Margin = 1)]
    public static partial double RankHard(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss(Margin = 0.25)]
    [Want("s3 < s2 < s1 < s0")]
    [Want("s4 < s0", Margin = 1)]
    public static partial double RankSmooth(ReadOnlySpan<double> s, double gamma, Span<double> grad);

    [PairwiseLoss(Hard = true, Margin = 0.1)]
    [Want("neg < 0 < pos")]
    public static partial double ZlprHard(ReadOnlySpan<double> s, ReadOnlySpan<bool> labels, Span<double> grad);

    [PairwiseLoss(Margin = 0.1)]
    [Want("neg < 0 < pos")]
    public static partial double ZlprSmooth(ReadOnlySpan<double> s, ReadOnlySpan<bool> labels, double gamma, Span<double> grad);

    private static readonly (int Left, int Right, double Margin)[] RankPairs =
    {
        (3, 2, 0.25), (3, 1, 0.25), (3, 0, 0.25), (2, 1, 0.25), (2, 0, 0.25), (1, 0, 0.25), (4, 0, 1),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RankEqualsTheMaxFormulaWithItsSubgradient(int seed)
    {
        var random = new Random(seed);
        var s = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var grad = new double[5];
        var loss = RankHard(s, grad);

        var violations = RankPairs.Select(p => s[p.Left] - s[p.Right] + p.Margin).ToArray();
        var expected = Math.Max(0, violations.Max());
        Assert.Equal(expected, loss, 12);

        var expectedGrad = new double[5];
        if (expected > 0)
        {
            var active = RankPairs[Array.IndexOf(violations, violations.Max())];
            expectedGrad[active.Left] += 1;
            expectedGrad[active.Right] -= 1;
        }

        Assert.Equal(expectedGrad, grad);
    }

    [Fact]
    public void SatisfiedConstraintsGiveZeroLossAndGradient()
    {
        double[] s = { 10, 8, 6, 4, 2 };
        var grad = Enumerable.Repeat(double.NaN, 5).ToArray();
        Assert.Equal(0, RankHard(s, grad));
        Assert.All(grad, g => Assert.Equal(0, g));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void ZlprEqualsTheMaxFormula(int seed)
    {
        var random = new Random(seed);
        var s = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 6 - 3).ToArray();
        var labels = Enumerable.Range(0, 12).Select(_ => random.NextDouble() < 0.3).ToArray();
        labels[0] = true;
        labels[1] = false;
        var grad = new double[12];
        var loss = ZlprHard(s, labels, grad);

        var maxNegative = s.Where((_, i) => !labels[i]).Max();
        var minPositive = s.Where((_, i) => labels[i]).Min();
        var expected = Math.Max(0, new[] { maxNegative + 0.1, maxNegative - minPositive + 0.1, -minPositive + 0.1 }.Max());
        Assert.Equal(expected, loss, 12);
        Assert.Equal(0, grad.Sum(), 12);
        Assert.True(grad.Count(g => g != 0) <= 2);
    }

    [Fact]
    public void SmoothLossOverGammaApproachesTheHardLimit()
    {
        var random = new Random(11);
        var s = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var hard = RankHard(s, new double[5]);
        var previousGap = double.PositiveInfinity;
        foreach (var gamma in new[] { 1.0, 10, 100, 1e3, 1e4 })
        {
            var smooth = RankSmooth(s, gamma, new double[5]) / gamma;
            var gap = smooth - hard;
            Assert.InRange(gap, -1e-12, Math.Log(1 + RankPairs.Length) / gamma + 1e-12);
            Assert.True(gap <= previousGap + 1e-12, $"T/γ must approach the hard limit monotonically; γ = {gamma}");
            previousGap = gap;
        }

        Assert.True(previousGap < 1e-3);
    }

    [Fact]
    public void SmoothZlprOverGammaApproachesTheHardLimit()
    {
        var random = new Random(12);
        var s = Enumerable.Range(0, 32).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var labels = Enumerable.Range(0, 32).Select(i => i % 4 == 0).ToArray();
        var hard = ZlprHard(s, labels, new double[32]);
        foreach (var gamma in new[] { 1.0, 10, 100, 1e3, 1e4 })
        {
            var smooth = ZlprSmooth(s, labels, gamma, new double[32]) / gamma;
            var pairs = 8 * 24 + 8 + 24;
            Assert.InRange(smooth - hard, -1e-12, Math.Log(1 + pairs) / gamma + 1e-12);
        }
    }
}
