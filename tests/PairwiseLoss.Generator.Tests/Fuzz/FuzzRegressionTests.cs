using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace PairwiseLoss.Generator.Tests.Fuzz;

/// <summary>
/// Declarations the fuzz found, shrunk by hand, one named test each. A skipped test is an open bug reported to the lead
/// and listed in <see cref="GeneratorFuzzTests.KnownIssues"/>: un-skip it and remove the entry when src/ is fixed.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzRegressionTests
{
    /// <summary>Fuzz #358 (seed 20261123): a float loss with a threshold beyond float's range.</summary>
    [Fact] // fixed: PL0031
    public void ThresholdBeyondFloatRangeIsDiagnosedOrCompiles() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss(Batched = true)]
        [Want("-1e308 < neg")]
        public static partial float M(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);
        """);

    /// <summary>Fuzz #1586: γ = 1e300 is a finite double but not a float.</summary>
    [Fact] // fixed: PL0031
    public void GammaBeyondFloatRangeIsDiagnosedOrCompiles() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss(Gamma = 1e300)]
        [Want("s1 < s0")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """);

    /// <summary>γ·m overflows double although each is finite.</summary>
    [Fact] // fixed: PL0031
    public void GammaTimesMarginOverflowingDoubleIsDiagnosedOrCompiles() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss(Gamma = 256, Margin = 1e308)]
        [Want("s1 < s0")]
        public static partial double M(ReadOnlySpan<double> s, Span<double> grad);
        """);

    /// <summary>Fuzz #1455: 'scoped' parameters are valid C#; the generated implementation drops the modifier (CS8988).</summary>
    [Fact] // fixed on main after the fuzz found it
    public void ScopedParametersAreCopied() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss]
        [Want("s[1] < 1")]
        public static partial float M(scoped ReadOnlySpan<float> s, scoped Span<float> grad);
        """);

    /// <summary>Fuzz #950: no accessibility modifier; the compiler's CS8796 lands in the generated file, not on the user's line.</summary>
    [Fact] // fixed: PL0030
    public void MissingAccessibilityIsDiagnosed() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss]
        [Want("s1 < s0")]
        static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """);

    /// <summary>
    /// The constraint passed as a named constructor argument is the same constraint. Found by the fuzz's literal forms:
    /// DeclarationParser.FirstPositionalArgument skips arguments with a NameColon, so the Want is dropped and PL0021
    /// ("has no [Want] attribute") is reported on a valid declaration. Fixed on main.
    /// </summary>
    [Fact]
    public void ConstraintAsNamedArgumentIsUnderstood() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss]
        [Want(constraint: "s1 < s0")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """, expectCode: true);

    /// <summary>Constants the compiler folds (const fields, concatenation) are constraints like literals.</summary>
    [Fact]
    public void ConstantExpressionsAreConstraints() => AssertCompilesOrDiagnosed("""
        private const string K = "s1 < s0";
        [PairwiseLoss]
        [Want(K + " < 0")]
        public static partial double M(ReadOnlySpan<double> s, Span<double> grad);
        """, expectCode: true);

    /// <summary>Lone surrogates, NUL and RTL marks in the string give PL0010 on the literal, never an exception.</summary>
    [Fact]
    public void UnicodeGarbageIsASyntaxError() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss]
        [Want("s1 \uD800< s0\0 \u202E< ＜ 𝟘")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """, expectDiagnostic: "PL0010");

    /// <summary>Out-of-range index spelled with 30 digits: PL0012, no overflow in the parser.</summary>
    [Fact]
    public void HugeIndexIsOutOfRange() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss]
        [Want("s[999999999999999999999999999999] < s0")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """, expectDiagnostic: "PL0012");

    /// <summary>An unknown LossTerms value (a cast the compiler accepts) must not crash the emitter.</summary>
    [Fact]
    public void UnknownTermsValueDoesNotThrow() => AssertCompilesOrDiagnosed("""
        [PairwiseLoss(Terms = (LossTerms)7)]
        [Want("s1 < s0")]
        public static partial float M(ReadOnlySpan<float> s, Span<float> grad);
        """);

    private static void AssertCompilesOrDiagnosed(string members, bool expectCode = false, string? expectDiagnostic = null)
    {
        var source = $"using System;\nusing PairwiseLoss;\npublic static partial class C0\n{{\n{members}\n}}\n";
        var tally = new FuzzTally();
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        GeneratorFuzzTests.RunBatch(new[] { new FuzzCase(0, "regression", source, true) }, tally, ignoreKnownIssues: true);
        Assert.True(tally.Failures.Count == 0, string.Join("\n", tally.Failures));
        if (expectCode)
        {
            Assert.Equal(1, tally.Compiled);
        }

        if (expectDiagnostic is not null)
        {
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == expectDiagnostic && d.Severity == DiagnosticSeverity.Error);
        }
    }
}
