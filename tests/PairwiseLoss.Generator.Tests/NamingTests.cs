using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// Any parameter name a user can write compiles (the generated locals come from a name allocator seeded with the
/// user's names), and nothing is added to the user's type, so members named like the generator's helpers do not clash.
/// </summary>
public class NamingTests
{
    private static GeneratorRun AssertCompiles(string members) => ParsingRegressionTests.AssertGeneratesCleanly(members);

    /// <summary>Parameters named like the locals of every body shape: literal, sets, target, per pair, hard, Circle, batched.</summary>
    [Theory]
    [InlineData("[PairwiseLoss(Gamma = 2, Margin = 0.1), Want(\"s[2] < s[1] < s[0]\"), Want(\"s[3] < s[0]\", Margin = 0.5, Weight = 2)] public static partial float M(ReadOnlySpan<float> max, Span<float> sum);")]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> z0, Span<float> loss);")]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> s, Span<float> s0Left);")]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> scale, Span<float> p0);")]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> e0, Span<float> e01);")]
    [InlineData("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> negSet, ReadOnlySpan<bool> labelledSums, Span<float> posRight);")]
    [InlineData("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> negLeft, ReadOnlySpan<float> posSet, Span<float> negSums);")]
    [InlineData("[PairwiseLoss, Want(\"neg < s0\")] public static partial float M(ReadOnlySpan<float> left, ReadOnlySpan<bool> right, Span<float> negLeft);")]
    [InlineData("[PairwiseLoss, Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> sTarget, int targetRight, Span<float> othersSet);")]
    [InlineData("[PairwiseLoss, Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> scores, int target, Span<float> othersLeft);")]
    [InlineData("[PairwiseLoss(Terms = LossTerms.PerPair, Margin = 0.25), Want(\"neg < pos\"), Want(\"s0 < pos\")] public static partial float M(ReadOnlySpan<float> sigmoid1, ReadOnlySpan<bool> p1, Span<float> loss);")]
    [InlineData("[PairwiseLoss(Terms = LossTerms.PerPair), Want(\"s[2] < s[1] < s[0]\")] public static partial double M(ReadOnlySpan<double> z0, Span<double> p0);")]
    [InlineData("[PairwiseLoss(Hard = true, Margin = 1), Want(\"s[2] < s[1] < s[0]\"), Want(\"neg < s0\")] public static partial float M(ReadOnlySpan<float> h0, ReadOnlySpan<bool> negLeftMax, Span<float> loss);")]
    [InlineData("[PairwiseLoss(Circle = true, Gamma = 80, Margin = 0.4), Want(\"sn < sp\")] public static partial float M(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> spSums, Span<float> snSet);")]
    [InlineData("[PairwiseLoss(Circle = true, CircleFullGradient = true), Want(\"snLeft < spRight\")] public static partial double M(ReadOnlySpan<double> snLeft, ReadOnlySpan<double> spRight, double gamma, double margin, Span<double> scale, Span<double> sum);")]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\"), Want(\"s[2] < s[0]\", Margin = 0.5)] public static partial float M(ReadOnlySpan<float> sum, float gamma, float margin, Span<float> max);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> sRow, ReadOnlySpan<bool> row, int start, Span<float> groupRow);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> firstRow, ReadOnlySpan<bool> counted, int endRow, Span<float> blockScores);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"others < target\")] public static partial double M(ReadOnlySpan<double> total, ReadOnlySpan<int> rowTarget, int RowsPerGroup, Span<double> groupLogits);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"others < target\")] public static partial double M(ReadOnlySpan<double> scores, ReadOnlySpan<int> target, int classes, Span<double> gradSet);")]
    [InlineData("[PairwiseLoss(Batched = true, Terms = LossTerms.PerPair), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> block, ReadOnlySpan<bool> groupPresent, int groupSize, Span<float> negLeftInverses);")]
    [InlineData("[PairwiseLoss(Batched = true, Hard = true), Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> gradientRow, float gamma, int scores, Span<float> blockGradient);")]
    public void ParametersNamedLikeTheGeneratedLocalsCompile(string member) => AssertCompiles(member);

    /// <summary>Names that mean something to the compiler: contextual keywords, discards, escaped keywords.</summary>
    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> nameof, Span<float> grad);")]
    [InlineData("[PairwiseLoss, Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> s, int nameof, Span<float> grad);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> _, ReadOnlySpan<bool> var, int global, Span<float> value);")]
    [InlineData("[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> @default, ReadOnlySpan<bool> labels, int @int, float gamma, float margin, Span<float> @return);")]
    [InlineData("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float M(ReadOnlySpan<float> dynamic, ReadOnlySpan<bool> async, Span<float> await);")]
    public void ParametersNamedLikeKeywordsCompile(string member) => AssertCompiles(member);

    [Fact]
    public void AMemberCalledNameofDoesNotCaptureTheGuards() => AssertCompiles("""
        [PairwiseLoss, Want("s1 < s0")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);

        private static int nameof(object value) => 0;
        """);

    /// <summary>Members named like every helper, runtime class and local: the user's type receives only its methods.</summary>
    [Fact]
    public void ATypeWithMembersNamedLikeEveryHelperCompiles()
    {
        var run = AssertCompiles("""
            [PairwiseLoss(Batched = true), Want("neg < 0 < pos")]
            public static partial float MultiLabelBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

            [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair), Want("s0 < s1")]
            public static partial float PairsBatch(ReadOnlySpan<float> scores, int classes, Span<float> gradient);

            [PairwiseLoss(Gamma = 2), Want("s2 < s1 < s0"), Want("neg < s0")]
            public static partial float Rank(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

            public static int MultiLabelBatchRows() => 0;
            public static int PairsBatchRows;
            public static int RankRows => 0;
            public static int BatchedRows;
            public static int Generated;
            public static int PairwiseLoss;
            public static int System;
            public static int Guard;
            public static int RowBlocks;
            public static int SetKernels;
            public static int BlockKernels;
            public static int LossMath;
            public static int ScoreSet;
            public static int SetSums;
            public static int LabelledSums;
            public static int Math;
            public static int MathF;
            public static int loss, max, sum, scale, total, counted, row, start, firstRow, endRow, z0, e0, p0, s0, s0Left, s1Right, negLeft, negSet, labelledSums;
            public static int RowsPerGroup, groupLogits, groupLosses, groupPresent, groupStart, groupSize, groupRow, block, blockScores, blockLabels, blockGradient, blockClasses;
            """);

        var text = string.Concat(run.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("file static class BatchedRows", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUsersPartialReceivesOnlyItsMethods()
    {
        var run = AssertCompiles("""
            [PairwiseLoss(Batched = true), Want("neg < 0 < pos")]
            public static partial float MultiLabelBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);
            """);
        var type = run.Output.GetTypeByMetadataName("Tests.Losses")!;
        Assert.Equal(new[] { "MultiLabelBatch" }, type.GetMembers().Select(m => m.Name).Where(n => n != ".ctor").Distinct());
    }

    [Fact]
    public void LocalsThatWouldClashGetTheNextFreeName()
    {
        var run = AssertCompiles(
            "[PairwiseLoss, Want(\"s[1] < s[0]\")] public static partial float M(ReadOnlySpan<float> loss, Span<float> max);");
        var text = run.Sources[0].SourceText.ToString();
        Assert.Contains("float loss1 = loss[1];", text, StringComparison.Ordinal); // the scores' own prefix comes first
        Assert.Contains("float max1 = global::System.Math.Max(0f, z0);", text, StringComparison.Ordinal);
        Assert.Contains("float loss2 = max1 + ", text, StringComparison.Ordinal);
        Assert.Contains("return loss2;", text, StringComparison.Ordinal);
    }

    /// <summary>Renamed parameters change names only: the same inputs give the same loss and gradient.</summary>
    [Fact]
    public void RenamedParametersComputeTheSameLoss()
    {
        var assembly = GeneratorHarness.CompileAndLoad(TestSource.InClass("""
            [PairwiseLoss(Gamma = 2), Want("neg < 0 < pos"), Want("s0 < s1", Margin = 0.3)]
            public static partial float Plain(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

            [PairwiseLoss(Gamma = 2), Want("neg < 0 < pos"), Want("s0 < s1", Margin = 0.3)]
            public static partial float Renamed(ReadOnlySpan<float> negSet, ReadOnlySpan<bool> max, Span<float> loss);

            public static float Call(string name, float[] scores, bool[] labels, float[] gradient) => name == "Plain"
                ? Plain(scores, labels, gradient)
                : Renamed(scores, labels, gradient);
            """));
        var call = assembly.GetType("Tests.Losses")!.GetMethod("Call", BindingFlags.Public | BindingFlags.Static)!;
        float[] scores = { 0.5f, -1.25f, 2f, 0.1f };
        bool[] labels = { true, false, false, true };
        var (plainGradient, renamedGradient) = (new float[4], new float[4]);
        var plain = (float)call.Invoke(null, new object[] { "Plain", scores, labels, plainGradient })!;
        var renamed = (float)call.Invoke(null, new object[] { "Renamed", scores, labels, renamedGradient })!;
        Assert.Equal(plain, renamed);
        Assert.Equal(plainGradient, renamedGradient);
    }
}
