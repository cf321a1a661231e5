using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// The factorisation at work: for set-valued sides the emitted code reduces each side once (linear in the classes);
/// nothing factorisable is evaluated pair by pair. Shown on the emitted code's structure: which kernels it calls, how
/// often, and that it has no loops of its own.
/// </summary>
public sealed class LinearCostTests
{
    private static string Generate(string member) =>
        GeneratorHarness.Run(TestSource.InClass(member)).Sources.Single().SourceText.ToString();

    private static int Count(string code, string call) => Regex.Matches(code, Regex.Escape(call) + @"\(").Count;

    [Fact]
    public void ZlprReducesBothSidesInOnePassAndRescalesOnce()
    {
        var code = Generate("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float L(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);");

        // One O(C) pass computes the exp of every score once (neg and pos together); the backward pass rescales those
        // stored terms once; the three blocks (neg < 0, neg < pos, 0 < pos) only combine the two log-sums.
        Assert.Equal(1, Count(code, "SetKernels.LabelledLogSumExp"));
        Assert.Equal(1, Count(code, "SetKernels.ScaleLabelled"));
        Assert.Equal(0, Count(code, "SetKernels.PairPairs<float, global::PairwiseLoss.LogisticShape<float>>"));
        Assert.Equal(0, Count(code, "SetKernels.AddSoftmaxGradient"));
        Assert.DoesNotContain("for (", code);
        Assert.Equal(3, Regex.Matches(code, @"float e\d+ = ").Count);
    }

    [Fact]
    public void CrossBlockWithItsOwnMarginIsStillLinear()
    {
        var code = Generate("""
            [PairwiseLoss(Margin = 0.25), Want("neg < 0"), Want("0 < pos"), Want("neg < pos", Margin = 1)]
            public static partial double L(ReadOnlySpan<double> s, ReadOnlySpan<bool> labels, Span<double> g);
            """);

        Assert.Equal(1, Count(code, "SetKernels.LabelledLogSumExp"));
        Assert.Contains("LogProduct(negLeft, posRight) + 1.0", code); // e^{γm}·A·B with its own margin, γ = 1, m = 1
        Assert.DoesNotContain("for (", code);
    }

    [Fact]
    public void OnlyPerPairTermsBetweenTwoSetsAreQuadratic()
    {
        var code = Generate("[PairwiseLoss(Terms = LossTerms.PerPair), Want(\"neg < pos\")] public static partial float L(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);");
        Assert.Equal(1, Count(code, "SetKernels.PairPairs<float, global::PairwiseLoss.LogisticShape<float>>")); // Σ ℓ(z) does not factorise: the honest O(|neg|·|pos|)
    }
}
