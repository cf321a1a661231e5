using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Lowering;
using PairwiseLoss.Generator.Model;
using PairwiseLoss.Generator.Parsing;

namespace PairwiseLoss.Generator;

/// <summary>
/// The pipeline: [PairwiseLoss] methods → <see cref="DeclarationParser"/> (model + diagnostics as data) →
/// grouped by containing type → <see cref="Lowerer"/> (the emission plan) → <see cref="PlanPrinter"/>. Diagnostics go through their own output, so a moved
/// line re-reports them without regenerating code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PairwiseLossGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DeclarationParser.LossAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                DeclarationParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        // [Want] on a method without [PairwiseLoss] (PL0032): the same result shape, without a model.
        var wantOnly = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DeclarationParser.WantAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                DeclarationParser.ParseWantWithoutLoss)
            .WithTrackingName(TrackingNames.WantWithoutLoss);

        ReportDiagnostics(context, parsed.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.Diagnostics));
        ReportDiagnostics(context, wantOnly.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.WantWithoutLossDiagnostics));

        // [DecisionRule(nameof(Loss))]: the prediction the loss's constraints imply, a file per rule.
        var rules = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DecisionRuleParser.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                DecisionRuleParser.Parse)
            .WithTrackingName(TrackingNames.DecisionRules);
        ReportDiagnostics(context, rules.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.DecisionRuleDiagnostics));

        // Declarations with errors still get a (throwing) body, so the build shows the PL diagnostics alone.
        var invalid = parsed.Collect()
            .Combine(wantOnly.Collect())
            .Combine(rules.Collect())
            .SelectMany(static (all, _) => GroupInvalidByType(
                all.Left.Left.AddRange(all.Left.Right).Select(static result => result.Invalid).Concat(all.Right.Select(static result => result.Invalid))))
            .WithTrackingName(TrackingNames.InvalidTypes);
        context.RegisterSourceOutput(invalid, static (output, group) =>
            output.AddSource(InvalidDeclarationEmitter.HintName(group[0]), InvalidDeclarationEmitter.EmitFile(group.Items)));

        var models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        var types = models
            .Collect()
            .SelectMany(static (all, _) => GroupByType(all))
            .WithTrackingName(TrackingNames.Types);

        var plans = types
            .Select(static (group, _) => Lowerer.Lower(group.Items))
            .WithTrackingName(TrackingNames.EmissionPlans);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            output.AddSource(plan.HintName, PlanPrinter.Print(plan)));

        var rulePlans = rules
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .Collect()
            .SelectMany(static (all, _) => all.GroupBy(static rule => rule.TypeKey).Select(static group => group.ToEquatableArray()))
            .Select(static (group, _) => DecisionRuleLowerer.Lower(group.Items));
        context.RegisterSourceOutput(rulePlans, static (output, plan) =>
            output.AddSource(plan.HintName, PlanPrinter.Print(plan)));

        // With PairwiseLoss.TorchSharp referenced, each type's losses also get TorchSharp overloads in a file of their
        // own. The reference is one symbol lookup per compilation, reduced to a bool, so an edit elsewhere keeps it cached.
        var torchSharp = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(TensorFormEmitter.MarkerType) is not null)
            .WithTrackingName(TrackingNames.TorchSharpReferenced);

        var tensorForms = types
            .Combine(torchSharp)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => TensorFormEmitter.Emit(pair.Left))
            .WithTrackingName(TrackingNames.TensorForms);

        context.RegisterSourceOutput(tensorForms, static (output, file) =>
            output.AddSource(file.HintName, file.Text));
    }

    /// <summary>
    /// Locations are rebuilt on the current syntax trees so that #pragma warning disable applies to them; the combine
    /// with the compilation reruns only this loop over already-computed data.
    /// </summary>
    private static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics) =>
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, input) =>
        {
            foreach (var item in input.Left)
            {
                output.ReportDiagnostic(item.ToDiagnostic(input.Right));
            }
        });

    private static IEnumerable<EquatableArray<InvalidDeclaration>> GroupInvalidByType(IEnumerable<InvalidDeclaration?> declarations) =>
        declarations
            .Where(static declaration => declaration is not null)
            .Select(static declaration => declaration!)
            .GroupBy(static declaration => declaration.TypeKey)
            .Select(static group => group.ToEquatableArray());

    private static IEnumerable<EquatableArray<LossMethodModel>> GroupByType(ImmutableArray<LossMethodModel> models) =>
        models
            .GroupBy(static model => model.TypeKey)
            .Select(static group => group.ToEquatableArray());
}
