using System;
using System.Linq;
using PairwiseLoss.Generator;
using PairwiseLoss.Generator.Lowering;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// The emission plan makes the choices (storage, layout, gradient form) before anything is printed; the printer only
/// lays out what the plan says. These tests read the plan, not the text.
/// </summary>
public class LoweringTests
{
    private static EmissionPlan PlanOf(string members)
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSource.InClass(members));
        var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (EmissionPlan)Assert.Single(result.TrackedSteps[TrackingNames.EmissionPlans].SelectMany(run => run.Outputs)).Value;
    }

    private static RowChoices ChoicesOf(string members) => Assert.Single(PlanOf(members).Methods).Choices!;

    [Fact]
    public void HardLabelsKeepBothSetsInOneSpan()
    {
        var choices = ChoicesOf("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);");
        Assert.Equal(BodyLayout.Row, choices.Layout);
        Assert.All(choices.Factors, f => Assert.Equal(FactorStorage.Labelled, f.Storage));
        Assert.Equal(GradientForm.Kernels, choices.Gradient);
    }

    [Fact]
    public void SoftLabelsRecomputeBothSets()
    {
        var choices = ChoicesOf("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<float> labels, Span<float> grad);");
        Assert.All(choices.Factors, f => Assert.Equal(FactorStorage.Recomputed, f.Storage));
    }

    [Fact]
    public void TheOnlySetOnASpanIsStoredAndTheTargetIsScalar()
    {
        var choices = ChoicesOf("[PairwiseLoss, Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> s, int target, Span<float> grad);");
        Assert.Equal(new[] { ("othersLeft", FactorStorage.Stored), ("targetRight", FactorStorage.Scalar) }, choices.Factors.Select(f => (f.Local, f.Storage)));
    }

    [Fact]
    public void ForwardOnlyStoresNothing()
    {
        var choices = ChoicesOf("[PairwiseLoss, Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> s, int target);");
        Assert.Equal(GradientForm.None, choices.Gradient);
        Assert.DoesNotContain(choices.Factors, f => f.Storage == FactorStorage.Stored);
    }

    [Theory]
    [InlineData("s2 < s1 < s0", nameof(GradientForm.Literal))]
    [InlineData("s0 < s40", nameof(GradientForm.Sparse))]
    public void LiteralGradientsAreStraightLineOrSparse(string constraint, string form) =>
        Assert.Equal(form, ChoicesOf($"[PairwiseLoss, Want(\"{constraint}\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);").Gradient.ToString());

    [Theory]
    [InlineData("", "s2 < s1 < s0", ", Span<float> grad", true)]
    [InlineData("", "neg < 0 < pos", ", ReadOnlySpan<bool> labels, Span<float> grad", true)]
    [InlineData("", "s2 < s1 < s0", "", false)]
    [InlineData("", "s1 < s0", ", Span<float> grad", false)]
    [InlineData("(Hard = true)", "s2 < s1 < s0", ", Span<float> grad", false)]
    [InlineData("(Terms = LossTerms.PerPair)", "s2 < s1 < s0", ", Span<float> grad", false)]
    public void SharesTakeTheirInfiniteLimitInOneTermOfSeveralBlocks(string settings, string constraint, string parameters, bool limit) =>
        Assert.Equal(limit, ChoicesOf($"[PairwiseLoss{settings}, Want(\"{constraint}\")] public static partial float M(ReadOnlySpan<float> s{parameters});").ShareLimit);

    [Theory]
    [InlineData("", "s2 < s1 < s0", ", Span<float> grad", true)]
    [InlineData("", "s2 < s1 < s0", "", true)]
    [InlineData("", "s1 < 0.5", ", Span<float> grad", true)]
    [InlineData("", "neg < 0 < pos", ", ReadOnlySpan<bool> labels, Span<float> grad", false)]
    [InlineData("", "others < target", ", int target, Span<float> grad", false)]
    [InlineData("(Hard = true)", "s2 < s1 < s0", ", Span<float> grad", false)]
    [InlineData("(Terms = LossTerms.PerPair)", "s2 < s1 < s0", ", Span<float> grad", false)]
    public void LiteralLossesTryAGuardFreeFastPath(string settings, string constraint, string parameters, bool fast) =>
        Assert.Equal(fast, ChoicesOf($"[PairwiseLoss{settings}, Want(\"{constraint}\")] public static partial float M(ReadOnlySpan<float> s{parameters});").LiteralFastPath);

    [Fact]
    public void PerPairSetsGoThroughSoftplusKernels()
    {
        var choices = ChoicesOf("[PairwiseLoss(Terms = LossTerms.PerPair), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);");
        Assert.All(choices.Factors, f => Assert.Equal(FactorStorage.PairTerms, f.Storage));
    }

    [Fact]
    public void HardModeReducesSetsToTheirMaximum()
    {
        var choices = ChoicesOf("[PairwiseLoss(Hard = true), Want(\"neg < s0\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);");
        Assert.Equal(new[] { FactorStorage.ArgMax, FactorStorage.Scalar }, choices.Factors.Select(f => f.Storage));
    }

    [Theory]
    [InlineData("", nameof(BodyLayout.RowGroups))]
    [InlineData(", Terms = LossTerms.PerPair", nameof(BodyLayout.RowLoop))]
    [InlineData(", Hard = true", nameof(BodyLayout.RowLoop))]
    public void BatchesAreGroupedOnlyInOneSmoothTerm(string settings, string layout)
    {
        var plan = PlanOf($"[PairwiseLoss(Batched = true{settings}), Want(\"neg < s0\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);");
        Assert.Equal(layout, plan.Methods[0].Choices!.Layout.ToString());
        var helpers = plan.Helpers!;
        Assert.Equal(("PairwiseLoss.Generated", "BatchedRows"), (helpers.Namespace, helpers.Name));
        Assert.Single(helpers.Methods);
    }

    [Fact]
    public void PerClassTermsAreOneKernelCall()
    {
        var plan = PlanOf("[PairwiseLoss(Batched = true, Terms = LossTerms.PerClass), Want(\"others < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);");
        Assert.Null(plan.Helpers);
        Assert.IsType<Return>(plan.Methods[0].Body[^1]);
        Assert.Single(plan.Methods[0].Body.OfType<Return>());
    }

    [Fact]
    public void TheRowsHelperTakesOnlyTheRolesItReads()
    {
        var plan = PlanOf("[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);");
        var helper = Assert.Single(plan.Helpers!.Methods);
        Assert.Equal(
            "public static float M(global::System.ReadOnlySpan<float> s, global::System.ReadOnlySpan<bool> labels, global::System.Span<float> grad, int classes, int firstRow, int endRow, out int counted)",
            helper.Declaration);
    }

    [Fact]
    public void FoldedConstantsPrintInTheirShortestDecimalForm()
    {
        var source = string.Concat(GeneratorHarness.Run(TestSource.InClass(
            "[PairwiseLoss(Gamma = 3, Margin = 0.1), Want(\"s1 < s0\")] public static partial double M(ReadOnlySpan<double> s, Span<double> grad);")).Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("+ 0.3; // γ·(s[1] − s[0] + 0.1): s1 < s0", source, StringComparison.Ordinal);
        Assert.DoesNotContain("0.30000000000000004", source, StringComparison.Ordinal);
    }

    [Fact]
    public void RemarksBreakLinesForQuickInfo()
    {
        var plan = PlanOf("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);");
        var text = GeneratorHarness.Run(TestSource.InClass("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);")).Sources[0].SourceText.ToString();
        var remarks = text.Split('\n').SkipWhile(l => !l.Contains("/// <remarks>")).Skip(1).TakeWhile(l => !l.Contains("/// </remarks>")).ToList();
        Assert.Equal(plan.Methods[0].Remarks.Count, remarks.Count);
        Assert.All(remarks.Take(remarks.Count - 1), line => Assert.EndsWith("<br/>", line, StringComparison.Ordinal));
        Assert.DoesNotContain("factorised", text, StringComparison.Ordinal); // two scores: nothing to factorise
    }

    [Theory]
    [InlineData("", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<int> g, ", "GradedLogTerm.Loss")]
    [InlineData("PairWeight = PairWeighting.HigherGain", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<float> g, ", "GradedLogTerm.Loss")]
    [InlineData("Terms = LossTerms.PerPair, Shape = PairShape.Hinge", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<int> g, ", "GradedPairLoss.Loss")]
    [InlineData("Terms = LossTerms.PerPair, PairWeight = PairWeighting.NdcgLambdaRank", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<int> g, ", "LambdaLoss.Loss")]
    [InlineData("Circle = true", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<int> g, ", "GradedCircleLoss.Loss")]
    [InlineData("Terms = LossTerms.PerItem", "s[j] < s[i] where i < j", "", "ListMle.Loss")]
    [InlineData("Terms = LossTerms.PerItem, Batched = true", "s[j] < s[i] where i < j", "int items, ", "ListMle.Batch")]
    [InlineData("Batched = true, Terms = LossTerms.PerPair", "s[i] < s[j] where g[i] < g[j]", "ReadOnlySpan<int> g, int items, [RowWeights] ReadOnlySpan<float> w, ", "GradedPairLoss.Batch")]
    public void RankedListsCallOneRankingKernel(string settings, string constraint, string parameters, string kernel)
    {
        var choices = ChoicesOf($"[PairwiseLoss({settings}), Want(\"{constraint}\")] public static partial float M(ReadOnlySpan<float> s, {parameters}Span<float> grad);");
        Assert.Equal(BodyLayout.RankingKernel, choices.Layout);
        Assert.Equal(kernel, choices.Kernel);
    }

    /// <summary>
    /// A literal chain of n scores has n(n − 1)/2 pairs: from 64 pairs on it is lowered by levels to the graded kernel, so the
    /// generated code is O(n) (the level table) instead of one term per pair. Shorter chains keep the unrolled fast path.
    /// </summary>
    [Theory]
    [InlineData(11, "", null)]
    [InlineData(12, "", "GradedLogTerm.Loss")]
    [InlineData(100, "", "GradedLogTerm.Loss")]
    [InlineData(100, "Terms = LossTerms.PerPair", "GradedPairLoss.Loss")]
    [InlineData(300, "Terms = LossTerms.PerPair, Hard = true", "GradedPairLoss.Loss")]
    public void LongLiteralChainsAreLoweredByLevels(int n, string settings, string? kernel)
    {
        var chain = string.Join(" < ", Enumerable.Range(0, n).Reverse().Select(i => $"s{i}"));
        var member = $"[PairwiseLoss({settings}), Want(\"{chain}\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);";
        var choices = ChoicesOf(member);
        Assert.Equal(kernel, choices.Kernel);
        var lines = GeneratorHarness.Run(TestSource.InClass(member)).Sources.Sum(source => source.SourceText.Lines.Count);
        if (kernel is not null)
        {
            Assert.True(lines <= 200, $"a chain of {n} generated {lines} lines");
        }
    }

    [Fact]
    public void LiteralLevelsNeedEveryCrossLevelPair()
    {
        // 13 scores in a chain but one pair dropped (Weight = 0 on a duplicate would not do: the pairs must all be there).
        var pairs = Enumerable.Range(0, 13).SelectMany(hi => Enumerable.Range(0, hi).Select(lo => (lo, hi))).Where(p => p != (0, 12)).ToList();
        var wants = string.Concat(pairs.Select(p => $"[Want(\"s{p.hi} < s{p.lo}\")]"));
        var choices = ChoicesOf($"[PairwiseLoss]{wants} public static partial float M(ReadOnlySpan<float> s, Span<float> grad);");
        Assert.Null(choices.Kernel);
        Assert.Equal(BodyLayout.Row, choices.Layout);
    }
}
