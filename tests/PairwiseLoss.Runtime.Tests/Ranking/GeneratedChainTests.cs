using System;
using System.Linq;
using PairwiseLoss.Tests.Shared.Ranking;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>Literal chains declared with the DSL, generated at compile time.</summary>
public static partial class ChainDeclarations
{
    /// <summary>Five scores, every earlier one below every later one: one item per grade level.</summary>
    [PairwiseLoss, Want("s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain5(ReadOnlySpan<double> s, double gamma, double margin, Span<double> grad);

    /// <summary>100 scores, 4,950 pairs: lowered to the graded kernel by levels.</summary>
    [PairwiseLoss(Gamma = 2), Want("s99 < s98 < s97 < s96 < s95 < s94 < s93 < s92 < s91 < s90 < s89 < s88 < s87 < s86 < s85 < s84 < s83 < s82 < s81 < s80 < s79 < s78 < s77 < s76 < s75 < s74 < s73 < s72 < s71 < s70 < s69 < s68 < s67 < s66 < s65 < s64 < s63 < s62 < s61 < s60 < s59 < s58 < s57 < s56 < s55 < s54 < s53 < s52 < s51 < s50 < s49 < s48 < s47 < s46 < s45 < s44 < s43 < s42 < s41 < s40 < s39 < s38 < s37 < s36 < s35 < s34 < s33 < s32 < s31 < s30 < s29 < s28 < s27 < s26 < s25 < s24 < s23 < s22 < s21 < s20 < s19 < s18 < s17 < s16 < s15 < s14 < s13 < s12 < s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial float Chain100(ReadOnlySpan<float> s, Span<float> grad);

    [PairwiseLoss, Want("s99 < s98 < s97 < s96 < s95 < s94 < s93 < s92 < s91 < s90 < s89 < s88 < s87 < s86 < s85 < s84 < s83 < s82 < s81 < s80 < s79 < s78 < s77 < s76 < s75 < s74 < s73 < s72 < s71 < s70 < s69 < s68 < s67 < s66 < s65 < s64 < s63 < s62 < s61 < s60 < s59 < s58 < s57 < s56 < s55 < s54 < s53 < s52 < s51 < s50 < s49 < s48 < s47 < s46 < s45 < s44 < s43 < s42 < s41 < s40 < s39 < s38 < s37 < s36 < s35 < s34 < s33 < s32 < s31 < s30 < s29 < s28 < s27 < s26 < s25 < s24 < s23 < s22 < s21 < s20 < s19 < s18 < s17 < s16 < s15 < s14 < s13 < s12 < s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0", Margin = 0.1)]
    public static partial double Chain100Double(ReadOnlySpan<double> s, double gamma, Span<double> grad);

    /// <summary>12 scores (66 pairs), one term per pair: RankNet over the chain, with a hinge and the hard mode.</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair), Want("s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain12PerPair(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss(Terms = LossTerms.PerPair, Hard = true, Margin = 0.5), Want("s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain12Hard(ReadOnlySpan<double> s, Span<double> grad);

    /// <summary>11 scores (55 pairs): below the threshold, the unrolled code.</summary>
    [PairwiseLoss, Want("s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain11(ReadOnlySpan<double> s, Span<double> grad);

    /// <summary>The chain of 100 as two constraints with a gap (indices 100–104 unused) and a forward-only form.</summary>
    [PairwiseLoss, Want("s104 < s103 < s102 < s101 < s100 < s99 < s98 < s97 < s96 < s95 < s94 < s93 < s92 < s91 < s90 < s89 < s88 < s87 < s86 < s85 < s84 < s83 < s82 < s81 < s80 < s79 < s78 < s77 < s76 < s75 < s74 < s73 < s72 < s71 < s70 < s69 < s68 < s67 < s66 < s65 < s64 < s63 < s62 < s61 < s60 < s59 < s58 < s57 < s56 < s55 < s49 < s48 < s47 < s46 < s45 < s44 < s43 < s42 < s41 < s40 < s39 < s38 < s37 < s36 < s35 < s34 < s33 < s32 < s31 < s30 < s29 < s28 < s27 < s26 < s25 < s24 < s23 < s22 < s21 < s20 < s19 < s18 < s17 < s16 < s15 < s14 < s13 < s12 < s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial double ChainWithGap(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss, Want("s99 < s98 < s97 < s96 < s95 < s94 < s93 < s92 < s91 < s90 < s89 < s88 < s87 < s86 < s85 < s84 < s83 < s82 < s81 < s80 < s79 < s78 < s77 < s76 < s75 < s74 < s73 < s72 < s71 < s70 < s69 < s68 < s67 < s66 < s65 < s64 < s63 < s62 < s61 < s60 < s59 < s58 < s57 < s56 < s55 < s54 < s53 < s52 < s51 < s50 < s49 < s48 < s47 < s46 < s45 < s44 < s43 < s42 < s41 < s40 < s39 < s38 < s37 < s36 < s35 < s34 < s33 < s32 < s31 < s30 < s29 < s28 < s27 < s26 < s25 < s24 < s23 < s22 < s21 < s20 < s19 < s18 < s17 < s16 < s15 < s14 < s13 < s12 < s11 < s10 < s9 < s8 < s7 < s6 < s5 < s4 < s3 < s2 < s1 < s0")]
    public static partial double Chain100Forward(ReadOnlySpan<double> s);
}

/// <summary>
/// A literal chain a literal chain s4 &lt; s3 &lt; … &lt; s0 is the graded one-log-term with one item per level. The generator's unrolled
/// code and the runtime's sorted-level kernel are independent implementations of the same loss.
/// </summary>
public sealed class GeneratedChainTests
{
    /// <summary>
    /// Long chains are lowered by levels to the graded kernel (O(n log n), no unrolled pair); they must compute what the
    /// pair-by-pair formula says: every pair enumerated in double, gradients by central differences of that sum.
    /// </summary>
    [Fact]
    public void Long_chains_equal_the_pair_by_pair_loss()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 5; trial++)
        {
            var s = Enumerable.Range(0, 110).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
            var levels = Enumerable.Range(0, 100).Select(i => 99.0 - i).ToArray();

            var f = s.Take(100).Select(v => (float)v).ToArray();
            var gf = new float[100];
            var loss = ChainDeclarations.Chain100(f, gf);
            var sf = f.Select(v => (double)v).ToArray();
            Func<double[], double> chainRef = x => RankingReference.GradedLogTerm(x, levels, 2, 0, GradedWeight.One);
            Close(chainRef(sf), loss, 1e-6, "float chain of 100");
            CloseAll(RankingReference.FiniteDifferences(chainRef, sf), gf.Select(v => (double)v).ToArray(), 1e-5, "float chain of 100, gradient");

            var gd = Enumerable.Repeat(double.NaN, 110).ToArray();
            Func<double[], double> marginRef = x => RankingReference.GradedLogTerm(x.Take(100).ToArray(), levels, 1.5, 0.1, GradedWeight.One);
            Close(marginRef(s), ChainDeclarations.Chain100Double(s, 1.5, gd), 1e-12, "chain with a margin and a run-time γ");
            CloseAll(RankingReference.FiniteDifferences(marginRef, s), gd, 1e-6, "chain with a margin, gradient (indices beyond the chain get 0)");
            Close(RankingReference.GradedLogTerm(s.Take(100).ToArray(), levels, 1, 0, GradedWeight.One), ChainDeclarations.Chain100Forward(s), 1e-12, "forward only");

            var twelve = Enumerable.Range(0, 12).Select(i => 11.0 - i).ToArray();
            var g12 = new double[12];
            Func<double[], double> rankNet = x => RankingReference.GradedPair(x.Take(12).ToArray(), twelve, PairFunction.Logistic, PairWeight.One, 1, 0);
            Close(rankNet(s), ChainDeclarations.Chain12PerPair(s.Take(12).ToArray(), g12), 1e-12, "chain of 12 per pair");
            CloseAll(RankingReference.FiniteDifferences(rankNet, s.Take(12).ToArray()), g12, 1e-6, "chain of 12 per pair, gradient");
            Close(RankingReference.GradedPair(s.Take(12).ToArray(), twelve, PairFunction.Hinge, PairWeight.One, 1, 0.5), ChainDeclarations.Chain12Hard(s.Take(12).ToArray(), g12), 1e-12, "hard chain of 12");

            var gap = Enumerable.Range(0, 105).Select(i => i >= 55 ? 104.0 - i : i < 50 ? 99.0 - i : -1).ToArray();
            var gg = new double[110];
            Func<double[], double> gapRef = x => RankingReference.GradedLogTerm(x.Take(105).ToArray(), gap, 1, 0, GradedWeight.One);
            Close(gapRef(s), ChainDeclarations.ChainWithGap(s, gg), 1e-12, "chain with a gap");
            CloseAll(RankingReference.FiniteDifferences(gapRef, s), gg, 1e-6, "chain with a gap, gradient");

            var eleven = Enumerable.Range(0, 11).Select(i => 10.0 - i).ToArray();
            Close(RankingReference.GradedLogTerm(s.Take(11).ToArray(), eleven, 1, 0, GradedWeight.One), ChainDeclarations.Chain11(s.Take(11).ToArray(), new double[11]), 1e-12, "unrolled chain of 11");
        }
    }

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}");

    private static void CloseAll(double[] expected, double[] actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], relative, $"{what} [{i}]");
        }
    }

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
