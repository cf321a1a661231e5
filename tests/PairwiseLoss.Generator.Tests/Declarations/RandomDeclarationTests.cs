using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;

namespace PairwiseLoss.Generator.Tests.Declarations;

/// <summary>
/// Random literal declarations (indices, chains, thresholds, Margin/Weight overrides, γ ∈ [0.1, 10], margins in
/// [−1, 1], run-time γ and margin, one term or per pair), compiled in memory once, against the reference.
/// </summary>
public sealed class LiteralDeclarationTests
{
    public const int Count = 40;
    private const int Seed = 20251123;

    private static readonly Lazy<CompiledDeclarations> Compiled = new(() =>
    {
        var rng = new Random(Seed);
        return CompiledDeclarations.Compile(Enumerable.Range(0, Count).Select(_ => RandomDeclarations.Literal(rng)).ToList());
    });

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, Count).Select(k => new object[] { k });

    internal static CompiledDeclarations Shared => Compiled.Value;

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceAndFiniteDifferences(int index)
    {
        var compiled = Compiled.Value;
        var declaration = compiled.Declarations[index];
        var rng = new Random(Seed + index);
        for (var sample = 0; sample < 4; sample++)
        {
            var length = declaration.MinLength + rng.Next(0, 3);
            var input = RandomDeclarations.Input(rng, declaration, length, mask: sample == 3 ? 0.25 : 0);
            DeclarationChecks.Row(compiled, index, input);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchedIsTheMeanOverRows(int index)
    {
        var compiled = Compiled.Value;
        var declaration = compiled.Declarations[index];
        var rng = new Random(Seed - index);
        var classes = declaration.MinLength + rng.Next(0, 3);
        DeclarationChecks.Batch(compiled, index, RandomDeclarations.Rows(rng, declaration, rng.Next(1, 6), classes, maskRows: true));
    }

    /// <summary>The reference itself: its hand-written gradient against its own central differences.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ReferenceGradientMatchesItsFiniteDifferences(int index)
    {
        var declaration = Compiled.Value.Declarations[index];
        var rng = new Random(Seed * 3 + index);
        var input = RandomDeclarations.Input(rng, declaration, declaration.MinLength + 1);
        var reference = PairwiseReference.Evaluate(declaration, input);
        Check.FiniteDifferences(spans => PairwiseReference.Evaluate(declaration, input with { Spans = spans }).Loss, input.Spans, reference.Gradients, declaration.Describe());
    }
}

/// <summary>
/// Set-valued declarations (pos/neg with hard and soft labels, target/others, a span parameter side, literal and
/// set sides mixed, one term or per pair) on random shapes C ∈ {1, 2, 5, 17, 64}, against the reference.
/// </summary>
public sealed class SetDeclarationTests
{
    public const int Templates = 16;
    public const int Mixed = 40;
    private const int Seed = 977;
    private static readonly int[] Shapes = { 1, 2, 5, 17, 64 };

    private static readonly Lazy<CompiledDeclarations> Compiled = new(() =>
    {
        var rng = new Random(Seed);
        var declarations = Enumerable.Range(0, Templates).Select(i => RandomDeclarations.Template(rng, i))
            .Concat(Enumerable.Range(0, Mixed).Select(_ => RandomDeclarations.Mixed(rng)))
            .ToList();
        return CompiledDeclarations.Compile(declarations);
    });

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, Templates + Mixed).Select(k => new object[] { k });

    internal static CompiledDeclarations Shared => Compiled.Value;

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceAndFiniteDifferences(int index)
    {
        var compiled = Compiled.Value;
        var declaration = compiled.Declarations[index];
        var rng = new Random(Seed + index);
        foreach (var shape in Shapes.Where(c => c >= declaration.MinLength))
        {
            DeclarationChecks.Row(compiled, index, RandomDeclarations.Input(rng, declaration, shape));
            DeclarationChecks.Row(compiled, index, RandomDeclarations.Input(rng, declaration, shape, mask: 0.2), finiteDifferences: shape <= 17);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchedIsTheMeanOverRows(int index)
    {
        var compiled = Compiled.Value;
        var declaration = compiled.Declarations[index];
        if (!CompiledDeclarations.SupportsBatch(declaration))
        {
            return; // a second span: no batched form declared for it
        }

        var rng = new Random(Seed - index);
        foreach (var shape in Shapes.Where(c => c >= declaration.MinLength && c <= 17))
        {
            DeclarationChecks.Batch(compiled, index, RandomDeclarations.Rows(rng, declaration, rng.Next(1, 5), shape, maskRows: true));
        }
    }
}

/// <summary>
/// Circle Loss declarations over two to four spans whose sides are shared by pairs of different margins (declared, per
/// constraint, or the run-time <c>margin</c>), α held constant or differentiated, against the reference's pair-by-pair
/// Circle logits; central differences where the gradient is the derivative (α differentiated).
/// </summary>
public sealed class CircleDeclarationTests
{
    public const int Count = 24;
    private const int Seed = 4242;

    private static readonly Lazy<CompiledDeclarations> Compiled = new(() =>
    {
        var rng = new Random(Seed);
        var declarations = Enumerable.Range(0, Count).Select(_ => RandomDeclarations.Circle(rng)).ToList();

        // sm shares sp with sn but not its margin: the terms of sp must be built once per margin.
        var shared = new RefWant(new[] { RefSide.SpanSide(1), RefSide.SpanSide(0) }, Margin: 0.25);
        declarations.Add(new RefDeclaration(new[] { shared, new RefWant(new[] { RefSide.SpanSide(2), RefSide.SpanSide(0) }) }, SpanNames: new[] { "sp", "sn", "sm" }, Logit: RefLogit.Circle));
        return CompiledDeclarations.Compile(declarations);
    });

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, Count).Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceAndFiniteDifferences(int index)
    {
        var compiled = Compiled.Value;
        var declaration = compiled.Declarations[index];
        var rng = new Random(Seed + index);
        for (var sample = 0; sample < 6; sample++)
        {
            var input = RandomDeclarations.Input(rng, declaration, 1 + rng.Next(6), mask: sample >= 4 ? 0.25 : 0, scale: 1);
            DeclarationChecks.Row(compiled, index, input, finiteDifferences: declaration.Logit == RefLogit.CircleFullGradient);
        }
    }

    [Fact]
    public void A_side_shared_by_pairs_of_different_margins_takes_each_pairs_margin()
    {
        // sp = [0.5], sn = [] (its pair is empty), sm = [0.5] at margin 0: z = 0.5·0.5 + 0.5·0.5, L = log(1 + e^0.5).
        var compiled = Compiled.Value;
        var input = new RefInput(new[] { new[] { 0.5 }, Array.Empty<double>(), new[] { 0.5 } });
        var actual = compiled.Get(Count, isFloat: false).Row(input);
        Check.Close(Math.Log(1 + Math.Exp(0.5)), actual.Loss, 1e-15, "loss");
        Check.Close(-0.5 / (1 + Math.Exp(-0.5)), actual.Gradients[0][0], 1e-15, "∂L/∂sp");
        DeclarationChecks.Row(compiled, Count, input, finiteDifferences: false);
    }
}
