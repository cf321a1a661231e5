using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>The roles the parameters play: which span holds the scores, the labels, the target, the gradients.</summary>
internal sealed record Signature(
    EquatableArray<ParameterModel> Parameters,
    LabelKind Labels,
    bool HasTarget,
    IReadOnlyList<string> ScoreSpans,
    int Gradients,
    string ElementName,
    bool RuntimeGamma,
    bool RuntimeMargin,
    bool SoftTarget = false);

/// <summary>
/// Validates the user's signature and assigns roles by type and position:
/// the first <c>ReadOnlySpan&lt;T&gt;</c> is the scores; <c>ReadOnlySpan&lt;bool&gt;</c> (or the next
/// <c>ReadOnlySpan&lt;T&gt;</c> when <c>pos</c>/<c>neg</c> are used) the labels; <c>int</c> the target
/// (the class count when batched, with <c>ReadOnlySpan&lt;int&gt;</c> targets); further <c>ReadOnlySpan&lt;T&gt;</c>
/// are score spans named in constraints; <c>Span&lt;T&gt;</c> the gradients, one per score span, in order;
/// scalars <c>T gamma</c> and <c>T margin</c> set γ and the default margin at run time.
/// </summary>
internal static class SignatureParser
{
    /// <summary>A scalar parameter with this name sets γ at run time, overriding the attribute.</summary>
    public const string GammaName = "gamma";

    /// <summary>A scalar parameter with this name is the margin of every constraint that sets none.</summary>
    public const string MarginName = "margin";

    public const string RowWeightsAttributeName = "PairwiseLoss.RowWeightsAttribute";

    /// <param name="constraintsComplete">False when a [Want] did not parse: then an unused labels span is not reported,
    /// since the broken constraint may be the one that uses pos or neg.</param>
    /// <param name="grades">The grades parameter a graded constraint names (its role comes from that use), if any.</param>
    /// <param name="ranked">Whether the constraint is graded or ordered: one scores span, and row weights when batched.</param>
    /// <param name="sides">The names the constraints use as sides: a span named there is a score span, never a target distribution.</param>
    public static Signature? Parse(IMethodSymbol method, ElementType element, bool batched, bool needsLabels, ReportDiagnostic report, bool constraintsComplete = true, string? grades = null, bool ranked = false, ISet<string>? sides = null)
    {
        var elementName = element == ElementType.Float ? "float" : "double";
        var elementType = element == ElementType.Float ? SpecialType.System_Single : SpecialType.System_Double;
        var parameters = new List<ParameterModel>();
        var scoreSpans = new List<string>();
        var labels = LabelKind.None;
        var hasTarget = false;
        var softTarget = false;
        IParameterSymbol? rowWeights = null;
        var needsTarget = sides?.Contains(SideResolver.Target) == true;
        var hasClasses = false;
        var gradients = 0;
        var runtimeGamma = false;
        var runtimeMargin = false;
        var valid = true;
        var scoresAsArray = false; // the scores were declared as an array: a later array is a gradient

        // One error per parameter, on the text that is wrong: the type, the modifier, or (when the parameter is one too
        // many) its name.
        void Invalid(IParameterSymbol parameter, string hint, Location? location = null)
        {
            report(DiagnosticDescriptors.InvalidParameter, location ?? NameLocation(parameter),
                parameter.Name, parameter.Type.ToDisplayString(), hint);
            valid = false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Invalid(parameter, "pass spans and ints by value, without ref, in, out or params", ModifiersLocation(parameter));
                continue;
            }

            var type = parameter.Type;
            var readOnlyElement = SpanElement(type, "ReadOnlySpan");
            var spanElement = SpanElement(type, "Span");
            if (grades is not null && parameter.Name == grades)
            {
                if (readOnlyElement == SpecialType.System_Int32 || readOnlyElement == elementType)
                {
                    var gradeType = readOnlyElement == SpecialType.System_Int32 ? "int" : elementName;
                    parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.ReadOnlySpan<{gradeType}>", ParameterRole.Grades, 0));
                }
                else
                {
                    Invalid(parameter, $"grades are one number per score: write 'ReadOnlySpan<int>' or 'ReadOnlySpan<{elementName}>'", TypeLocation(parameter));
                }

                continue;
            }

            if (HasRowWeightsAttribute(parameter))
            {
                if (!ranked && !needsTarget)
                {
                    report(DiagnosticDescriptors.NeedsRankedConstraint, NameLocation(parameter), "[RowWeights]");
                    valid = false;
                }
                else if (!batched)
                {
                    Invalid(parameter, "row weights weigh the rows of a batch: add Batched = true, or remove the parameter");
                }
                else if (readOnlyElement != elementType)
                {
                    Invalid(parameter, $"row weights are one number per row: write 'ReadOnlySpan<{elementName}>'", TypeLocation(parameter));
                }
                else
                {
                    parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.ReadOnlySpan<{elementName}>", ParameterRole.RowWeights, 0));
                    rowWeights = parameter;
                }

                continue;
            }

            if (readOnlyElement == elementType && ranked && scoreSpans.Count > 0)
            {
                Invalid(parameter, "a graded or ordered loss takes one scores span (and its grades, named in the constraint)");
                continue;
            }

            if (readOnlyElement == elementType)
            {
                if (scoreSpans.Count > 0 && needsLabels && labels == LabelKind.None)
                {
                    labels = LabelKind.Soft;
                    parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.ReadOnlySpan<{elementName}>", ParameterRole.Labels, 0));
                }
                else if (scoreSpans.Count > 0 && needsTarget && !hasTarget && (parameter.Name == SideResolver.Target || !sides!.Contains(parameter.Name)))
                {
                    // "others < target" with a distribution over the classes: one weight y_t per target (ListNet, soft labels).
                    hasTarget = softTarget = true;
                    parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.ReadOnlySpan<{elementName}>", ParameterRole.Targets, 0));
                }
                else if (batched && scoreSpans.Count > 0)
                {
                    Invalid(parameter, "a batched loss takes one scores span [rows × classes]; declare a per-row loss for several score spans");
                }
                else
                {
                    parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.ReadOnlySpan<{elementName}>", ParameterRole.Scores, scoreSpans.Count));
                    scoreSpans.Add(parameter.Name);
                }
            }
            else if (readOnlyElement == SpecialType.System_Boolean)
            {
                if (labels != LabelKind.None || scoreSpans.Count == 0)
                {
                    Invalid(parameter, "a loss takes one labels span, after the scores");
                    continue;
                }

                if (!needsLabels)
                {
                    if (constraintsComplete)
                    {
                        Invalid(parameter, "no constraint uses pos or neg: remove it or write e.g. \"neg < 0 < pos\"");
                    }

                    continue;
                }

                labels = LabelKind.Hard;
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + "global::System.ReadOnlySpan<bool>", ParameterRole.Labels, 0));
            }
            else if (type.SpecialType == SpecialType.System_Int32 && (batched ? !hasClasses : !hasTarget && !ranked))
            {
                var role = batched ? ParameterRole.Classes : ParameterRole.Target;
                hasClasses |= batched;
                hasTarget |= !batched;
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + "int", role, 0));
            }
            else if (readOnlyElement == SpecialType.System_Int32 && batched && !hasTarget && !ranked)
            {
                hasTarget = true;
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + "global::System.ReadOnlySpan<int>", ParameterRole.Targets, 0));
            }
            else if (type.SpecialType == elementType && parameter.Name == GammaName && !runtimeGamma)
            {
                runtimeGamma = true;
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + elementName, ParameterRole.Gamma, 0));
            }
            else if (type.SpecialType == elementType && parameter.Name == MarginName && !runtimeMargin)
            {
                runtimeMargin = true;
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + elementName, ParameterRole.Margin, 0));
            }
            else if (spanElement == elementType)
            {
                parameters.Add(new ParameterModel(NameText(parameter), ScopedText(parameter) + $"global::System.Span<{elementName}>", ParameterRole.Gradient, gradients));
                gradients++;
            }
            else if (readOnlyElement is { } labelElement && needsLabels && labels == LabelKind.None && scoreSpans.Count > 0)
            {
                report(DiagnosticDescriptors.InvalidLabels, TypeLocation(parameter), parameter.Name, parameter.Type.ToDisplayString(), elementName);
                valid = false;
            }
            else if (readOnlyElement is SpecialType.System_Single or SpecialType.System_Double || spanElement is SpecialType.System_Single or SpecialType.System_Double)
            {
                var kind = readOnlyElement is not null ? "ReadOnlySpan" : "Span";
                Invalid(parameter, $"every span must have the loss's element type: write '{kind}<{elementName}>'", TypeLocation(parameter));
            }
            else if (ArrayHint(type, elementName, scoresSeen: scoreSpans.Count > 0 || scoresAsArray) is { } arrayHint)
            {
                scoresAsArray |= type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Single or SpecialType.System_Double };
                Invalid(parameter, arrayHint, TypeLocation(parameter));
            }
            else
            {
                var expected = ranked
                    ? $"expected ReadOnlySpan<{elementName}> scores, the grades the constraint names, {(batched ? "'int items', [RowWeights] ReadOnlySpan<" + elementName + "> " : string.Empty)}or a Span<{elementName}> gradient"
                    : batched
                    ? $"expected ReadOnlySpan<{elementName}> scores, labels, 'int classes', 'ReadOnlySpan<int> targets' or Span<{elementName}> gradients"
                    : $"expected ReadOnlySpan<{elementName}> scores, labels, 'int target' or Span<{elementName}> gradients";
                expected += $", or '{elementName} gamma' / '{elementName} margin' to set them at run time";
                Invalid(parameter, expected, TypeLocation(parameter));
            }
        }

        if (rowWeights is not null && !ranked && !softTarget)
        {
            // Row weights of "others < target" weigh the rows of a target distribution only (an int target has no kernel with them).
            report(DiagnosticDescriptors.NeedsRankedConstraint, NameLocation(rowWeights), "[RowWeights]");
            valid = false;
        }

        if (!valid)
        {
            // A parameter that is wrong is the mistake; "no scores" or "no gradient" would only repeat it.
            return null;
        }

        var nameLocation = method.Locations.Length > 0 ? method.Locations[0] : Location.None;
        if (scoreSpans.Count == 0)
        {
            report(DiagnosticDescriptors.MissingScores, nameLocation, method.Name, elementName);
            return null;
        }

        if (batched && !hasClasses)
        {
            report(DiagnosticDescriptors.BatchNeedsClasses, nameLocation, method.Name);
            valid = false;
        }

        if (gradients != 0 && gradients != scoreSpans.Count)
        {
            report(DiagnosticDescriptors.GradientMismatch, nameLocation, method.Name,
                gradients.ToString(System.Globalization.CultureInfo.InvariantCulture),
                scoreSpans.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), elementName);
            valid = false;
        }

        return valid ? new Signature(parameters.ToEquatableArray(), labels, hasTarget, scoreSpans, gradients, elementName, runtimeGamma, runtimeMargin, softTarget) : null;
    }

    /// <summary>What to write instead of an array: the span it converts to implicitly.</summary>
    private static string? ArrayHint(ITypeSymbol type, string elementName, bool scoresSeen)
    {
        if (type is not IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: var element })
        {
            return null;
        }

        const string Converts = " (an array converts to a span implicitly)";
        if (element is SpecialType.System_Single or SpecialType.System_Double)
        {
            return scoresSeen
                ? $"write 'Span<{elementName}>' for a gradient, or 'ReadOnlySpan<{elementName}>' for another score span" + Converts
                : $"write 'ReadOnlySpan<{elementName}>' for the scores" + Converts;
        }

        return element switch
        {
            SpecialType.System_Boolean => "write 'ReadOnlySpan<bool>' for the labels" + Converts,
            SpecialType.System_Int32 => "write 'ReadOnlySpan<int>' for the targets of a batched loss" + Converts,
            _ => null,
        };
    }

    private static bool HasRowWeightsAttribute(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == RowWeightsAttributeName)
            {
                return true;
            }
        }

        return false;
    }

    private static Location NameLocation(IParameterSymbol parameter) =>
        parameter.Locations.Length > 0 ? parameter.Locations[0] : Location.None;

    private static Location TypeLocation(IParameterSymbol parameter) =>
        Syntax(parameter) is { Type: { } type } ? type.GetLocation() : NameLocation(parameter);

    private static Location ModifiersLocation(IParameterSymbol parameter) =>
        Syntax(parameter) is { Modifiers: { Count: > 0 } modifiers } syntax
            ? Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(modifiers.First().SpanStart, modifiers.Last().Span.End))
            : NameLocation(parameter);

    private static ParameterSyntax? Syntax(IParameterSymbol parameter) =>
        parameter.DeclaringSyntaxReferences.Length > 0 ? parameter.DeclaringSyntaxReferences[0].GetSyntax() as ParameterSyntax : null;

    /// <summary>The parameter's name as C# text: keywords keep their '@' (<c>@in</c>, <c>@base</c>).</summary>
    internal static string NameText(IParameterSymbol parameter) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(parameter.Name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + parameter.Name
            : parameter.Name;

    /// <summary>
    /// <c>"scoped "</c> when the user declared the parameter <c>scoped</c>: the implementing declaration must repeat it
    /// (CS8988 otherwise).
    /// </summary>
    private static string ScopedText(IParameterSymbol parameter) =>
        parameter.ScopedKind == ScopedKind.ScopedValue ? "scoped " : string.Empty;

    private static SpecialType? SpanElement(ITypeSymbol type, string name) =>
        type is INamedTypeSymbol { Name: var typeName, TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
        && typeName == name
            ? named.TypeArguments[0].SpecialType
            : null;
}
