using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace PairwiseLoss.CodeFixes.Tests;

/// <summary>
/// Each code fix on the mistake it fixes: the diagnostic at its marked span (<c>{|PL0002:…|}</c>) before, no
/// diagnostic after. Compiler diagnostics are not checked: here the generator runs as an analyzer, so the partial
/// methods have no generated bodies.
/// </summary>
public class CodeFixTests
{
    private sealed class Test : CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, PairwiseLossCodeFixProvider, DefaultVerifier>
    {
        public Test()
        {
            // The running framework's assemblies and the runtime's attributes: nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            foreach (var path in trusted.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll"))
            {
                TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(path));
            }

            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(PairwiseLossAttribute).Assembly.Location));
            CompilerDiagnostics = CompilerDiagnostics.None;
        }
    }

    private static Task Verify(string source, string fixedSource) =>
        new Test { TestCode = Wrap(source), FixedCode = Wrap(fixedSource) }.RunAsync();

    private static string Wrap(string members, string type = "public static partial class Losses") => $$"""
        using System;
        using PairwiseLoss;

        namespace Tests;

        {{type}}
        {
            {{members}}
        }
        """;

    [Fact]
    public Task AddsPartial() => Verify(
        """[PairwiseLoss, Want("s1 < s0")] public static float {|PL0001:Rank|}(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public Task AddsPartialAndRemovesTheExpressionBody() => Verify(
        """[PairwiseLoss, Want("s1 < s0")] public static float {|PL0001:Rank|}(ReadOnlySpan<float> s, Span<float> grad) => 0f;""",
        """[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public Task RemovesTheBlockBody() => new Test
    {
        TestCode = Wrap("""
            [PairwiseLoss, Want("s1 < s0")]
                public static partial float {|PL0001:Rank|}(ReadOnlySpan<float> s, Span<float> grad)
                {
                    return 0f;
                }
            """),
        FixedCode = Wrap("""
            [PairwiseLoss, Want("s1 < s0")]
                public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
            """),
    }.RunAsync();

    [Fact]
    public Task AddsStaticBeforePartial() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public partial float {|PL0002:Rank|}(ReadOnlySpan<float> s, Span<float> grad);""", "public partial class Losses"),
        FixedCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""", "public partial class Losses"),
    }.RunAsync();

    [Fact]
    public Task MakesTheContainingTypePartial() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""", "public static class {|PL0003:Losses|}"),
        FixedCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""", "public static partial class Losses"),
    }.RunAsync();

    [Fact]
    public Task MakesATypeWithoutModifiersPartial() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""", "class {|PL0003:Losses|}"),
        FixedCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""", "partial class Losses"),
    }.RunAsync();

    [Fact]
    public Task AddsAnAccessibility() => Verify(
        """[PairwiseLoss, Want("s1 < s0")] static partial float {|PL0030:Rank|}(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss, Want("s1 < s0")] private static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public Task ReplacesArraysBySpans() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank({|PL0005:float[]|} s, {|PL0005:float[]|} grad);"""),
        FixedCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);"""),
    }.RunAsync();

    [Fact]
    public Task ReplacesASpanOfTheWrongElementType() => Verify(
        """[PairwiseLoss, Want("s1 < s0")] public static partial float Rank({|PL0005:ReadOnlySpan<double>|} s, Span<float> grad);""",
        """[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public Task OffersNoTypeForAParameterThatIsOneTooMany() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, {|PL0005:string|} name, Span<float> grad);"""),
        FixedCode = Wrap("""[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, {|PL0005:string|} name, Span<float> grad);"""),
    }.RunAsync();

    [Theory]
    [InlineData("s0 > s1", "s1 < s0", "")]
    [InlineData("s0 > s1 > s2", "s2 < s1 < s0", "")]
    [InlineData("pos >= 0 > neg", "neg < 0 < pos", "ReadOnlySpan<bool> labels, ")]
    [InlineData("s1 <= s0", "s1 < s0", "")]
    public Task FlipsAGreaterThanChain(string written, string fixedText, string labels) => Verify(
        $$"""[PairwiseLoss, Want("{|PL0022:{{written}}|}")] public static partial float Rank(ReadOnlySpan<float> s, {{labels}}Span<float> grad);""",
        $$"""[PairwiseLoss, Want("{{fixedText}}")] public static partial float Rank(ReadOnlySpan<float> s, {{labels}}Span<float> grad);""");

    [Fact]
    public Task LeavesAMixedChainToTheUser() => new Test
    {
        TestCode = Wrap("""[PairwiseLoss, Want("{|PL0022:s0 < s1 > s2|}")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);"""),
        FixedCode = Wrap("""[PairwiseLoss, Want("{|PL0022:s0 < s1 > s2|}")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);"""),
    }.RunAsync();

    [Fact]
    public Task AddsTheLabelsAfterTheScores() => Verify(
        """[PairwiseLoss, Want("{|PL0008:neg|} < 0 < pos")] public static partial float Zlpr(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss, Want("neg < 0 < pos")] public static partial float Zlpr(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);""");

    [Fact]
    public Task AddsTheLabelsSpelledLikeTheScores() => Verify(
        """[PairwiseLoss, Want("{|PL0008:neg|} < pos")] public static partial double M(System.ReadOnlySpan<double> scores);""",
        """[PairwiseLoss, Want("neg < pos")] public static partial double M(System.ReadOnlySpan<double> scores, System.ReadOnlySpan<bool> labels);""");

    [Fact]
    public Task AddsTheTarget() => Verify(
        """[PairwiseLoss, Want("{|PL0009:others|} < target")] public static partial float Softmax(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss, Want("others < target")] public static partial float Softmax(ReadOnlySpan<float> s, int target, Span<float> grad);""");

    [Fact]
    public Task AddsTheTargetsOfABatchedLoss() => Verify(
        """[PairwiseLoss(Batched = true), Want("{|PL0009:others|} < target")] public static partial float Softmax(ReadOnlySpan<float> s, int classes, Span<float> grad);""",
        """[PairwiseLoss(Batched = true), Want("others < target")] public static partial float Softmax(ReadOnlySpan<float> s, ReadOnlySpan<int> targets, int classes, Span<float> grad);""");

    [Fact]
    public Task AddsPairwiseLossBesideWant() => Verify(
        """[{|PL0032:Want|}("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss, Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public Task AddsPairwiseLossQualifiedLikeWant() => Verify(
        """[{|PL0032:PairwiseLoss.Want|}("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""",
        """[PairwiseLoss.PairwiseLoss, PairwiseLoss.Want("s1 < s0")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);""");

    [Fact]
    public void OffersFixesOnlyForIdsTheGeneratorHas()
    {
        var ids = new GeneratorDiagnosticsAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        Assert.All(new PairwiseLossCodeFixProvider().FixableDiagnosticIds, id => Assert.Contains(id, ids));
    }
}
