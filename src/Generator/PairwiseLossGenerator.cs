using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        // Locations are rebuilt on the current syntax trees so that #pragma warning disable applies to them; the
        // combine with the compilation reruns only this loop over already-computed data.
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, input) =>
        {
            foreach (var item in input.Left)
            {
                output.ReportDiagnostic(item.ToDiagnostic(input.Right));
            }
        });

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
    }

    private static IEnumerable<EquatableArray<LossMethodModel>> GroupByType(ImmutableArray<LossMethodModel> models) =>
        models
            .GroupBy(static model => model.TypeKey)
            .Select(static group => group.ToEquatableArray());
}
