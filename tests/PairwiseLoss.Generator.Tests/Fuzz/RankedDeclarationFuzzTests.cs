using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Hardening;
using PairwiseLoss.Tests.Shared.Ranking;
using Xunit;
using Xunit.Abstractions;

namespace PairwiseLoss.Generator.Tests.Fuzz;

/// <summary>
/// Random valid ranked declarations: grades (int or floating), list orders either way and long literal chains; one
/// log-term, one term per pair with every pair shape and the hard mode, one term per item, Circle over grades; every pair
/// weighting where it applies, NDCG@k and μ; γ and m declared or at run time; batched with each reduction, with and
/// without row weights; float and double, with a gradient and forward only. Each must give no diagnostic, compile, and
/// match the brute-force reference of its formula (pairs enumerated, <see cref="RankingReference"/>) on lists with absent
/// (−∞) items and invalid grades, its gradient matching central differences of that reference (double, smooth shapes).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class RankedDeclarationFuzzTests
{
    private const int Count = 160;
    private const int Seed = 20_261_205;
    private readonly ITestOutputHelper _output;

    public RankedDeclarationFuzzTests(ITestOutputHelper output) => _output = output;

    private enum Source
    {
        IntGrades,
        FloatGrades,
        EarlierAbove,
        LaterAbove,
        Chain,
    }

    private sealed record Draw(
        int Id, bool Double, Source Source, LossTerms Terms, PairShape Shape, bool Hard, bool Circle, PairWeighting Weighting, int TopN,
        double? Gamma, double? Margin, bool Batched, LossReduction Reduction, bool RowWeights, bool Gradient, int ChainLength)
    {
        public string Name => $"M{Id}";

        public string Source_()
        {
            var t = Double ? "double" : "float";
            var settings = new List<string>();
            if (Terms != LossTerms.Single) settings.Add("Terms = LossTerms." + Terms);
            if (Shape != PairShape.Logistic) settings.Add("Shape = PairShape." + Shape);
            if (Hard) settings.Add("Hard = true");
            if (Circle) settings.Add("Circle = true");
            if (Weighting != PairWeighting.None) settings.Add("PairWeight = PairWeighting." + Weighting);
            if (TopN != 0) settings.Add("TopN = " + TopN);
            if (Gamma is { } g) settings.Add("Gamma = " + g.ToString("R", CultureInfo.InvariantCulture));
            if (Margin is { } m && m != 0) settings.Add("Margin = " + m.ToString("R", CultureInfo.InvariantCulture));
            if (Batched) settings.Add("Batched = true");
            if (Reduction != LossReduction.Mean) settings.Add("Reduction = LossReduction." + Reduction);
            var constraint = Source switch
            {
                Source.EarlierAbove => "s[j] < s[i] where i < j",
                Source.LaterAbove => "s[i] < s[j] where i < j",
                Source.Chain => string.Join(" < ", Enumerable.Range(0, ChainLength).Select(i => $"s{ChainLength - 1 - i}")),
                _ => "s[i] < s[j] where g[i] < g[j]",
            };
            var parameters = new List<string> { $"ReadOnlySpan<{t}> s" };
            if (Source is Source.IntGrades) parameters.Add("ReadOnlySpan<int> g");
            if (Source is Source.FloatGrades) parameters.Add($"ReadOnlySpan<{t}> g");
            if (Batched) parameters.Add("int items");
            if (RowWeights) parameters.Add($"[RowWeights] ReadOnlySpan<{t}> w");
            if (Gamma is null && !Hard) parameters.Add($"{t} gamma");
            if (Margin is null) parameters.Add($"{t} margin");
            if (Gradient) parameters.Add($"Span<{t}> grad");
            return $"[PairwiseLoss({string.Join(", ", settings)}), Want(\"{constraint}\")] public static partial {t} {Name}({string.Join(", ", parameters)});";
        }

        /// <summary>A wrapper over arrays of double (spans cannot go through reflection): converts, calls, copies the gradient back.</summary>
        public string Wrapper()
        {
            var t = Double ? "double" : "float";
            var convert = Double ? "x" : "Array.ConvertAll(x, v => (float)v)";
            var arguments = new List<string> { "S" };
            if (Source is Source.IntGrades) arguments.Add("Array.ConvertAll(g, v => (int)v)");
            if (Source is Source.FloatGrades) arguments.Add(convert.Replace("x", "g"));
            if (Batched) arguments.Add("items");
            if (RowWeights) arguments.Add(convert.Replace("x", "w"));
            if (Gamma is null && !Hard) arguments.Add($"({t})gamma");
            if (Margin is null) arguments.Add($"({t})margin");
            if (Gradient) arguments.Add("G");
            return $"public static double Call{Name}(double[] s, double[] g, int items, double[] w, double gamma, double margin, double[] grad) {{ var S = {convert.Replace("x", "s")}; var G = new {t}[s.Length]; var loss = {Name}({string.Join(", ", arguments)}); for (var i = 0; i < s.Length; i++) grad[i] = G[i]; return loss; }}";
        }
    }

    private static Draw Next(Random rng, int id)
    {
        var source = (Source)rng.Next(5);
        var graded = source is Source.IntGrades or Source.FloatGrades;
        var terms = source == Source.Chain ? (rng.Next(2) == 0 ? LossTerms.Single : LossTerms.PerPair) : (LossTerms)new[] { 0, 1, 3 }[rng.Next(3)];
        var hard = terms == LossTerms.PerPair && rng.Next(4) == 0;
        var shape = terms != LossTerms.PerPair ? PairShape.Logistic : hard ? (rng.Next(2) == 0 ? PairShape.Logistic : PairShape.Hinge) : (PairShape)rng.Next(4);
        var batched = source != Source.Chain && rng.Next(2) == 0;
        var circle = graded && terms == LossTerms.Single && rng.Next(2) == 0;
        var weighting = PairWeighting.None;
        if (graded && !circle && rng.Next(2) == 0)
        {
            weighting = terms switch
            {
                LossTerms.Single => PairWeighting.HigherGain,
                LossTerms.PerPair when !hard && shape == PairShape.Logistic => (PairWeighting)rng.Next(2, 8),
                LossTerms.PerPair => (PairWeighting)rng.Next(2, 5),
                _ => PairWeighting.None,
            };
        }

        var lambda = weighting >= PairWeighting.NdcgLambdaRank;
        double? gamma = hard ? null : rng.Next(3) == 0 ? null : new[] { 0.5, 1, 2 }[rng.Next(3)];
        if (hard)
        {
            gamma = 1; // the hard mode measures in score units: no γ parameter
        }

        double? margin = lambda ? 0 : rng.Next(3) == 0 ? null : new[] { 0, 0.3, -0.2 }[rng.Next(3)];
        return new Draw(id, rng.Next(2) == 0, source, terms, shape, hard, circle, weighting, lambda && rng.Next(2) == 0 ? 3 : 0,
            gamma, margin, batched, batched ? (LossReduction)rng.Next(3) : LossReduction.Mean, batched && rng.Next(2) == 0, rng.Next(4) != 0, rng.Next(12, 30));
    }

    [Fact]
    public void RandomRankedDeclarationsCompileAndMatchTheirReference()
    {
        var seed = HardeningCounts.Seed(Seed);
        var rng = new Random(seed);
        var draws = Enumerable.Range(0, Count).Select(id => Next(rng, id)).ToList();
        var source = "using System;\nusing PairwiseLoss;\nnamespace Fuzz;\npublic static partial class Ranked\n{\n" + string.Join("\n", draws.Select(d => "    " + d.Source_() + "\n    " + d.Wrapper())) + "\n}\n";
        var run = GeneratorHarness.Run(source);
        var diagnostics = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics().Where(d => d.Severity > DiagnosticSeverity.Hidden)).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.Take(10)));
        var type = GeneratorHarness.Load(run).GetType("Fuzz.Ranked")!;
        var failures = new List<string>();
        var rows = 0;
        foreach (var draw in draws)
        {
            try
            {
                rows += Check(draw, type.GetMethod("Call" + draw.Name)!, new Random(seed + draw.Id));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{draw.Source_()}: {e.GetBaseException().Message}");
            }
        }

        var line = $"ranked declarations (seed {seed}): {Count} generated and compiled without a diagnostic " +
            $"({draws.Count(d => d.Source is Source.IntGrades or Source.FloatGrades)} graded, {draws.Count(d => d.Source is Source.EarlierAbove or Source.LaterAbove)} ordered, {draws.Count(d => d.Source == Source.Chain)} literal chains; " +
            $"{draws.Count(d => d.Terms == LossTerms.PerPair)} per pair, {draws.Count(d => d.Terms == LossTerms.PerItem)} per item, {draws.Count(d => d.Circle)} Circle, {draws.Count(d => d.Weighting != PairWeighting.None)} weighted, {draws.Count(d => d.Batched)} batched), " +
            $"{rows} lists checked against the reference, failures: {failures.Count}";
        _output.WriteLine(line);
        failures.Take(10).ToList().ForEach(f => _output.WriteLine("  FAILURE " + f));
        HardeningCounts.Record("1-generator-ranked", line);
        Assert.True(failures.Count == 0, $"{failures.Count} failures; the first:\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>Random lists (−∞ items, invalid grades, ties) through the method and the reference; returns the lists checked.</summary>
    private static int Check(Draw d, MethodInfo method, Random rng)
    {
        var items = d.Source == Source.Chain ? d.ChainLength + rng.Next(3) : rng.Next(2, 12);
        var listCount = d.Batched ? rng.Next(1, 4) : 1;
        var n = items * listCount;
        var gamma = d.Gamma ?? 1.5;
        var margin = d.Margin ?? 0.25;
        var weights = d.RowWeights ? Enumerable.Range(0, listCount).Select(_ => (double)rng.Next(0, 3)).ToArray() : null;
        for (var trial = 0; trial < 3; trial++)
        {
            var s = Enumerable.Range(0, n).Select(_ => rng.Next(10) == 0 ? double.NegativeInfinity : Math.Round((rng.NextDouble() * 6) - 3, 3)).ToArray();
            if (d.Circle)
            {
                s = s.Select(v => double.IsNegativeInfinity(v) ? v : (v / 6) + 0.5).ToArray();
            }

            var g = Enumerable.Range(0, n).Select(_ => (double)rng.Next(-1, 4)).ToArray();
            var grad = new double[n];
            if (!d.Double)
            {
                s = s.Select(v => (double)(float)v).ToArray(); // the scores the float method sees
            }

            var loss = Invoke(method, s, g, items, weights, gamma, margin, grad);
            var expected = Reference(d, s, g, items, weights, d.Double ? gamma : (float)gamma, d.Double ? margin : (float)margin, s);
            Assert.True(Close(loss, expected, d.Double ? 1e-9 : 1e-4), $"loss {loss:R}, reference {expected:R}");
            if (d.Double && d.Gradient && d.Shape is PairShape.Logistic or PairShape.Sigmoid && !d.Hard)
            {
                var fd = RankingReference.FiniteDifferences(x => Reference(d, x, g, items, weights, gamma, margin, s), s);
                for (var i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(grad[i] - fd[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd[i])), $"∂L/∂s[{i}] = {grad[i]:R}, finite differences {fd[i]:R}");
                }
            }
        }

        return 3 * listCount;
    }

    private static double Invoke(MethodInfo method, double[] s, double[] g, int items, double[]? weights, double gamma, double margin, double[] grad) =>
        (double)method.Invoke(null, new object[] { s, g, items, weights ?? Array.Empty<double>(), gamma, margin, grad })!;

    private static double Reference(Draw d, double[] s, double[] g, int items, double[]? weights, double gamma, double margin, double[]? at)
    {
        var rows = s.Length / items;
        var (total, denominator) = (0.0, 0.0);
        for (var r = 0; r < rows; r++)
        {
            var sr = s.Skip(r * items).Take(items).ToArray();
            var gr = d.Source switch
            {
                Source.EarlierAbove => RankingReference.Positions(items, ListOrder.EarlierAbove),
                Source.LaterAbove => RankingReference.Positions(items, ListOrder.LaterAbove),
                Source.Chain => Enumerable.Range(0, items).Select(i => i < d.ChainLength ? (double)(d.ChainLength - 1 - i) : -1).ToArray(),
                _ => g.Skip(r * items).Take(items).ToArray(),
            };
            var ar = at?.Skip(r * items).Take(items).ToArray() ?? sr;
            if (!RankingReference.Pairs(sr, gr).Any())
            {
                continue;
            }

            var w = weights?[r] ?? 1;
            var γ = d.Hard ? 1 : gamma;
            double loss = d.Circle ? RankingReference.GradedCircle(sr, gr, γ, margin, false, ar)
                : d.Terms == LossTerms.PerItem ? RankingReference.ListMle(sr, gr, γ, margin)
                : d.Weighting >= PairWeighting.NdcgLambdaRank ? RankingReference.LambdaLoss(sr, gr, (LambdaScheme)(d.Weighting - PairWeighting.NdcgLambdaRank + 1), γ, d.TopN, 10, ar)
                : d.Terms == LossTerms.PerPair ? RankingReference.GradedPair(sr, gr, d.Hard ? PairFunction.Hinge : (PairFunction)d.Shape, d.Weighting == PairWeighting.None ? PairWeight.One : (PairWeight)(d.Weighting - 1), γ, margin)
                : RankingReference.GradedLogTerm(sr, gr, γ, margin, d.Weighting == PairWeighting.HigherGain ? GradedWeight.HigherGain : GradedWeight.One);
            total += w == 0 ? 0 : w * loss;
            denominator += d.Reduction == LossReduction.WeightedMean ? w : 1;
        }

        return d.Reduction == LossReduction.Sum ? total : denominator == 0 ? 0 : total / denominator;
    }

    private static bool Close(double actual, double expected, double relative) =>
        actual == expected || Math.Abs(actual - expected) <= relative * Math.Max(1, Math.Abs(expected));
}
