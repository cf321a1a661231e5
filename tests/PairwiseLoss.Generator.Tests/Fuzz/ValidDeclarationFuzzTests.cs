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
/// The positive half of the fuzz (the negative half, <see cref="GeneratorFuzzTests"/>, accepts any PL error): random
/// <i>valid</i> declarations over the documented language (docs/language.md) — literal scores <c>s0</c>/<c>s[0]</c>,
/// thresholds, chains; pos/neg with hard and soft labels; target/others; a second span; per-constraint margins and
/// weights (0 included); γ and margins declared or at run time; one log-term, per pair with every pair shape, the hard
/// mode with one log-term and per pair; Circle Loss with α held or differentiated; per-class terms
/// (<c>others &lt; pos</c>, <c>mean &lt; pos</c>) — each in float and double, with a gradient and forward only, per row
/// and batched (one span). Every one must give no diagnostic of any severity, compile, and match the brute-force double
/// reference (<see cref="PairwiseReference"/>) on random rows, rows with absent (−∞) scores and rows of huge finite
/// scores (±1e30: the reference's value, or +∞ where that overflows the type; never NaN). Failures are counted, not
/// stopped at, and the counts are printed:
/// <c>dotnet test tests/PairwiseLoss.Generator.Tests --filter Category=Fuzz --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ValidDeclarationFuzzTests
{
    private const int DefaultCount = 280;
    private const int Seed = 20_261_204;
    private const int Batch = 70;
    private readonly ITestOutputHelper _output;

    public ValidDeclarationFuzzTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] Families = { "literal", "mixed sets", "template", "circle", "hard one term", "per pair (hard or not)", "per class" };

    private static RefDeclaration Draw(Random rng, int id) => (id % 7) switch
    {
        0 => RandomDeclarations.Literal(rng),
        1 => RandomDeclarations.Mixed(rng),
        2 => RandomDeclarations.Template(rng, id / 7),
        3 => RandomDeclarations.Circle(rng),
        4 => RandomDeclarations.Literal(rng) with { Hard = true, PerPair = false, Shape = PairShape.Logistic, Gamma = 1, RuntimeGamma = false },
        5 => RandomDeclarations.Mixed(rng) is var d && d.RuntimeGamma ? d : d with { Hard = rng.Next(2) == 0, PerPair = true, Shape = PairShape.Logistic, Gamma = 1 },
        _ => RandomDeclarations.PerClass(rng),
    };

    [Fact]
    public void RandomValidDeclarationsGiveNoDiagnosticCompileAndMatchTheReference()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("PAIRWISE_FUZZ_COUNT"), out var requested) && requested > 0 ? Math.Max(requested / 40, DefaultCount) : DefaultCount;
        var seed = HardeningCounts.Seed(Seed);
        var rng = new Random(seed);
        var declarations = Enumerable.Range(0, count).Select(id => Draw(rng, id)).ToList();
        var rows = 0;
        var clean = 0;
        var compiledCount = 0;
        var failures = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var start = 0; start < count; start += Batch)
        {
            var batch = declarations.Skip(start).Take(Batch).ToList();
            var run = CompiledDeclarations.Run(batch);
            if (run.Exception is not null)
            {
                failures.Add($"declarations {start}–{start + batch.Count - 1}: the generator threw {run.Exception}");
                continue;
            }

            // Valid declarations: no diagnostic at all from the generator (not even hidden or info), none above
            // hidden from the compiler.
            var diagnostics = run.GeneratorDiagnostics
                .Concat(run.Output.GetDiagnostics().Where(d => d.Severity > DiagnosticSeverity.Hidden))
                .ToList();
            var flagged = diagnostics.Select(d => DeclarationOf(d, batch.Count)).ToHashSet();
            foreach (var diagnostic in diagnostics)
            {
                var k = DeclarationOf(diagnostic, batch.Count);
                failures.Add($"declaration {start + k}: {diagnostic} — {(k >= 0 ? batch[k].Describe() : "(no declaration)")}");
            }

            clean += flagged.Contains(-1) ? 0 : batch.Count - flagged.Count;

            CompiledDeclarations compiled;
            try
            {
                compiled = CompiledDeclarations.Load(batch, run);
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"declarations {start}–{start + batch.Count - 1} do not compile: {e.Message[..Math.Min(e.Message.Length, 2000)]}");
                continue;
            }

            compiledCount += batch.Count;
            for (var k = 0; k < batch.Count; k++)
            {
                try
                {
                    rows += CheckRows(compiled, k, new Random(seed + start + k));
                }
                catch (Exception e)
                {
                    failures.Add($"declaration {start + k}: {e.Message}");
                }
            }
        }

        var byFamily = string.Join(", ", Families.Select((name, f) => $"{name} {Enumerable.Range(0, count).Count(id => id % 7 == f)}"));
        var line = $"valid declarations (seed {seed}): {count} generated, {clean} without a diagnostic, {compiledCount} compiled " +
            $"(float and double, with a gradient and forward only, per row and batched where one span), {rows} rows checked against the reference, " +
            $"failures: {failures.Count}; {watch.Elapsed.TotalSeconds:F1} s";
        _output.WriteLine(line);
        _output.WriteLine("  by family: " + byFamily);
        _output.WriteLine("  drawn: " + Coverage(declarations));
        foreach (var failure in failures.Take(20))
        {
            _output.WriteLine("  FAILURE " + failure);
        }

        HardeningCounts.Record("1-generator-valid", line);
        Assert.True(failures.Count == 0, $"{failures.Count} failures; the first:\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>The declaration index a diagnostic points at (its line in the input, after the "// declaration k" comment); −1 if none.</summary>
    private static int DeclarationOf(Diagnostic diagnostic, int count)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null || !tree.FilePath.StartsWith("Input", StringComparison.Ordinal))
        {
            return -1;
        }

        var text = tree.GetText();
        for (var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line; line >= 0; line--)
        {
            var content = text.Lines[line].ToString().Trim();
            if (content.StartsWith("// declaration ", StringComparison.Ordinal) && int.TryParse(content["// declaration ".Length..], out var k) && k < count)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>How many declarations use each side kind and setting (so the printout shows what was drawn).</summary>
    private static string Coverage(IReadOnlyList<RefDeclaration> declarations)
    {
        int Count(Func<RefDeclaration, bool> predicate) => declarations.Count(predicate);
        bool Side(RefDeclaration d, Func<RefSide, bool> predicate) => d.Wants.SelectMany(w => w.Chain).Any(predicate);
        var items = new (string Name, int Count)[]
        {
            ("s0", Count(d => d.Wants.Any(w => !w.Brackets && w.Chain.Any(s => s.Kind == RefSideKind.Score)))),
            ("s[0]", Count(d => d.Wants.Any(w => w.Brackets && w.Chain.Any(s => s.Kind == RefSideKind.Score)))),
            ("number", Count(d => Side(d, s => s.Kind == RefSideKind.Constant))),
            ("chain of 3+", Count(d => d.Wants.Any(w => w.Chain.Count >= 3))),
            ("pos/neg hard labels", Count(d => d.Labels == RefLabels.Hard)),
            ("pos/neg soft labels", Count(d => d.Labels == RefLabels.Soft)),
            ("target/others", Count(d => Side(d, s => s.Kind is RefSideKind.Target or RefSideKind.Others))),
            ("mean", Count(d => Side(d, s => s.Kind == RefSideKind.Mean))),
            ("span parameter", Count(d => Side(d, s => s.Kind == RefSideKind.Span))),
            ("Gamma", Count(d => d.Gamma != 1)),
            ("Margin", Count(d => d.Margin != 0)),
            ("Want Margin", Count(d => d.Wants.Any(w => w.Margin is not null))),
            ("Want Weight", Count(d => d.Wants.Any(w => w.Weight != 1))),
            ("Weight 0", Count(d => d.Wants.Any(w => w.Weight == 0))),
            ("gamma parameter", Count(d => d.RuntimeGamma)),
            ("margin parameter", Count(d => d.RuntimeMargin)),
            ("Terms=Single", Count(d => !d.PerPair && !d.PerClass)),
            ("Terms=PerPair", Count(d => d.PerPair)),
            ("Terms=PerClass", Count(d => d.PerClass)),
            ("Shape=Hinge", Count(d => d.Shape == PairShape.Hinge)),
            ("Shape=SquaredHinge", Count(d => d.Shape == PairShape.SquaredHinge)),
            ("Shape=Sigmoid", Count(d => d.Shape == PairShape.Sigmoid)),
            ("Circle", Count(d => d.Logit == RefLogit.Circle)),
            ("CircleFullGradient", Count(d => d.Logit == RefLogit.CircleFullGradient)),
            ("Hard one term", Count(d => d.Hard && !d.PerPair)),
            ("Hard per pair", Count(d => d.Hard && d.PerPair)),
            ("Batched", Count(CompiledDeclarations.SupportsBatch)),
        };
        return string.Join(", ", items.Select(i => $"{i.Name} {i.Count}"));
    }

    private static int CheckRows(CompiledDeclarations compiled, int index, Random rng)
    {
        var declaration = compiled.Declarations[index];
        if (declaration.PerClass)
        {
            return CheckPerClass(compiled, index, rng);
        }

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

                // A set side in one log-term is factorised: per-side log-sums of size γ·max|s| that cancel, so the
                // absolute error is about ε·γ·max|s| (docs/reliability.md); elsewhere the differences come first.
                var factorised = !declaration.PerPair && !declaration.Hard && declaration.Wants.SelectMany(w => w.Chain).Any(side => side.Kind is not (RefSideKind.Score or RefSideKind.Constant));
                var gamma = declaration.Hard ? 1 : declaration.RuntimeGamma ? row.Gamma : declaration.Gamma;
                Huge(actual, reference, factorised ? gamma : 0, row.Spans, isFloat, $"declaration {index} {declaration.Describe()} {(isFloat ? "float" : "double")} at ±1e30, s=[{Check.Join(row.Scores)}]");
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

    /// <summary>Per-class terms (batched only): random rows with absent scores and padding rows, then huge rows.</summary>
    private static int CheckPerClass(CompiledDeclarations compiled, int index, Random rng)
    {
        var declaration = compiled.Declarations[index];
        var rows = 0;
        for (var draw = 0; draw < 3; draw++)
        {
            var classes = rng.Next(1, 7);
            DeclarationChecks.Batch(compiled, index, RandomDeclarations.Rows(rng, declaration, rng.Next(1, 6), classes, maskRows: draw > 0));
            rows += 4;
        }

        var huge = RandomDeclarations.Rows(rng, declaration, rng.Next(1, 4), rng.Next(2, 6), maskRows: false).Select(r => RandomDeclarations.Scaled(rng, r, 1e30)).ToList();
        foreach (var isFloat in new[] { false, true })
        {
            var input = isFloat ? huge.Select(r => r.RoundedToFloat()).ToList() : huge;
            var actual = compiled.Get(index, isFloat).Batch(input);
            var reference = PairwiseReference.EvaluateBatch(declaration, input);
            var gamma = declaration.RuntimeGamma ? input[0].Gamma : declaration.Gamma;

            // Per class, a row's log-sum-exp (or mean) of size γ·max|s| meets the labelled score: ε·γ·max|s| per class.
            Huge(actual, reference, gamma * input[0].Scores.Length, input.Select(r => r.Scores).ToArray(), isFloat, $"per-class declaration {index} {declaration.Describe()} {(isFloat ? "float" : "double")} at ±1e30, s=[{Check.Join(input.SelectMany(r => r.Scores))}]");
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Huge finite scores: +∞ where the reference overflows the type, else the reference's value within the type's
    /// tolerance plus 16ε·<paramref name="cancellation"/>·max|s| (0 where the differences are taken first); no NaN in the gradient.
    /// </summary>
    private static void Huge(RefResult actual, RefResult reference, double cancellation, double[][] spans, bool isFloat, string what)
    {
        if (reference.Loss > (isFloat ? float.MaxValue : double.MaxValue))
        {
            Assert.True(double.IsPositiveInfinity(actual.Loss), what + $": loss {actual.Loss}, reference {reference.Loss}");
        }
        else
        {
            var epsilon = isFloat ? 1.2e-7 : 2.3e-16;
            var bound = 16 * epsilon * cancellation * spans.SelectMany(x => x).Where(double.IsFinite).DefaultIfEmpty(0).Max(Math.Abs);
            var tolerance = ((isFloat ? Check.FloatTolerance : Check.DoubleTolerance) * Math.Max(1, Math.Abs(reference.Loss))) + bound;
            Assert.True(Math.Abs(reference.Loss - actual.Loss) <= tolerance, $"{what}: expected {reference.Loss:R}, actual {actual.Loss:R}, tolerance {tolerance:R}");
        }

        Assert.DoesNotContain(actual.Gradients.SelectMany(g => g), double.IsNaN);
    }
}
