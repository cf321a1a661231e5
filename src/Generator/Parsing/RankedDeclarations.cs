using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// A declaration whose constraint ranges over every pair of a list, <c>"s[i] &lt; s[j] where g[i] &lt; g[j]"</c> (grades) or
/// <c>"s[j] &lt; s[i] where i &lt; j"</c> (the list's order): the parameters the constraint names take their roles, and every
/// setting is checked against what the ranking kernels compute, each mistake on the characters that make it.
/// </summary>
internal static class RankedDeclarations
{
    public static LossMethodModel? Parse(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        ElementType element,
        EquatableArray<TypeDeclarationModel> containingTypes,
        DeclarationParser.LossSettings settings,
        List<WantModel> wants,
        WantModel ranked,
        List<DiagnosticInfo> diagnostics,
        ReportDiagnostic report)
    {
        var quantified = ranked.Quantified!;
        foreach (var other in wants.Where(want => !ReferenceEquals(want, ranked)))
        {
            report(DiagnosticDescriptors.RankedConstraintAlone, other.Locator.Whole, other.Text);
        }

        var graded = quantified.Kind == QuantifiedKind.Grades;
        if (!IsParameter(method, quantified.Scores.Text))
        {
            report(DiagnosticDescriptors.SyntaxError, ranked.Locator.At(quantified.Scores.Start, quantified.Scores.Length),
                $"'{quantified.Scores.Text}' is not a parameter: index the scores parameter, e.g. '{(method.Parameters.Length > 0 ? method.Parameters[0].Name : "s")}[{ItemVariable(ranked.Text)}]'");
            return null;
        }

        if (graded && !IsParameter(method, quantified.Grades.Text))
        {
            report(DiagnosticDescriptors.SyntaxError, ranked.Locator.At(quantified.Grades.Start, quantified.Grades.Length),
                $"'{quantified.Grades.Text}' is not a parameter: add 'ReadOnlySpan<int> {quantified.Grades.Text}' (one grade per score; negative marks an invalid item)");
            return null;
        }

        var signature = SignatureParser.Parse(method, element, settings.Batched, needsLabels: false, report, grades: graded ? quantified.Grades.Text : null, ranked: true);
        if (signature is not null)
        {
            if (signature.ScoreSpans[0] != quantified.Scores.Text)
            {
                report(DiagnosticDescriptors.SyntaxError, ranked.Locator.At(quantified.Scores.Start, quantified.Scores.Length),
                    $"'{quantified.Scores.Text}' is not the scores parameter: write '{signature.ScoreSpans[0]}[…]'");
            }

        }

        var source = graded ? LevelSource.Grades : quantified.EarlierAbove ? LevelSource.EarlierAbove : LevelSource.LaterAbove;
        var nameLocation = syntax.Identifier.GetLocation();
        var runtimeMargin = ranked.Margin is null && signature?.RuntimeMargin == true;
        var margin = ranked.Margin ?? settings.Margin;
        Validate(settings, source, ranked, hasMargin: runtimeMargin || margin != 0, nameLocation, report);
        if (DeclarationParser.HasErrors(diagnostics) || signature is null)
        {
            return null;
        }

        var weighting = (PairWeightingKind)settings.PairWeight;
        var model = new RankedModel(source, ranked.Text, margin, weighting, settings.TopN, settings.LambdaMu, (ReductionKind)settings.Reduction, runtimeMargin);
        return DeclarationParser.Model(syntax, method, element, containingTypes, signature.Parameters, settings, LabelKind.None,
            new[] { new ConstraintText(ranked.Text, margin, 1) }.ToEquatableArray(), new LossPlan(default, default, -1), model);
    }

    private static bool IsParameter(IMethodSymbol method, string name) => method.Parameters.Any(p => p.Name == name);

    /// <summary>The first item's variable as written, for a suggestion: "i" in "s[i] &lt; s[j] …".</summary>
    private static string ItemVariable(string text)
    {
        var open = text.IndexOf('[');
        var close = open < 0 ? -1 : text.IndexOf(']', open);
        return close > open + 1 ? text.Substring(open + 1, close - open - 1).Trim() : "i";
    }

    /// <summary>What the ranking kernels compute: every other combination is a diagnostic on the setting that asks for it.</summary>
    private static void Validate(DeclarationParser.LossSettings settings, LevelSource source, WantModel ranked, bool hasMargin, Location nameLocation, ReportDiagnostic report)
    {
        var terms = (TermMode)settings.Terms;
        var constraint = source == LevelSource.Grades ? "a graded constraint" : "a list order";
        void Incompatible(Location? location, string setting, string with) =>
            report(DiagnosticDescriptors.IncompatibleModes, location ?? nameLocation, setting, with);

        if (terms is not (TermMode.Single or TermMode.PerPair or TermMode.PerItem))
        {
            Incompatible(settings.TermsLocation, DeclarationParser.TermsSetting(settings.Terms), constraint);
        }

        if (settings.Shape != (int)PairShapeKind.Logistic && terms != TermMode.PerPair)
        {
            report(DiagnosticDescriptors.ShapeWithoutPerPair, settings.ShapeLocation ?? nameLocation, DeclarationParser.ShapeSetting(settings.Shape));
        }

        if (settings.Hard && terms != TermMode.PerPair)
        {
            // Per pair, Hard is the sum of hinges; the max of one log-term or of each item's term has no ranking kernel.
            Incompatible(settings.HardLocation, "Hard", DeclarationParser.TermsSetting(settings.Terms));
        }
        else if (settings.Hard && settings.Shape is not ((int)PairShapeKind.Logistic or (int)PairShapeKind.Hinge))
        {
            Incompatible(settings.HardLocation, "Hard", DeclarationParser.ShapeSetting(settings.Shape));
        }

        if (settings.Circle)
        {
            if (terms != TermMode.Single)
            {
                Incompatible(settings.CircleLocation, "Circle", DeclarationParser.TermsSetting(settings.Terms));
            }
            else if (source != LevelSource.Grades)
            {
                Incompatible(settings.CircleLocation, "Circle", constraint);
            }
            else if (settings.Hard)
            {
                Incompatible(settings.CircleLocation, "Circle", "Hard");
            }
        }

        if (settings.CircleFullGradient)
        {
            // The graded Circle Loss holds α constant, as TF-Ranking's circle_loss does.
            Incompatible(settings.CircleFullGradientLocation, "CircleFullGradient", constraint);
        }

        if (ranked.Weight != 1)
        {
            Incompatible(ranked.WeightLocation, "Weight = " + DeclarationParser.Format(ranked.Weight), constraint + " (weigh its pairs with PairWeight)");
        }

        var weighting = (PairWeightingKind)settings.PairWeight;
        var location = settings.PairWeightLocation ?? nameLocation;
        var lambda = weighting is PairWeightingKind.NdcgLambdaRank or PairWeightingKind.NdcgLoss2 or PairWeightingKind.NdcgLoss2PlusPlus;
        if (weighting is < PairWeightingKind.None or > PairWeightingKind.NdcgLoss2PlusPlus)
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, settings.PairWeight.ToString(CultureInfo.InvariantCulture), "is not a PairWeighting");
        }
        else if (weighting != PairWeightingKind.None && source != LevelSource.Grades)
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, weighting.ToString(), "weighs pairs by their grades: write a graded constraint, \"s[i] < s[j] where g[i] < g[j]\"");
        }
        else if (weighting == PairWeightingKind.HigherGain && (terms != TermMode.Single || settings.Circle))
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, weighting.ToString(), "is a weight inside one log-term (it factors): remove the Terms" + (settings.Circle ? " and Circle settings" : " setting") + ", or per pair weigh by GainDifference");
        }
        else if (weighting is PairWeightingKind.LabelDifference or PairWeightingKind.SquaredLabelDifference or PairWeightingKind.GainDifference or PairWeightingKind.NdcgLambdaRank or PairWeightingKind.NdcgLoss2 or PairWeightingKind.NdcgLoss2PlusPlus
            && terms != TermMode.PerPair)
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, weighting.ToString(), "does not factor into one log-term: add Terms = LossTerms.PerPair (one term per pair)");
        }
        else if (lambda && (settings.Shape != (int)PairShapeKind.Logistic || settings.Hard))
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, weighting.ToString(), "weighs the logistic pair term of LambdaLoss: remove the Shape and Hard settings");
        }
        else if (lambda && hasMargin)
        {
            report(DiagnosticDescriptors.WeightingNeedsTerms, location, weighting.ToString(), "has no margin (LambdaLoss compares the scores themselves): remove the margin");
        }

        if (settings.TopN != 0 && (!lambda || settings.TopN < 0))
        {
            Incompatible(settings.TopNLocation, "TopN = " + settings.TopN.ToString(CultureInfo.InvariantCulture),
                settings.TopN < 0 ? "a negative rank (write k ≥ 1, or 0 for the whole list)" : "PairWeight = PairWeighting." + weighting + " (TopN is the k of an NDCG weighting)");
        }

        if (settings.LambdaMuLocation is not null && (weighting != PairWeightingKind.NdcgLoss2PlusPlus || !(settings.LambdaMu >= 0) || double.IsInfinity(settings.LambdaMu)))
        {
            Incompatible(settings.LambdaMuLocation, "LambdaMu = " + DeclarationParser.Format(settings.LambdaMu),
                weighting != PairWeightingKind.NdcgLoss2PlusPlus ? "PairWeight = PairWeighting." + weighting + " (μ weighs NDCG-Loss2 in NdcgLoss2PlusPlus)" : "a finite μ ≥ 0");
        }

        if (settings.Reduction != 0 && (!settings.Batched || settings.Reduction is < 0 or > (int)ReductionKind.Sum))
        {
            Incompatible(settings.ReductionLocation, "Reduction = LossReduction." + (ReductionKind)settings.Reduction, settings.Batched ? "a batch" : "an unbatched loss (a reduction combines rows)");
        }
    }
}
