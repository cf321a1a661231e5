using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>Every ranking kernel against the brute-force double reference (pairs enumerated) and central finite differences.</summary>
public sealed class RankingReferenceTests
{
    public static IEnumerable<object[]> Kernels() => RankingKernel.All().Concat(RankingKernel.Orders()).Select(k => new object[] { k });

    private static IEnumerable<RankingCases.Case> Cases(RankingKernel kernel)
    {
        // Circle Loss lives on similarities: keep scores near [0, 1] so every α regime is visited, with a few outside.
        var cases = RankingCases.Random(40, 7).Concat(RankingCases.Random(20, 11, withInvalid: false, maxGrade: 2));
        if (kernel.Name.StartsWith("GradedCircleLoss", StringComparison.Ordinal))
        {
            cases = cases.Select(c => c with { Scores = c.Scores.Select(v => double.IsNegativeInfinity(v) ? v : (v / 3) + 0.5).ToArray() });
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void DoubleMatchesReferenceAndFiniteDifferences(RankingKernel kernel)
    {
        foreach (var c in Cases(kernel))
        {
            var grad = new double[c.Scores.Length];
            var loss = kernel.Double(c.Scores, c.Grades, grad);
            var expected = kernel.Reference(c.Scores, c.Grades);
            Assert.True(Math.Abs(loss - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{kernel} {c}: loss {loss:R}, reference {expected:R}");

            // Forward only agrees with forward + backward.
            Assert.Equal(loss, kernel.Double(c.Scores, c.Grades, Array.Empty<double>()), 12);

            var f = kernel.FixedWeightsReference?.Invoke(c.Scores, c.Grades) ?? (s => kernel.Reference(s, c.Grades));
            var fd = RankingReference.FiniteDifferences(f, c.Scores);
            for (var i = 0; i < grad.Length; i++)
            {
                if (kernel.Name.Contains("Hinge", StringComparison.Ordinal) && NearKink(kernel, c, i))
                {
                    continue;
                }

                Assert.True(Math.Abs(grad[i] - fd[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd[i])), $"{kernel} {c}: ∂L/∂s[{i}] = {grad[i]:R}, finite differences {fd[i]:R}\n  [{string.Join(", ", grad)}]\n  [{string.Join(", ", fd)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void FloatMatchesReference(RankingKernel kernel)
    {
        foreach (var c in Cases(kernel))
        {
            var sf = c.Scores.Select(v => (float)v).ToArray();
            var gf = c.Grades.Select(v => (float)v).ToArray();
            var sd = sf.Select(v => (double)v).ToArray();
            var grad = new float[sf.Length];
            var gradD = new double[sf.Length];
            var loss = kernel.Float(sf, gf, grad);
            var expected = kernel.Double(sd, c.Grades, gradD);
            Assert.True(Math.Abs(loss - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{kernel} {c}: float loss {loss:R}, double {expected:R}");
            for (var i = 0; i < grad.Length; i++)
            {
                Assert.True(Math.Abs(grad[i] - gradD[i]) <= 1e-4 * Math.Max(1, Math.Abs(gradD[i])), $"{kernel} {c}: float ∂L/∂s[{i}] = {grad[i]:R}, double {gradD[i]:R}");
            }
        }
    }

    /// <summary>Longer lists, so the vectorised pair loop runs several full vectors and a tail (float: 8 lanes, double: 4).</summary>
    [Theory]
    [MemberData(nameof(Kernels))]
    public void LongerListsMatchTheReference(RankingKernel kernel)
    {
        var random = new Random(kernel.Name.Length);
        foreach (var n in new[] { 37, 64, 101 })
        {
            var s = Enumerable.Range(0, n).Select(i => Math.Round((random.NextDouble() * 4) - 2, 4) + (i * 1e-6)).ToArray();
            if (kernel.Name.StartsWith("GradedCircleLoss", StringComparison.Ordinal))
            {
                s = s.Select(v => (v / 3) + 0.5).ToArray();
            }

            var g = Enumerable.Range(0, n).Select(_ => (double)random.Next(-1, 5)).ToArray();
            var grad = new double[n];
            var loss = kernel.Double(s, g, grad);
            var expected = kernel.Reference(s, g);
            Assert.True(Math.Abs(loss - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{kernel} n={n}: loss {loss:R}, reference {expected:R}");
            var f = kernel.FixedWeightsReference?.Invoke(s, g) ?? (x => kernel.Reference(x, g));
            var fd = RankingReference.FiniteDifferences(f, s);
            for (var i = 0; i < n; i++)
            {
                if (kernel.Name.Contains("Hinge", StringComparison.Ordinal) && NearKink(kernel, new RankingCases.Case("long", s, g), i))
                {
                    continue;
                }

                Assert.True(Math.Abs(grad[i] - fd[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd[i])), $"{kernel} n={n}: ∂L/∂s[{i}] = {grad[i]:R}, finite differences {fd[i]:R}");
            }

            var gradF = new float[n];
            var lossF = kernel.Float(s.Select(v => (float)v).ToArray(), g.Select(v => (float)v).ToArray(), gradF);
            var gradD = new double[n];
            var lossD = kernel.Double(s.Select(v => (double)(float)v).ToArray(), g, gradD);
            Assert.True(Math.Abs(lossF - lossD) <= 2e-4 * Math.Max(1, Math.Abs(lossD)), $"{kernel} n={n}: float {lossF:R}, double {lossD:R}");
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(gradF[i] - gradD[i]) <= 2e-4 * Math.Max(1, Math.Abs(gradD[i])), $"{kernel} n={n}: float ∂L/∂s[{i}] = {gradF[i]:R}, double {gradD[i]:R}");
            }
        }
    }

    /// <summary>A hinge pair (margin 1) within 1e-5 of its kink, where finite differences straddle the corner.</summary>
    private static bool NearKink(RankingKernel kernel, RankingCases.Case c, int i)
    {
        _ = kernel;
        for (var j = 0; j < c.Scores.Length; j++)
        {
            var d = c.Scores[i] - c.Scores[j];
            if (j != i && (Math.Abs(d - 1) < 1e-5 || Math.Abs(d + 1) < 1e-5))
            {
                return true;
            }
        }

        return false;
    }
}
