using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PairwiseLoss.Generator;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// The incremental pipeline caches (NetEscapades.EnumGenerators style): a second run on a clone, and an unrelated edit,
/// run no emit step; an edit regenerates only its own type; the step outputs hold no Roslyn objects.
/// </summary>
public class CachingTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Models, TrackingNames.Types, TrackingNames.EmissionPlans,
        TrackingNames.WantWithoutLoss, TrackingNames.WantWithoutLossDiagnostics, TrackingNames.InvalidTypes,
        TrackingNames.DecisionRules, TrackingNames.DecisionRuleDiagnostics,
    };

    private const string Ranking = """
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 2, Margin = 0.1)]
            [Want("s2 < s1 < s0")]
            [Want("s3 < s0", Margin = 0.5, Weight = 2)]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);

            [PairwiseLoss]
            [Want("s1 < s0")]
            [Want("s1 < s0")]
            public static partial float WithWarning(ReadOnlySpan<float> s, Span<float> grad);
        }
        """;

    private const string Classification = """
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

            [PairwiseLoss(Batched = true)]
            [Want("others < target")]
            public static partial double Softmax(ReadOnlySpan<double> s, ReadOnlySpan<int> targets, int classes, Span<double> grad);

            [DecisionRule(nameof(MultiLabel))]
            public static partial void Predict(ReadOnlySpan<float> s, Span<bool> labels);

            [PairwiseLoss(Terms = LossTerms.PerPair)]
            [Want("s[i] < s[j] where g[i] < g[j]")]
            public static partial float RankNet(ReadOnlySpan<float> s, ReadOnlySpan<int> g, Span<float> grad);
        }
        """;

    private const string Broken = """
        using System;
        using PairwiseLoss;

        namespace Broken;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("s0 < foo")]
            public static partial float Unknown(ReadOnlySpan<float> s, Span<float> grad);
        }
        """;

    private static (GeneratorDriver Driver, GeneratorRunResult First) RunOnce(Compilation compilation)
    {
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (driver, result);
    }

    private static GeneratorRunResult RunAgain(GeneratorDriver driver, Compilation compilation)
    {
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs)
            : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    private static string Describe(GeneratorRunResult result, string step) =>
        string.Join(", ", Outputs(result, step).Select(o => o.Reason));

    [Fact]
    public void SecondRunOnACloneIsCachedAtEveryTrackedStep()
    {
        var compilation = GeneratorHarness.CreateCompilation(Ranking, Classification, Broken);
        var (driver, first) = RunOnce(compilation);

        foreach (var step in TrackedSteps)
        {
            Assert.True(first.TrackedSteps.ContainsKey(step), $"step {step} was not tracked: is .WithTrackingName missing?");
            Assert.NotEmpty(Outputs(first, step));
        }

        var second = RunAgain(driver, compilation.Clone());
        foreach (var step in TrackedSteps)
        {
            Assert.All(Outputs(second, step), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step}: {Describe(second, step)}"));
        }

        Assert.Equal(first.GeneratedSources.Select(s => s.SourceText.ToString()), second.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void AddingAnUnrelatedFileRegeneratesNothing()
    {
        var compilation = GeneratorHarness.CreateCompilation(Ranking, Classification);
        var (driver, _) = RunOnce(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Elsewhere; public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        var second = RunAgain(driver, edited);

        Assert.NotEmpty(Outputs(second, TrackingNames.Types));
        Assert.All(Outputs(second, TrackingNames.Types), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.NotEmpty(Outputs(second, TrackingNames.EmissionPlans));
        Assert.All(Outputs(second, TrackingNames.EmissionPlans), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        foreach (var step in new[] { TrackingNames.Parse, TrackingNames.Models })
        {
            Assert.All(Outputs(second, step), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step}: {Describe(second, step)}"));
        }
    }

    [Fact]
    public void EditingAnUnrelatedMethodBodyInTheSameFileRegeneratesNothing()
    {
        var withHelper = Ranking.Replace(
            "public static partial class Losses\n{",
            "public static partial class Losses\n{\n    public static int Helper() => 1;\n");
        var compilation = GeneratorHarness.CreateCompilation(withHelper, Classification);
        var (driver, _) = RunOnce(compilation);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(
            withHelper.IndexOf("=> 1;", StringComparison.Ordinal), "=> 1;".Length, "=> 2;")));
        var second = RunAgain(driver, edited);

        foreach (var step in new[] { TrackingNames.Types, TrackingNames.EmissionPlans })
        {
            Assert.All(Outputs(second, step), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step}: {Describe(second, step)}"));
        }
    }

    [Fact]
    public void ChangingOneConstraintRegeneratesOnlyThatTypesFile()
    {
        var compilation = GeneratorHarness.CreateCompilation(Ranking, Classification);
        var (driver, first) = RunOnce(compilation);

        var tree = compilation.SyntaxTrees.Skip(1).First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            Classification.Replace("neg < 0 < pos", "neg < pos"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var second = RunAgain(driver, edited);

        var types = Outputs(second, TrackingNames.Types).ToList();
        Assert.Equal(2, types.Count);
        var modified = Assert.Single(types, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Classification", ((IEnumerable<object>)ToEnumerable(modified.Value)).Select(m => m.ToString()).First(), StringComparison.Ordinal);
        Assert.Single(types, output => output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        var plans = Outputs(second, TrackingNames.EmissionPlans).ToList();
        Assert.Equal(2, plans.Count);
        Assert.Single(plans, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(plans, output => output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);

        Assert.Equal(Source(first, "Ranking.Losses.PairwiseLoss.g.cs"), Source(second, "Ranking.Losses.PairwiseLoss.g.cs"));
        Assert.NotEqual(Source(first, "Classification.Losses.PairwiseLoss.g.cs"), Source(second, "Classification.Losses.PairwiseLoss.g.cs"));
        Assert.Contains("neg < pos", Source(second, "Classification.Losses.PairwiseLoss.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void MovingAWarningReReportsItWithoutRegeneratingCode()
    {
        var compilation = GeneratorHarness.CreateCompilation(Ranking);
        var (driver, first) = RunOnce(compilation);
        var before = Assert.Single(first.Diagnostics);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            "// a comment that moves everything down\n\n" + Ranking, GeneratorHarness.ParseOptions, path: tree.FilePath));
        var second = RunAgain(driver, edited);

        var after = Assert.Single(second.Diagnostics);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(Outputs(second, TrackingNames.Diagnostics), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(second, TrackingNames.Models), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, Describe(second, TrackingNames.Models)));
        Assert.All(Outputs(second, TrackingNames.Types), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, Describe(second, TrackingNames.Types)));
        Assert.All(Outputs(second, TrackingNames.EmissionPlans), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, Describe(second, TrackingNames.EmissionPlans)));
    }

    [Fact]
    public void StepOutputsHoldNoSymbolsCompilationsOrSyntax()
    {
        var compilation = GeneratorHarness.CreateCompilation(Ranking, Classification, Broken);
        var (driver, first) = RunOnce(compilation);
        var second = RunAgain(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions)));

        var walked = 0;
        foreach (var result in new[] { first, second })
        {
            foreach (var step in TrackedSteps)
            {
                foreach (var (value, _) in Outputs(result, step))
                {
                    walked++;
                    var found = ObjectGraph.FindForbidden(value, step);
                    Assert.True(found.Count == 0, $"step {step} holds Roslyn objects:\n" + string.Join("\n", found));
                }
            }
        }

        Assert.True(walked >= 2 * TrackedSteps.Length);
    }

    [Fact]
    public void TheGraphWalkerFindsRoslynObjects()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }");
        var holder = new { Name = "x", Nested = new object[] { 1, new List<object> { tree.GetRoot() } } };
        Assert.Contains(ObjectGraph.FindForbidden(holder), path => path.Contains("CompilationUnitSyntax", StringComparison.Ordinal));
        Assert.NotEmpty(ObjectGraph.FindForbidden(ImmutableArray.Create<object>(GeneratorHarness.CreateCompilation("class C { }"))));
        Assert.NotEmpty(ObjectGraph.FindForbidden(new Func<int>(() => tree.Length)));
        Assert.Empty(ObjectGraph.FindForbidden(new { Text = "s1 < s0", Values = ImmutableArray.Create(1.0, 2.0) }));
    }

    [Fact]
    public void EqualSourcesGiveEqualModels()
    {
        var first = ModelsOf(GeneratorHarness.CreateCompilation(Ranking, Classification, Broken));
        var second = ModelsOf(GeneratorHarness.CreateCompilation(Ranking, Classification, Broken));
        Assert.NotEmpty(first);
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.NotSame(first[i], second[i]);
            Assert.Equal(first[i], second[i]);
            Assert.Equal(first[i].GetHashCode(), second[i].GetHashCode());
        }

        var changed = ModelsOf(GeneratorHarness.CreateCompilation(Ranking.Replace("Gamma = 2", "Gamma = 3"), Classification, Broken));
        Assert.NotEqual(first, changed);
    }

    private static List<object> ModelsOf(Compilation compilation)
    {
        var (_, result) = RunOnce(compilation);
        return TrackedSteps.SelectMany(step => Outputs(result, step).Select(o => o.Value)).ToList();
    }

    private static string Source(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    private static IEnumerable<object> ToEnumerable(object value) =>
        value is System.Collections.IEnumerable items ? items.Cast<object>() : new[] { value };
}
