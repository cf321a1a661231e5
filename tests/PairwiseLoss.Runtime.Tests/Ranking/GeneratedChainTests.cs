using System;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>Literal chains declared with the DSL, generated at compile time.</summary>
public static partial class ChainDeclarations
{
    /// <summary>Five scores, every earlier one below every later one: one item per grade level.</summary>
    [PairwiseLoss, Want("s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain5(ReadOnlySpan<double> s, double gamma, double margin, Span<double> grad);
}

/// <summary>
/// SPEC §6: a literal chain s4 &lt; s3 &lt; … &lt; s0 is the graded one-log-term with one item per level. The generator's unrolled
/// code and the runtime's sorted-level kernel are independent implementations of the same loss.
/// </summary>
public sealed class GeneratedChainTests
{
    [Theory]
    [InlineData(1.0, 0.0, 1)]
    [InlineData(2.5, 0.3, 2)]
    [InlineData(0.7, -0.4, 3)]
    public void GradedLogTermEqualsTheGeneratedChain(double gamma, double margin, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var s = new double[5];
            for (var i = 0; i < 5; i++)
            {
                s[i] = (random.NextDouble() * 6) - 3;
            }

            var generated = new double[5];
            var expected = ChainDeclarations.Chain5(s, gamma, margin, generated);
            var kernel = new double[5];
            var actual = GradedLogTerm.Loss<double>(s, new[] { 4, 3, 2, 1, 0 }, gamma, margin, GradedWeight.One, kernel);
            Assert.Equal(expected, actual, 12);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(generated[i], kernel[i], 12);
            }
        }
    }
}
