using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PairwiseLoss.Generator.Tests.Snapshots;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// The TorchSharp forms (<c>&lt;Type&gt;.PairwiseLoss.Torch.g.cs</c>): written only when the compilation has
/// <c>PairwiseLoss.TorchSharp.TensorLoss</c>, compiled here against a stub of that API and of TorchSharp's Tensor (the
/// real one is compiled and run in PairwiseLoss.TorchSharp.Tests), cached like the other outputs.
/// </summary>
public class TensorFormTests
{
    private const string TorchStub = TorchSharpStub.Source;

    private const string Declarations = """
        using System;
        using PairwiseLoss;

        namespace Training;

        public static partial class Losses
        {
            // a literal ranking: one score tensor
            [PairwiseLoss(Gamma = 2, Margin = 0.1)]
            [Want("s2 < s1 < s0")]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);

            // hard and soft labels, float and double: one tensor overload that picks the span form by dtype
            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> grad);

            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, Span<float> grad);

            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial double MultiLabel(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> grad);

            // batched with targets and classes, a run-time margin
            [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Shape = PairShape.Hinge)]
            [Want("others < target")]
            internal static partial double MultiMargin(ReadOnlySpan<double> scores, ReadOnlySpan<int> targets, int classes, double margin, Span<double> gradient);

            // two score tensors, run-time γ and m
            [PairwiseLoss(Circle = true)]
            [Want("sn < sp")]
            public static partial float Circle(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, float gamma, float margin, Span<float> gradSp, Span<float> gradSn);

            // forward only: a form without gradient
            [PairwiseLoss]
            [Want("others < target")]
            public static partial float Softmax(ReadOnlySpan<float> logits, int target);

            // names that the generated locals must not take
            [PairwiseLoss]
            [Want("s1 < s0")]
            public static partial float Clash(ReadOnlySpan<float> @in, Span<float> loss);

            public static int inInput => 0;
        }
        """;

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        Snapshot.Verify(GeneratorHarness.Run(source, TorchStub), testFile: SnapshotFile(), testMethod: test);

    private static string SnapshotFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void TensorFormsOfEveryKindOfDeclaration() => Verify(Declarations);

    [Fact]
    public void GenericNestedContainingType() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Generic;

        public partial class Outer
        {
            internal partial class Trainer<TModel>
            {
                [PairwiseLoss(Batched = true)]
                [Want("neg < 0 < pos")]
                public static partial float Zlpr(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> grad);
            }
        }
        """);

    [Fact]
    public void WithoutTheTorchSharpReferenceNothingIsAdded()
    {
        var without = GeneratorHarness.Run(Declarations);
        var with = GeneratorHarness.Run(Declarations, TorchStub);

        Assert.Null(without.Exception);
        Assert.DoesNotContain(without.Sources, s => s.HintName.Contains(".Torch.", StringComparison.Ordinal));
        var torch = Assert.Single(with.Sources, s => s.HintName.Contains(".Torch.", StringComparison.Ordinal));
        Assert.Equal("Training.Losses.PairwiseLoss.Torch.g.cs", torch.HintName);

        // The span file is the same either way.
        Assert.Equal(
            without.Sources.Select(s => (s.HintName, s.SourceText.ToString())),
            with.Sources.Where(s => s.HintName != torch.HintName).Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void InvalidDeclarationsGetNoTensorForm()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using PairwiseLoss;

            namespace Broken;

            public static partial class Losses
            {
                [PairwiseLoss]
                [Want("s0 < foo")]
                public static partial float Unknown(ReadOnlySpan<float> s, Span<float> grad);
            }
            """, TorchStub);

        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.Sources, s => s.HintName.Contains(".Torch.", StringComparison.Ordinal));
    }

    [Fact]
    public void TensorFormsAreCachedAndFollowTheReference()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declarations, TorchStub);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.NotEmpty(Outputs(first, TrackingNames.TensorForms));

        // An unrelated file: the reference check reruns (it reads the compilation) but its bool is unchanged, so the
        // tensor forms are cached.
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Elsewhere; public sealed class Unrelated { }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();
        Assert.All(Outputs(second, TrackingNames.TorchSharpReferenced), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, output.Reason.ToString()));
        Assert.NotEmpty(Outputs(second, TrackingNames.TensorForms));
        Assert.All(Outputs(second, TrackingNames.TensorForms), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));

        // Removing the reference removes the file; the span file stays as it was.
        var withoutStub = edited.RemoveSyntaxTrees(edited.SyntaxTrees.Single(t => t.ToString().Contains("class TensorLoss", StringComparison.Ordinal)));
        var third = driver.RunGenerators(withoutStub).GetRunResult().Results.Single();
        Assert.Null(third.Exception);
        Assert.DoesNotContain(third.GeneratedSources, s => s.HintName.Contains(".Torch.", StringComparison.Ordinal));
        Assert.Contains(third.GeneratedSources, s => s.HintName == "Training.Losses.PairwiseLoss.g.cs");
    }

    /// <summary>
    /// Random valid declarations of every kind (literal, templates, mixed sets, Circle with three spans, per-class terms),
    /// each as float and double, per row, batched and forward-only, with array wrappers beside them: their tensor forms
    /// compile without error or warning, one file per class.
    /// </summary>
    [Fact]
    public void Tensor_forms_of_random_declarations_compile()
    {
        var rng = new System.Random(2718);
        var declarations = Enumerable.Range(0, 20).Select(_ => PairwiseLoss.Tests.Shared.Reference.RandomDeclarations.Literal(rng))
            .Concat(Enumerable.Range(0, 16).Select(i => PairwiseLoss.Tests.Shared.Reference.RandomDeclarations.Template(rng, i)))
            .Concat(Enumerable.Range(0, 20).Select(_ => PairwiseLoss.Tests.Shared.Reference.RandomDeclarations.Mixed(rng)))
            .Concat(Enumerable.Range(0, 10).Select(_ => PairwiseLoss.Tests.Shared.Reference.RandomDeclarations.Circle(rng)))
            .Concat(Enumerable.Range(0, 10).Select(_ => PairwiseLoss.Tests.Shared.Reference.RandomDeclarations.PerClass(rng)))
            .ToList();
        var run = GeneratorHarness.Run(PairwiseLoss.Generator.Tests.Declarations.CompiledDeclarations.Sources(declarations).Append(TorchStub).ToArray());

        Assert.Null(run.Exception);
        var problems = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var files = run.Sources.Where(s => s.HintName.EndsWith(".PairwiseLoss.Torch.g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "Generated.DoubleLosses.PairwiseLoss.Torch.g.cs", "Generated.FloatLosses.PairwiseLoss.Torch.g.cs" }, files.Select(f => f.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(files, f => Assert.Contains("TensorLoss.Result(", f.SourceText.ToString(), StringComparison.Ordinal));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs)
            : Enumerable.Empty<(object, IncrementalStepRunReason)>();
}
