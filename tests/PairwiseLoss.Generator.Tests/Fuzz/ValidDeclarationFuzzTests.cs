using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using PairwiseLoss.Generator.Tests.Declarations;
using PairwiseLoss.Tests.Shared.Hardening;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;
using Xunit.Abstractions;

namespace PairwiseLoss.Generator.Tests.Fuzz;

/// <summary>
/// The positive half of the fuzz: random <i>valid</i> declarations over the documented language (literal scores,
/// thresholds, chains and brackets; pos/neg with hard and soft labels; target/others; a second span; per-constraint
/// margins and weights; γ and margins declared or at run time; one log-term, per pair with every pair shape, the hard
/// mode with one log-term and per pair; Circle Loss with α held or differentiated), each in float and double, with a
/// gradient, forward only and (one span) batched. Every one must give no diagnostic at all, compile, and match the
/// brute-force double reference on random rows, rows with absent (−∞) scores and rows of huge finite scores (±1e30:
/// the reference's value, or +∞ where that overflows the type). Per-class terms are checked against their own brute
/// force in <see cref="PerClassDeclarationTests"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ValidDeclarationFuzzTests
{
    private const int DefaultCount = 240;
    private const int Seed = 20_261_204;
    private const int Batch = 60;
    private readonly ITestOutputHelper _output;

    public ValidDeclarationFuzzTests(ITestOutputHelper output) => _output = output;

    private static RefDeclaration Draw(Random rng, int id) => (id % 6) switch
    {
        0 => RandomDeclarations.Literal(rng),
        1 => RandomDeclarations.Mixed(rng),
        2 => RandomDeclarations.Template(rng, id / 6),
        3 => RandomDeclarations.Circle(rng),
        4 => RandomDeclarations.Literal(rng) with { Hard = true, PerPair = false, Shape = PairShape.Logistic, Gamma = 1, RuntimeGamma = false },
        _ => RandomDeclarations.Mixed(rng) is var d && d.RuntimeGamma ? d : d with { Hard = rng.Next(2) == 0, PerPair = true, Shape = PairShape.Logistic, Gamma = 1 },
    };

    [Fact]
    public void RandomValidDeclarationsGiveNoDiagnosticCompileAndMatchTheReference()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("PAIRWISE_FUZZ_COUNT"), out var requested) && requested > 0 ? Math.Max(requested / 40, DefaultCount) : DefaultCount;
        var seed = HardeningCounts.Seed(Seed);
        var rng = new Random(seed);
        var declarations = Enumerable.Range(0, count).Select(id => Draw(rng, id)).ToList();
        var rows = 0;
        for (var start = 0; start < count; start += Batch)
        {
            var batch = declarations.Skip(start).Take(Batch).ToList();
            var sources = new[] { CompiledDeclarations.Source(batch, "float", "FloatLosses"), CompiledDeclarations.Source(batch, "double", "DoubleLosses") };
            var run = GeneratorHarness.Run(sources);
            Assert.Null(run.Exception);
            var diagnostics = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(diagnostics.Count == 0, "valid declarations gave diagnostics:\n" + string.Join("\n", diagnostics.Take(10)));

            var compiled = CompiledDeclarations.Compile(batch);
            for (var k = 0; k < batch.Count; k++)
            {
                rows += CheckRows(compiled, k, new Random(seed + start + k));
            }
        }

        var line = $"valid declarations: {count} generated, {count} without a diagnostic and compiled (float, double, forward-only; batched where one span), {rows} rows checked against the reference, failures: 0";
        _output.WriteLine(line);
        HardeningCounts.Record("1-generator-valid", line);
    }

    private static int CheckRows(CompiledDeclarations compiled, int index, Random rng)
    {
        var declaration = compiled.Declarations[index];
        var rows = 0;
        var circle = declaration.IsCircle;
        var smooth = !(declaration.Hard && !declaration.PerPair); // the hard max has kinks on ties: no finite differences
        foreach (var mask in new[] { 0.0, 0.3 })
        {
            var length = Math.Max(declaration.MinLength, 1) + rng.Next(0, 6);
            var input = RandomDeclarations.Input(rng, declaration, length, mask, scale: circle ? 1 : 3);
            DeclarationChecks.Row(compiled, index, input, finiteDifferences: smooth && declaration.Logit != RefLogit.Circle && declaration.Shape is PairShape.Logistic or PairShape.Sigmoid && !declaration.Hard);
            rows += 4;
        }

        if (!circle)
        {
            var huge = RandomDeclarations.Scaled(rng, RandomDeclarations.Input(rng, declaration, Math.Max(declaration.MinLength, 3)), 1e30);
            foreach (var isFloat in new[] { false, true })
            {
                var row = isFloat ? huge.RoundedToFloat() : huge;
                var actual = compiled.Get(index, isFloat).Row(row);
                var reference = PairwiseReference.Evaluate(declaration, row);
                var what = $"declaration {index} {declaration.Describe()} {(isFloat ? "float" : "double")} at ±1e30, s=[{Check.Join(row.Scores)}]";
                if (reference.Loss > (isFloat ? float.MaxValue : double.MaxValue))
                {
                    Assert.True(double.IsPositiveInfinity(actual.Loss), what + $": loss {actual.Loss}, reference {reference.Loss}");
                }
                else
                {
                    // A set side in one log-term is factorised: per-side log-sums of size γ·max|s| that cancel, so the
                    // absolute error is about ε·γ·max|s| (docs/reliability.md); elsewhere the differences come first.
                    var gamma = declaration.RuntimeGamma ? row.Gamma : declaration.Gamma;
                    var factorised = !declaration.PerPair && !declaration.Hard && declaration.Wants.SelectMany(w => w.Chain).Any(side => side.Kind is not (RefSideKind.Score or RefSideKind.Constant));
                    var epsilon = isFloat ? 1.2e-7 : 2.3e-16;
                    var bound = factorised ? 16 * epsilon * gamma * row.Spans.SelectMany(x => x).Where(double.IsFinite).Max(Math.Abs) : 0;
                    var tolerance = ((isFloat ? Check.FloatTolerance : 1e-9) * Math.Max(1, Math.Abs(reference.Loss))) + bound;
                    Assert.True(Math.Abs(reference.Loss - actual.Loss) <= tolerance, $"{what}: expected {reference.Loss:R}, actual {actual.Loss:R}, tolerance {tolerance:R}");
                }

                Assert.DoesNotContain(actual.Gradients.SelectMany(g => g), double.IsNaN);
                rows++;
            }
        }

        if (CompiledDeclarations.SupportsBatch(declaration))
        {
            var classes = Math.Max(declaration.MinLength, 1) + rng.Next(0, 4);
            DeclarationChecks.Batch(compiled, index, RandomDeclarations.Rows(rng, declaration, rng.Next(1, 5), classes, maskRows: true));
            rows += 2;
        }

        return rows;
    }
}
