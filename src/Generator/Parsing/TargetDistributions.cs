using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// <c>"others &lt; target"</c> whose target is a <c>ReadOnlySpan&lt;T&gt;</c>: a distribution over the classes, one log-term per
/// target class weighted by its probability, <c>Σ_t y_t·log(1 + Σ_{k≠t} e^{s_k − s_t}) = (Σ y)·LSE(s) − Σ_t y_t s_t</c> (softmax
/// cross-entropy with soft targets: ListNet's top-one loss, label smoothing). O(n), by <c>SoftmaxTargets</c>.
/// </summary>
internal static class TargetDistributions
{
    public static LossMethodModel? Parse(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        ElementType element,
        EquatableArray<TypeDeclarationModel> containingTypes,
        DeclarationParser.LossSettings settings,
        List<WantModel> wants,
        Signature signature,
        List<DiagnosticInfo> diagnostics,
        ReportDiagnostic report)
    {
        var nameLocation = syntax.Identifier.GetLocation();
        const string Distribution = "a target distribution (\"others < target\" with a span of probabilities)";
        if (wants.Count != 1 || wants[0].Sides.Count != 2 || wants[0].Sides[0].Name != SideResolver.Others || wants[0].Sides[1].Name != SideResolver.Target)
        {
            foreach (var want in wants)
            {
                report(DiagnosticDescriptors.IncompatibleModes, want.Locator.Whole, want.Text, Distribution);
            }

            return null;
        }

        var want0 = wants[0];
        void Incompatible(Location? location, string setting) => report(DiagnosticDescriptors.IncompatibleModes, location ?? nameLocation, setting, Distribution);
        if (settings.Gamma != 1)
        {
            Incompatible(null, "Gamma = " + DeclarationParser.Format(settings.Gamma));
        }

        if ((want0.Margin ?? settings.Margin) != 0 || signature.RuntimeMargin || signature.RuntimeGamma)
        {
            Incompatible(want0.WeightLocation, signature.RuntimeGamma ? "a run-time gamma" : "a margin");
        }

        if (want0.Weight != 1)
        {
            Incompatible(want0.WeightLocation, "Weight = " + DeclarationParser.Format(want0.Weight));
        }

        if (settings.Circle || settings.Hard || settings.Terms != (int)TermMode.Single || settings.Shape != 0)
        {
            Incompatible(settings.CircleLocation ?? settings.HardLocation ?? settings.TermsLocation ?? settings.ShapeLocation, settings.Circle ? "Circle" : settings.Hard ? "Hard" : settings.Shape != 0 ? DeclarationParser.ShapeSetting(settings.Shape) : DeclarationParser.TermsSetting(settings.Terms));
        }

        if (settings.Reduction != 0 && !settings.Batched)
        {
            Incompatible(settings.ReductionLocation, "Reduction = LossReduction." + (ReductionKind)settings.Reduction);
        }

        foreach (var (setting, location) in settings.RankedOnly())
        {
            if (!setting.StartsWith("Reduction", System.StringComparison.Ordinal))
            {
                report(DiagnosticDescriptors.NeedsRankedConstraint, location ?? nameLocation, setting);
            }
        }

        if (DeclarationParser.HasErrors(diagnostics))
        {
            return null;
        }

        var model = new RankedModel(LevelSource.TargetDistribution, want0.Text, 0, PairWeightingKind.None, 0, 10, (ReductionKind)settings.Reduction, false);
        return DeclarationParser.Model(syntax, method, element, containingTypes, signature.Parameters, settings, LabelKind.None,
            new[] { new ConstraintText(want0.Text, 0, 1) }.ToEquatableArray(), new LossPlan(default, default, -1), model);
    }
}
