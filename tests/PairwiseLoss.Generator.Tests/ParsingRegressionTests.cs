using System.Globalization;
using System.Linq;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>Bugs found in src/Generator/Parsing, each pinned by the input that showed it.</summary>
public class ParsingRegressionTests
{
    private static GeneratorRun AssertGeneratesCleanly(string members)
    {
        var run = GeneratorHarness.Run(TestSource.InClass(members));
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Single(run.Sources);
        return run;
    }

    [Theory]
    [InlineData("s1 < s0")]
    [InlineData("s[1] < s[0]")]
    [InlineData("scores1 < scores0")]
    [InlineData("scores[1] < s[0]")]
    public void LiteralIndicesReadTheScoresWhateverTheParameterIsCalled(string constraint) => AssertGeneratesCleanly(
        $"[PairwiseLoss, Want(\"{constraint}\")] public static partial float Rank(ReadOnlySpan<float> scores, Span<float> gradient);");

    [Fact]
    public void ASpanParameterCalledSIsThatSpanNotTheScoresAlias()
    {
        var run = AssertGeneratesCleanly(
            "[PairwiseLoss, Want(\"s < x\")] public static partial float Pair(ReadOnlySpan<float> x, ReadOnlySpan<float> s, Span<float> gx, Span<float> gs);");
        Assert.Contains("ScoreSet<float>.All(s)", run.Sources[0].SourceText.ToString(), System.StringComparison.Ordinal);

        var literal = GeneratorHarness.Run(TestSource.InClass(
            "[PairwiseLoss, Want(\"s[0] < x\")] public static partial float Pair(ReadOnlySpan<float> x, ReadOnlySpan<float> s, Span<float> gx, Span<float> gs);"));
        Assert.Equal("PL0011", Assert.Single(literal.GeneratorDiagnostics).Id); // no literal indices into the second span
    }

    [Fact]
    public void ConstraintPassedByParameterName() => AssertGeneratesCleanly(
        "[PairwiseLoss, Want(constraint: \"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);");

    [Fact]
    public void ScopedParametersKeepTheirModifier()
    {
        var run = AssertGeneratesCleanly(
            "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(scoped ReadOnlySpan<float> s, scoped Span<float> grad);");
        Assert.Contains("(scoped global::System.ReadOnlySpan<float> s, scoped global::System.Span<float> grad)", run.Sources[0].SourceText.ToString(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> @base, Span<float> @in);")]
    [InlineData("[PairwiseLoss, Want(\"others < target\")] public static partial float Softmax(ReadOnlySpan<float> @base, int target, Span<float> @out);")]
    [InlineData("[PairwiseLoss, Want(\"neg < 0 < pos\")] public static partial float Labels(ReadOnlySpan<float> s, ReadOnlySpan<bool> @checked, Span<float> @out);")]
    [InlineData("[PairwiseLoss, Want(\"base1 < base0\")] public static partial float Named(ReadOnlySpan<float> @base, Span<float> grad);")]
    public void KeywordParameterNamesAreEscaped(string member) => AssertGeneratesCleanly(member);

    [Theory]
    [InlineData("s[99999999999999999999] < s0", "'99999999999999999999'")]
    [InlineData("s99999999999999999999 < s0", "'99999999999999999999'")]
    [InlineData("s[ 70000 ] < s0", "'70000'")]
    public void OutOfRangeIndexIsQuotedAsWritten(string constraint, string quoted)
    {
        var run = GeneratorHarness.Run(TestSource.InClass(
            $"[PairwiseLoss, Want(\"{constraint}\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);"));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("PL0012", diagnostic.Id);
        Assert.StartsWith($"Score index {quoted} is out of range", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }
}
