using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// One test per diagnostic id: the id, the severity and the exact span (marked <c>[|…|]</c> in the source), and no
/// loss code for an erroneous method (warnings keep the code). The build reports that one id and nothing else: the
/// generator completes an erroneous partial method with a body that throws, so no CS8795 or CS0759 comes beside it.
/// </summary>
public class DiagnosticTests
{
    private const string Rank = "public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);";

    /// <summary>
    /// Runs the generator and asserts it reports exactly one diagnostic, <paramref name="id"/> on the marked span, and
    /// that the whole build (the generator's diagnostics and the compiler's on the output) reports no other id, but for
    /// <paramref name="compilerIds"/>: the compiler's own errors on the user's code, which no generator can take away.
    /// </summary>
    private static GeneratorRun Expect(string id, DiagnosticSeverity severity, string markedSource, params string[] compilerIds) =>
        Expect(id, severity, markedSource, validLosses: 0, compilerIds);

    /// <param name="validLosses">How many files of valid losses the source also generates (a decision rule's loss).</param>
    private static GeneratorRun Expect(string id, DiagnosticSeverity severity, string markedSource, int validLosses, params string[] compilerIds)
    {
        var (source, span) = TestSource.Parse(markedSource);
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Equal(compilerIds.Append(id).OrderBy(x => x, System.StringComparer.Ordinal), BuildIds(run));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        // The generator reports through Location.Create(path, span, lineSpan) (an external-file location: the model holds no
        // SyntaxTree), so the file is checked by path, and the line span against the source text.
        Assert.NotEqual(Location.None, diagnostic.Location);
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(Microsoft.CodeAnalysis.Text.SourceText.From(source).Lines.GetLinePositionSpan(span), diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(source.Substring(span.Start, span.Length), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("{0}", message);
        Assert.DoesNotContain("{1}", message);
        if (severity == DiagnosticSeverity.Error)
        {
            Assert.Equal(validLosses, run.Sources.Count(generated => !IsErrorsFile(generated)));
        }
        else
        {
            Assert.False(IsErrorsFile(Assert.Single(run.Sources)));
            Assert.Empty(run.CompilationDiagnostics);
        }

        return run;
    }

    /// <summary>Every distinct id a build of <paramref name="run"/> shows (warnings and errors), generator's and compiler's.</summary>
    private static string[] BuildIds(GeneratorRun run) =>
        run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.Id)
            .Distinct()
            .OrderBy(id => id, System.StringComparer.Ordinal)
            .ToArray();

    private static bool IsErrorsFile(GeneratedSourceResult source) =>
        source.HintName.EndsWith(".PairwiseLoss.Errors.g.cs", System.StringComparison.Ordinal);

    private static GeneratorRun Error(string id, string markedSource, params string[] compilerIds) =>
        Expect(id, DiagnosticSeverity.Error, markedSource, compilerIds);

    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static float [|Rank|](ReadOnlySpan<float> s, Span<float> grad) => 0f;", "add 'partial' and remove the body")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float [|Rank|](ReadOnlySpan<float> s, Span<float> grad) { return 0f; }", "remove the body")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static float [|Rank|](ReadOnlySpan<float> s, Span<float> grad);", "add 'partial'")]
    public void PL0001_MethodNotPartial(string member, string hint)
    {
        var run = Error("PL0001", TestSource.InClass(member), member.EndsWith(");", System.StringComparison.Ordinal) ? new[] { "CS0501" } : System.Array.Empty<string>());
        Assert.EndsWith("without a body: " + hint, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0002_MethodNotStatic() => Error("PL0002", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\")] public partial float [|Rank|](ReadOnlySpan<float> s, Span<float> grad);",
        type: "public partial class Losses"));

    [Theory]
    [InlineData("""
        using System;
        using PairwiseLoss;
        public static class [|Losses|]
        {
            [PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
        }
        """)]
    [InlineData("""
        using System;
        using PairwiseLoss;
        public partial class Outer
        {
            public static class [|Inner|]
            {
                [PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
            }
        }
        """)]
    public void PL0003_TypeNotPartial(string source) =>
        Error("PL0003", source, "CS0751", "CS8795"); // a partial method outside a partial type: the compiler says so too

    [Fact]
    public void PL0004_UnsupportedReturnType() => Error("PL0004", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\")] public static partial [|int|] Rank(ReadOnlySpan<float> s, Span<float> grad);"));

    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, [|string|] name, Span<float> grad);", "expected ReadOnlySpan<float> scores")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, [|ref|] float extra);", "without ref")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, [|Span<double>|] grad);", "write 'Span<float>'")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, ReadOnlySpan<bool> [|labels|], Span<float> grad);", "no constraint uses pos or neg")]
    // The scores in the wrong element type: one error on the type, not also "needs a scores parameter" (PL0006).
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank([|ReadOnlySpan<double>|] s, Span<float> grad);", "write 'ReadOnlySpan<float>'")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank([|float[]|] s);", "write 'ReadOnlySpan<float>' for the scores")]
    [InlineData("[PairwiseLoss, Want(\"neg < pos\")] public static partial float Rank(ReadOnlySpan<float> s, [|bool[]|] labels);", "write 'ReadOnlySpan<bool>' for the labels")]
    public void PL0005_InvalidParameter(string member, string hint)
    {
        var run = Error("PL0005", TestSource.InClass(member));
        Assert.Contains(hint, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0005_ArraysInsteadOfSpansGetOneErrorEachOnTheirTypes()
    {
        var (source, _) = TestSource.Parse(TestSource.InClass(
            "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float [|Rank|](float[] s, float[] grad);"));
        var run = GeneratorHarness.Run(source);
        Assert.Equal(new[] { "PL0005" }, BuildIds(run));
        Assert.Equal(new[] { "float[] s", "float[] grad" }, run.GeneratorDiagnostics.Select(d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length) + (d.GetMessage().Contains("'grad'") ? " grad" : " s")));
        Assert.Contains("write 'Span<float>' for a gradient", run.GeneratorDiagnostics[1].GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0006_MissingScores() => Error("PL0006", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float [|Rank|](Span<float> grad);"));

    [Fact]
    public void PL0007_GradientMismatch() => Error("PL0007", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float [|Rank|](ReadOnlySpan<float> s, Span<float> first, Span<float> second);"));

    /// <summary>One error for the missing parameter, on the first side that needs it, however many need it.</summary>
    [Theory]
    [InlineData("[|neg|] < 0")]
    [InlineData("[|neg|] < 0 < pos")]
    public void PL0008_MissingLabels(string constraint) => Error("PL0008", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Rank));

    [Theory]
    [InlineData("[|others|] < s0")]
    [InlineData("[|others|] < target")]
    public void PL0009_MissingTarget(string constraint) => Error("PL0009", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Rank));

    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s0 < [|<|] s1\")] ")]
    [InlineData("[PairwiseLoss, Want(\"s0 [|=|] s1\")] ")]
    [InlineData("[PairwiseLoss, Want(\"[|s0|]\")] ")]
    [InlineData("[PairwiseLoss, Want(\"s0 <[|<|]\")] ")]
    [InlineData("[PairwiseLoss, Want(\"s[0[|<|] s1\")] ")]
    [InlineData("[PairwiseLoss, Want(\"s0 < [|1e999|]\")] ")]
    [InlineData("[PairwiseLoss, Want(@\"s0 < [|?|]\")] ")]
    public void PL0010_SyntaxError(string attributes) => Error("PL0010", TestSource.InClass(attributes + Rank));

    [Fact]
    public void PL0010_InsideAnEscapedLiteralPointsAtTheWholeLiteral() => Error("PL0010", TestSource.InClass(
        "[PairwiseLoss, Want([|\"s0 <\\n s1\"|])] " + Rank));

    [Fact]
    public void PL0011_UnknownName() => Error("PL0011", TestSource.InClass(
        "[PairwiseLoss, Want(\"s0 < [|foo|]\")] " + Rank));

    [Fact]
    public void PL0011_ATypoDoesNotMakeTheLabelsUnused() => Error("PL0011", TestSource.InClass(
        "[PairwiseLoss, Want(\"neg < 0 < [|poss|]\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);"));

    [Theory]
    [InlineData("s0 < [|s70000|]")]
    [InlineData("s0 < s[[|-1|]]")]
    [InlineData("[|s[65536]|] < s0")]
    public void PL0012_IndexOutOfRange(string constraint) => Error("PL0012", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Rank));

    [Theory]
    [InlineData("Gamma = 0")]
    [InlineData("Gamma = -1")]
    [InlineData("Gamma = double.PositiveInfinity")]
    [InlineData("Gamma = double.NaN")]
    public void PL0013_InvalidGamma(string argument) => Error("PL0013", TestSource.InClass(
        $"[PairwiseLoss([|{argument}|]), Want(\"s1 < s0\")] " + Rank));

    [Theory]
    [InlineData("[PairwiseLoss([|Margin = double.NaN|]), Want(\"s1 < s0\")] ")]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\", [|Margin = double.NegativeInfinity|])] ")]
    public void PL0014_InvalidMargin(string attributes) => Error("PL0014", TestSource.InClass(attributes + Rank));

    [Theory]
    [InlineData("Weight = -1")]
    [InlineData("Weight = double.NaN")]
    [InlineData("Weight = double.PositiveInfinity")]
    public void PL0015_InvalidWeight(string argument) => Error("PL0015", TestSource.InClass(
        $"[PairwiseLoss, Want(\"s1 < s0\", [|{argument}|])] " + Rank));

    [Theory]
    [InlineData("[|\"\"|]")]
    [InlineData("[|\"  \\t \"|]")]
    public void PL0016_EmptyConstraint(string argument) => Error("PL0016", TestSource.InClass(
        $"[PairwiseLoss, Want({argument})] " + Rank));

    [Fact]
    public void PL0016_NullConstraint() => Error("PL0016", TestSource.InClass(
        "[PairwiseLoss, Want([|null|])] " + Rank), "CS8625"); // the compiler's nullable warning on the user's null

    [Theory]
    [InlineData("[|s0 < s0|]")]
    [InlineData("[|s1 < s[1]|]")]
    public void PL0017_SelfComparison(string constraint) => Error("PL0017", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Rank));

    [Fact]
    public void PL0018_DuplicateConstraintWarnsAndStillGenerates() => Expect("PL0018", DiagnosticSeverity.Warning, TestSource.InClass(
        "[PairwiseLoss, Want(\"s2 < s1 < s0\"), Want(\"[|s1 < s0|]\")] " + Rank));

    [Fact]
    public void PL0019_ContradictionWarnsAndStillGenerates() => Expect("PL0019", DiagnosticSeverity.Warning, TestSource.InClass(
        "[PairwiseLoss, Want(\"s0 < s1\"), Want(\"[|s1 < s0|]\")] " + Rank));

    [Fact]
    public void PL0019_ThroughAThreshold() => Expect("PL0019", DiagnosticSeverity.Warning, TestSource.InClass(
        "[PairwiseLoss, Want(\"s0 < 0\"), Want(\"[|0 < s0|]\")] " + Rank));

    [Fact]
    public void PL0020_ConstantComparison() => Error("PL0020", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\"), Want(\"[|0 < 1|]\")] " + Rank));

    [Fact]
    public void PL0021_NoConstraints() => Error("PL0021", TestSource.InClass(
        "[PairwiseLoss] public static partial float [|Rank|](ReadOnlySpan<float> s, Span<float> grad);"));

    [Theory]
    [InlineData("[|s0 > s1|]", "write \"s1 < s0\" instead")]
    [InlineData("[|s0 > s1 > s2|]", "write \"s2 < s1 < s0\" instead")]
    [InlineData("[|s0 < s1 > s2|]", "write \"s0 < s1\" and \"s2 < s1\" instead")] // not "s2 < s1 < s0": that adds s2 < s0
    [InlineData("[|s0 > s1 < s2|]", "write \"s1 < s0\" and \"s1 < s2\" instead")]
    [InlineData("[|s1 <= s0|]", "write \"s1 < s0\" instead")] // not "Unexpected '='"
    [InlineData("[|s0 >= s1|]", "write \"s1 < s0\" instead")]
    [InlineData("[|neg <= 0 < pos|]", "write \"neg < 0 < pos\" instead")]
    public void PL0022_GreaterThan(string constraint, string suggestion)
    {
        var run = Error("PL0022", TestSource.InClass($"[PairwiseLoss, Want(\"{constraint}\")] " + Rank));
        Assert.EndsWith(suggestion, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0022_ABrokenConstraintDoesNotMakeTheLabelsUnused() => Error("PL0022", TestSource.InClass(
        "[PairwiseLoss, Want(\"[|pos > 0 > neg|]\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);"));

    [Theory]
    [InlineData("<T>", "")]
    [InlineData("<T, U>", " where T : struct, System.IComparable<T> where U : class?, new()")]
    public void PL0023_GenericMethod(string typeParameters, string constraints) => Error("PL0023", TestSource.InClass(
        $"[PairwiseLoss, Want(\"s1 < s0\")] public static partial float [|Rank|]{typeParameters}(ReadOnlySpan<float> s, Span<float> grad){constraints};"));

    [Fact]
    public void PL0024_InvalidLabels() => Error("PL0024", TestSource.InClass(
        "[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float Rank(ReadOnlySpan<float> s, [|ReadOnlySpan<int>|] labels, Span<float> grad);"));

    [Fact]
    public void PL0025_BatchNeedsClasses() => Error("PL0025", TestSource.InClass(
        "[PairwiseLoss(Batched = true), Want(\"neg < 0 < pos\")] public static partial float [|Rank|](ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);"));

    [Theory]
    [InlineData("[PairwiseLoss([|Circle = true|]), Want(\"sn[0] < sp\")] public static partial float Circle(ReadOnlySpan<float> sn, ReadOnlySpan<float> sp, Span<float> gn, Span<float> gp);")]
    [InlineData("[PairwiseLoss([|Circle = true|]), Want(\"sn < 0 < sp\")] public static partial float Circle(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gp, Span<float> gn);")]
    [InlineData("[PairwiseLoss([|Circle = true|]), Want(\"sn < sp\"), Want(\"sp < sx\")] public static partial float Circle(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, ReadOnlySpan<float> sx, Span<float> gp, Span<float> gn, Span<float> gx);")]
    public void PL0026_CircleShape(string member) => Error("PL0026", TestSource.InClass(member));

    [Theory]
    [InlineData("[PairwiseLoss(Circle = true, [|Hard = true|]), Want(\"sn < sp\")] public static partial float M(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gp, Span<float> gn);")]
    [InlineData("[PairwiseLoss([|Hard = true|], Terms = LossTerms.PerPair, Shape = PairShape.Sigmoid), Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> g);")]
    [InlineData("[PairwiseLoss([|Circle = true|], Terms = LossTerms.PerPair), Want(\"sn < sp\")] public static partial float M(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gp, Span<float> gn);")]
    public void PL0027_IncompatibleModes(string member) => Error("PL0027", TestSource.InClass(member));

    [Theory]
    [InlineData("[|Hard = true|], Terms = LossTerms.PerClass", "s1 < s0", "Hard", "Terms = LossTerms.PerClass")]
    [InlineData("[|Hard = true|], Terms = LossTerms.PerPair, Shape = PairShape.SquaredHinge", "s1 < s0", "Hard", "Shape = PairShape.SquaredHinge")]
    [InlineData("[|Circle = true|], Terms = LossTerms.PerClass", "sn < sp", "Circle", "Terms = LossTerms.PerClass")]
    public void PL0027_NamesTheTermsSettingThatWasWritten(string settings, string want, string mode, string terms)
    {
        var parameters = want == "sn < sp" ? "ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gp, Span<float> gn" : "ReadOnlySpan<float> s, Span<float> g";
        var run = Error("PL0027", TestSource.InClass($"[PairwiseLoss({settings}), Want(\"{want}\")] public static partial float M({parameters});"));
        Assert.Equal($"'{mode}' cannot be combined with '{terms}': remove one of them", run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[|Shape = PairShape.Hinge|]")]
    [InlineData("Terms = LossTerms.Single, [|Shape = PairShape.Sigmoid|]")]
    [InlineData("Hard = true, [|Shape = PairShape.Hinge|]")]
    public void PL0035_ShapeWithoutPerPair(string settings) => Error("PL0035", TestSource.InClass(
        $"[PairwiseLoss({settings}), Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> g);"));

    [Fact]
    public void PL0036_UnknownShape() => Error("PL0036", TestSource.InClass(
        "[PairwiseLoss(Terms = LossTerms.PerPair, [|Shape = (PairShape)7|]), Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> g);"));

    private const string Graded = "public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<int> g, Span<float> grad);";

    [Theory]
    [InlineData("[PairwiseLoss([|PairWeight = PairWeighting.HigherGain|]), Want(\"s1 < s0\")]")]
    [InlineData("[PairwiseLoss([|Terms = LossTerms.PerItem|]), Want(\"s1 < s0\")]")]
    [InlineData("[PairwiseLoss([|TopN = 10|]), Want(\"neg < pos\")]")]
    [InlineData("[PairwiseLoss(Batched = true, [|Reduction = LossReduction.Sum|]), Want(\"s1 < s0\")]")]
    public void PL0037_NeedsRankedConstraint(string attributes) => Error("PL0037", TestSource.InClass(
        attributes + " public static partial float M(ReadOnlySpan<float> s, " + (attributes.Contains("pos") ? "ReadOnlySpan<bool> labels, " : string.Empty) + (attributes.Contains("Batched") ? "int classes, " : string.Empty) + "Span<float> grad);"));

    [Fact]
    public void PL0037_RowWeightsOnALossWithoutRankedLists() => Error("PL0037", TestSource.InClass(
        "[PairwiseLoss(Batched = true), Want(\"neg < pos\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, [RowWeights] ReadOnlySpan<float> [|w|], Span<float> grad);"));

    [Theory]
    [InlineData("s[i] < s[j] where [|g[j] < g[i]|]")]
    [InlineData("s[i] < s[j] where [|g[i] < g[k]|]")]
    [InlineData("s[j] < s[i] where [|i < k|]")]
    public void PL0038_QuantifierMismatch(string constraint) => Error("PL0038", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Graded));

    [Fact]
    public void PL0039_RankedConstraintAlone() => Error("PL0039", TestSource.InClass(
        "[PairwiseLoss, Want(\"s[i] < s[j] where g[i] < g[j]\"), Want([|\"s1 < s0\"|])] " + Graded));

    [Theory]
    [InlineData("[|PairWeight = PairWeighting.LabelDifference|]", "does not factor into one log-term")]
    [InlineData("Terms = LossTerms.PerPair, [|PairWeight = PairWeighting.HigherGain|]", "is a weight inside one log-term")]
    [InlineData("Terms = LossTerms.PerPair, Shape = PairShape.Hinge, [|PairWeight = PairWeighting.NdcgLambdaRank|]", "logistic pair term of LambdaLoss")]
    [InlineData("Terms = LossTerms.PerPair, Margin = 1, [|PairWeight = PairWeighting.NdcgLoss2|]", "has no margin")]
    public void PL0040_WeightingNeedsTerms(string settings, string hint)
    {
        var run = Error("PL0040", TestSource.InClass($"[PairwiseLoss({settings}), Want(\"s[i] < s[j] where g[i] < g[j]\")] " + Graded));
        Assert.Contains(hint, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0040_AWeightingNeedsGrades() => Error("PL0040", TestSource.InClass(
        "[PairwiseLoss(Terms = LossTerms.PerPair, [|PairWeight = PairWeighting.GainDifference|]), Want(\"s[j] < s[i] where i < j\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);"));

    [Theory]
    [InlineData("[|x|][i] < x[j] where g[i] < g[j]")]
    [InlineData("s[i] < s[j] where [|h|][i] < h[j]")]
    [InlineData("s[i] < s[j] [|whence|] g[i] < g[j]")]
    [InlineData("s[i] < [|t|][j] where g[i] < g[j]")]
    [InlineData("s[i] < s[[|i|]] where g[i] < g[j]")]
    [InlineData("s[i] < s[j] where g[i] [|>|] g[j]")]
    [InlineData("s[i] < s[j[|]|]")]
    public void PL0010_QuantifiedSyntax(string constraint) => Error("PL0010", TestSource.InClass(
        $"[PairwiseLoss, Want(\"{constraint}\")] " + Graded));

    [Theory]
    [InlineData("[PairwiseLoss([|Circle = true|], Terms = LossTerms.PerItem), Want(\"s[i] < s[j] where g[i] < g[j]\")] " + Graded)]
    [InlineData("[PairwiseLoss([|Circle = true|]), Want(\"s[j] < s[i] where i < j\")] public static partial float M(ReadOnlySpan<float> s, Span<float> grad);")]
    [InlineData("[PairwiseLoss([|Hard = true|]), Want(\"s[i] < s[j] where g[i] < g[j]\")] " + Graded)]
    [InlineData("[PairwiseLoss([|Reduction = LossReduction.Sum|]), Want(\"s[i] < s[j] where g[i] < g[j]\")] " + Graded)]
    [InlineData("[PairwiseLoss, Want(\"s[i] < s[j] where g[i] < g[j]\", [|Weight = 2|])] " + Graded)]
    [InlineData("[PairwiseLoss([|Terms = LossTerms.PerPair|]), Want(\"others < target\")] public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<float> target, Span<float> grad);")]
    public void PL0027_RankedSettingsThatCannotBeCombined(string member) => Error("PL0027", TestSource.InClass(member));

    [Theory]
    [InlineData("public static partial float M(ReadOnlySpan<float> s, [|ReadOnlySpan<bool>|] g, Span<float> grad);")]
    [InlineData("public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<int> g, [RowWeights] ReadOnlySpan<float> [|w|], Span<float> grad);")]
    [InlineData("public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<int> g, [|int|] target, Span<float> grad);")]
    public void PL0005_RankedParameters(string method) => Error("PL0005", TestSource.InClass(
        "[PairwiseLoss, Want(\"s[i] < s[j] where g[i] < g[j]\")] " + method));

    private const string ZlprLoss = "[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float Zlpr(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);";

    [Theory]
    [InlineData("[[|DecisionRule(\"Missing\")|]]", "is not a [PairwiseLoss] method")]
    [InlineData("[[|DecisionRule(nameof(Rank))|]]", "sets no threshold")]
    public void PL0041_NoDecisionRule(string attribute, string hint)
    {
        var run = Expect("PL0041", DiagnosticSeverity.Error, TestSource.InClass(ZlprLoss + "\n[PairwiseLoss, Want(\"neg < pos\")] public static partial float Rank(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);\n"
            + attribute + " public static partial void Predict(ReadOnlySpan<float> s, Span<bool> labels);"), validLosses: 1);
        Assert.Contains(hint, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0042_DecisionRuleSignature()
    {
        var run = Expect("PL0042", DiagnosticSeverity.Error, TestSource.InClass(ZlprLoss + "\n[DecisionRule(nameof(Zlpr))] public static partial void [|Predict|](ReadOnlySpan<float> s, Span<int> labels);"), validLosses: 1);
        Assert.Contains("static partial void Predict(System.ReadOnlySpan<float> scores, System.Span<bool> labels)", run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0034_FullGradientWithoutCircle() => Expect("PL0034", DiagnosticSeverity.Warning, TestSource.InClass(
        "[PairwiseLoss([|CircleFullGradient = true|]), Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> g);"));

    [Theory]
    [InlineData("[PairwiseLoss(Terms = LossTerms.PerClass), Want(\"others < pos\")] public static partial float [|M|](ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);")]
    [InlineData("[PairwiseLoss(Batched = true, Terms = LossTerms.PerClass), Want(\"neg < pos\")] public static partial float [|M|](ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> g);")]
    public void PL0028_PerClassShape(string member) => Error("PL0028", TestSource.InClass(member));

    [Fact]
    public void PL0030_MissingAccessibility() => Error("PL0030", TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\")] static partial float [|Rank|](ReadOnlySpan<float> s, Span<float> grad);"),
        "CS8796"); // the compiler's own error on the user's line; no implementation is generated, which would repeat it

    [Theory]
    [InlineData("[PairwiseLoss(Gamma = 1e300), Want(\"s1 < s0\")] public static partial float [|M|](ReadOnlySpan<float> s, Span<float> g);")]
    [InlineData("[PairwiseLoss, Want(\"-1e308 < neg\")] public static partial float [|M|](ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> g);")]
    [InlineData("[PairwiseLoss(Gamma = 256, Margin = 1e308), Want(\"s1 < s0\")] public static partial double [|M|](ReadOnlySpan<double> s, Span<double> g);")]
    public void PL0031_ConstantOutOfRange(string member) => Error("PL0031", TestSource.InClass(member));

    [Theory]
    [InlineData("[[|Want|](\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);")]
    [InlineData("[[|Want|](\"s1 < s0\"), Want(\"s2 < s1\")] public static float Rank(ReadOnlySpan<float> s, Span<float> grad) => 0f;")]
    public void PL0032_WantWithoutLoss(string member) => Error("PL0032", TestSource.InClass(member));

    [Fact]
    public void PL0032_NotReportedWhenTheOtherPartHasPairwiseLoss()
    {
        // [Want] on the implementing part and [PairwiseLoss] on the defining one: one method, both attributes.
        var run = GeneratorHarness.Run(TestSource.InClass("""
            [PairwiseLoss] public static partial float Rank(ReadOnlySpan<float> s);
                [Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s) => 0f;
            """));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "PL0032");
    }

    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\"), Want(\"[|s1 < s0|]\", Margin = 0.5)] ", "Margin = 0 by an earlier constraint; this one asks Margin = 0.5")]
    [InlineData("[PairwiseLoss, Want(\"s2 < s1 < s0\", Margin = 0.25), Want(\"[|s1 < s0|]\")] ", "Margin = 0.25 by an earlier constraint; this one asks Margin = 0:")]
    public void PL0033_DuplicateWithOtherMarginWarnsAndStillGenerates(string attributes, string message)
    {
        var run = Expect("PL0033", DiagnosticSeverity.Warning, TestSource.InClass(attributes + Rank));
        Assert.Contains(message, run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void PL0033_AgainstTheRuntimeMargin() => Expect("PL0033", DiagnosticSeverity.Warning, TestSource.InClass(
        "[PairwiseLoss, Want(\"s1 < s0\"), Want(\"[|s1 < s0|]\", Margin = 1)] public static partial float M(ReadOnlySpan<float> s, float margin, Span<float> g);"));

    [Fact]
    public void AnInvalidDeclarationGetsABodyThatThrowsAndSaysWhy()
    {
        var run = GeneratorHarness.Run(TestSource.InClass("""
            [PairwiseLoss, Want("s0 < foo")] public static partial float Broken(ReadOnlySpan<float> s, Span<float> grad);
                public static float Call() => Broken(default, default);
            """));
        Assert.Equal(new[] { "PL0011" }, BuildIds(run));
        using var stream = new System.IO.MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        var context = new System.Runtime.Loader.AssemblyLoadContext(null, isCollectible: true);
        var call = context.LoadFromStream(new System.IO.MemoryStream(stream.ToArray())).GetType("Tests.Losses")!.GetMethod("Call")!;
        var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => call.Invoke(null, null));
        var inner = Assert.IsType<System.InvalidOperationException>(thrown.InnerException);
        Assert.Equal("The [PairwiseLoss] declaration of Broken has errors: see PL0011.", inner.Message);
        context.Unload();
    }

    /// <summary>The throwing bodies repeat each signature exactly: modifiers, ref kinds, scoped, params, nullability, constraints.</summary>
    [Fact]
    public void InvalidDeclarationsSnapshot()
    {
        var source = """
            #nullable enable
            using System;
            using System.Collections.Generic;
            using PairwiseLoss;

            namespace Shapes.Inner;

            public partial class Outer<TModel> where TModel : class
            {
                internal partial record struct Holder
                {
                    [PairwiseLoss, Want("s0 < foo")]
                    public static partial float Unknown(scoped ReadOnlySpan<float> s, Span<float> grad);

                    [PairwiseLoss, Want("s1 < s0")]
                    private static partial double Wrong(ref double amount, in int count, out bool done, params string?[] names);

                    [PairwiseLoss, Want("s1 < s0")]
                    public static partial ref readonly int Generic<T, U>(ReadOnlySpan<float> s, List<(int Left, string? Right)> pairs, T? value)
                        where T : struct, IComparable<T> where U : class?, IEnumerable<TModel>, new();

                    [Want("s1 < s0")]
                    public partial float WantOnly(ReadOnlySpan<float> @in);

                    [PairwiseLoss, Want("s1 < s0")]
                    public partial float Instance(ReadOnlySpan<float> s);

                    [PairwiseLoss, Want("s1 < s0")]
                    public static partial float Body(ReadOnlySpan<float> s) => 0f;
                }
            }
            """;
        var run = GeneratorHarness.Run(source);
        Assert.Equal(new[] { "PL0001", "PL0002", "PL0004", "PL0005", "PL0011", "PL0023", "PL0032" }, BuildIds(run));
        Snapshots.Snapshot.Verify(run, testFile: SnapshotFile(), testMethod: nameof(InvalidDeclarationsSnapshot));
    }

    private static string SnapshotFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void APartialBodyWithoutDeclarationGetsTheDeclaration()
    {
        var run = GeneratorHarness.Run(TestSource.InClass(
            "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad) { return 0f; }"));
        Assert.Equal(new[] { "PL0001" }, BuildIds(run));
        Assert.Contains("public static partial float Rank(global::System.ReadOnlySpan<float> s, global::System.Span<float> grad);",
            Assert.Single(run.Sources).SourceText.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnosticsPointIntoTheSourceTreeSoPragmasApply()
    {
        // Only in-source locations are subject to #pragma warning disable and to .editorconfig severities.
        var run = GeneratorHarness.Run(TestSource.InClass(
            "[PairwiseLoss, Want(\"s1 < s0\"), Want(\"s1 < s0\")] public static partial float M(ReadOnlySpan<float> s, Span<float> g);"));
        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("PL0018", warning.Id);
        Assert.True(warning.Location.IsInSource);
        Assert.Same(run.Input.SyntaxTrees[0], warning.Location.SourceTree);
    }

    [Fact]
    public void EveryDescriptorHasATest()
    {
        var ids = typeof(PairwiseLoss.Generator.Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .OrderBy(id => id, System.StringComparer.Ordinal)
            .ToList();
        var tested = typeof(DiagnosticTests).GetMethods()
            .Select(method => method.Name)
            .Where(name => name.StartsWith("PL", System.StringComparison.Ordinal))
            .Select(name => name.Substring(0, 6))
            .Distinct()
            .OrderBy(id => id, System.StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ids, tested);
    }

    [Fact]
    public void ErroneousMethodGeneratesNothingButItsValidNeighbourDoes()
    {
        var run = GeneratorHarness.Run(TestSource.InClass("""
            [PairwiseLoss, Want("s0 < foo")] public static partial float Broken(ReadOnlySpan<float> s, Span<float> grad);
                [PairwiseLoss, Want("s1 < s0")] public static partial float Fine(ReadOnlySpan<float> s, Span<float> grad);
            """));
        Assert.Null(run.Exception);
        Assert.Equal("PL0011", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Equal(new[] { "PL0011" }, BuildIds(run));
        var text = Assert.Single(run.Sources, source => !IsErrorsFile(source)).SourceText.ToString();
        Assert.Contains(" Fine(", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain(" Broken(", text, System.StringComparison.Ordinal);
        var errors = Assert.Single(run.Sources, IsErrorsFile).SourceText.ToString();
        Assert.Contains(" Broken(", errors, System.StringComparison.Ordinal);
        Assert.DoesNotContain(" Fine(", errors, System.StringComparison.Ordinal);
    }
}
