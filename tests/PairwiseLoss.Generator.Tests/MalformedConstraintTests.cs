using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// Whatever the constraint string, the generator never throws, reports exactly the expected diagnostics, puts every
/// one of them inside the string literal, and generates nothing for the method.
/// </summary>
public class MalformedConstraintTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "", new[] { "PL0016" } },
        { "   ", new[] { "PL0016" } },
        { "\t", new[] { "PL0016" } },
        { "s0", new[] { "PL0010" } },
        { "s0 <", new[] { "PL0010" } },
        { "< s0", new[] { "PL0010" } },
        { "<", new[] { "PL0010" } },
        { "s0 << s1", new[] { "PL0010" } },
        { "s0 < s1 <", new[] { "PL0010" } },
        { "s0 <= s1", new[] { "PL0022" } },
        { "s0 = s1", new[] { "PL0010" } },
        { "s0 < s1 ; s2", new[] { "PL0010" } },
        { "s0 < s1, s2", new[] { "PL0010" } },
        { "s0 < s1 s2", new[] { "PL0010" } },
        { "s 0 < s1", new[] { "PL0010" } },
        { "(s0) < s1", new[] { "PL0010" } },
        { "@s0 < s1", new[] { "PL0010" } },
        { "s[0 < s1", new[] { "PL0010" } },
        { "s[0", new[] { "PL0010" } },
        { "s[] < s1", new[] { "PL0010" } },
        { "s[x] < s1", new[] { "PL0010" } },
        { "s[1.5] < s0", new[] { "PL0010" } },
        { "s0 < 1e999", new[] { "PL0010" } },
        { "s0 < -1e999", new[] { "PL0010" } },
        { "s0 < .", new[] { "PL0010" } },
        { "s0 < -", new[] { "PL0010" } },
        { "s0 < +", new[] { "PL0010" } },
        { "s0 < --1", new[] { "PL0010" } },
        { "s0 < 1.2.3", new[] { "PL0010" } },
        { "s0 < 1e", new[] { "PL0010" } },
        { "s0 < é", new[] { "PL0010" } },
        { "s0 < 😀", new[] { "PL0010" } },
        { "s0 < s1\u0000", new[] { "PL0010" } },
        { "s0\n< s1", new[] { "PL0010" } },
        { "s0 < s1\r\n", new[] { "PL0010" } },
        { "\"s0 < s1\"", new[] { "PL0010" } },
        { "s0 > s1", new[] { "PL0022" } },
        { "s0 < s1 > s2", new[] { "PL0022" } },
        { "s0 >", new[] { "PL0010" } },
        { "s[-3] < s1", new[] { "PL0012" } },
        { "s[-] < s1", new[] { "PL0012" } },
        { "s0 < s99999", new[] { "PL0012" } },
        { "s[99999999999999999999] < s0", new[] { "PL0012" } },
        { "s0 < foo", new[] { "PL0011" } },
        { "S0 < s1", new[] { "PL0011" } },
        { "s0x < s1", new[] { "PL0011" } },
        { "grad < s0", new[] { "PL0011" } },
        { "s0 < pos", new[] { "PL0008" } },
        { "neg < 0 < pos", new[] { "PL0008" } },
        { "s0 < target", new[] { "PL0009" } },
        { "others < target", new[] { "PL0009" } },
        { "s0 < s0", new[] { "PL0017" } },
        { "s0 < s[0]", new[] { "PL0017" } },
        { "s0 < s1 < s0", new[] { "PL0017", "PL0019" } },
        { "1 < 2", new[] { "PL0020" } },
        { "0 < s0 < 1", new[] { "PL0020" } },
        { "foo < bar", new[] { "PL0011" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsOnlyOurDiagnosticsInsideTheLiteral(string constraint, string[] expected)
    {
        var literal = SymbolDisplay.FormatLiteral(constraint, quote: true);
        var source = TestSource.InClass(
            $"[PairwiseLoss, Want({literal})] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);");
        var run = GeneratorHarness.Run(source);

        Assert.Null(run.Exception);
        Assert.Equal(expected.OrderBy(id => id), run.GeneratorDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id));
        // No loss code; only the body that throws, so the compiler reports nothing (no CS8795) beside our ids.
        Assert.All(run.Sources, generated => Assert.EndsWith(".PairwiseLoss.Errors.g.cs", generated.HintName, System.StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);

        var token = run.Input.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<AttributeSyntax>()
            .Single(a => a.Name.ToString() == "Want").ArgumentList!.Arguments[0].Expression.Span;
        foreach (var diagnostic in run.GeneratorDiagnostics)
        {
            Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
            var span = diagnostic.Location.SourceSpan;
            Assert.True(token.Contains(span), $"{diagnostic.Id} at {span} is not inside the literal {token}: {diagnostic}");
            Assert.True(span.Length > 0, $"{diagnostic.Id} has an empty span");
        }
    }

    [Fact]
    public void NeverThrowsOnAnyShortString()
    {
        // Every string of up to three characters over an alphabet of the grammar's tokens and some noise.
        var alphabet = new[] { "s", "0", "1", "<", ">", " ", "[", "]", "-", ".", "e", "p", "x" };
        var strings = alphabet.SelectMany(a => alphabet.SelectMany(b => alphabet.Select(c => a + b + c))).ToList();
        var members = string.Join("\n", strings.Select((text, i) =>
            $"[PairwiseLoss, Want({SymbolDisplay.FormatLiteral(text, quote: true)})] public static partial float M{i}(ReadOnlySpan<float> s, Span<float> grad);"));
        var run = GeneratorHarness.Run(TestSource.InClass(members));
        Assert.Null(run.Exception);
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("PL", d.Id, System.StringComparison.Ordinal));
        Assert.NotEmpty(run.Sources); // some of the strings are valid ("s<s0", "1<s"…): their code must compile
        Assert.Empty(run.CompilationDiagnostics); // the valid ones compile, the others get a body that throws
    }
}
