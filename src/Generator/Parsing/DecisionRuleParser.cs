using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>The parse step's output for a [DecisionRule] method: the model when valid, its diagnostics, and when it has errors the throwing body that completes it.</summary>
internal sealed record DecisionRuleResult(DecisionRuleModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, InvalidDeclaration? Invalid);

/// <summary>
/// Reads the loss a <c>[DecisionRule(nameof(Loss))]</c> method names (a [PairwiseLoss] method of the same type), decides the
/// prediction its constraints imply, and checks that the method is declared the way that prediction is returned.
/// </summary>
internal static class DecisionRuleParser
{
    public const string AttributeName = "PairwiseLoss.DecisionRuleAttribute";

    public static DecisionRuleResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var model = ParseMethod(context, diagnostics, cancellationToken);
        var invalid = model is null && context.TargetNode is MethodDeclarationSyntax syntax && context.TargetSymbol is IMethodSymbol method
            && InvalidDeclarations.Create(syntax, method, diagnostics) is { } declaration
            ? declaration with { Message = $"The [DecisionRule] declaration of {method.Name} has errors: see {string.Join(", ", diagnostics.Select(d => d.Descriptor.Id).Distinct())}." }
            : null;
        return new DecisionRuleResult(model, diagnostics.ToEquatableArray(), invalid);
    }

    private static DecisionRuleModel? ParseMethod(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? syntax.Identifier.GetLocation();
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string lossName)
        {
            return null;
        }

        // Overloads by element type (a float and a double loss of one name): the one whose type the rule's scores have.
        var scoresElement = method.Parameters.Length > 0 && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } span ? span.TypeArguments[0].SpecialType : SpecialType.None;
        var loss = method.ContainingType.GetMembers(lossName).OfType<IMethodSymbol>()
            .Where(candidate => candidate.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.LossAttributeName))
            .OrderBy(candidate => candidate.ReturnType.SpecialType == scoresElement ? 0 : 1)
            .FirstOrDefault();
        if (loss is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDecisionRule, attributeLocation, lossName,
                $"it is not a [PairwiseLoss] method of {method.ContainingType.Name}: name one with nameof(…)"));
            return null;
        }

        var element = loss.ReturnType.SpecialType == SpecialType.System_Double ? ElementType.Double : ElementType.Float;
        var batched = loss.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.LossAttributeName)
            .NamedArguments.Any(argument => argument.Key == "Batched" && argument.Value.Value is true);
        var wants = loss.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.WantAttributeName && a.ConstructorArguments.Length == 1)
            .Select(a => a.ConstructorArguments[0].Value as string ?? string.Empty)
            .ToList();
        var (kind, threshold, index, why) = Rule(wants);
        if (why is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDecisionRule, attributeLocation, lossName, why));
            return null;
        }

        var elementName = element == ElementType.Float ? "float" : "double";
        var rowLength = batched && kind is DecisionKind.ArgMax or DecisionKind.Order or DecisionKind.ScoreThreshold;
        var expected = Expected(kind, elementName, rowLength);
        var shapeMatches = syntax.Modifiers.Any(SyntaxKind.PartialKeyword) && syntax.Body is null && syntax.ExpressionBody is null && method.IsStatic
            && method.ReturnType.ToDisplayString() == expected.Return
            && method.Parameters.Length == expected.Parameters.Length
            && method.Parameters.Select(p => p.Type.ToDisplayString()).SequenceEqual(expected.Parameters)
            && method.Parameters.All(p => p.RefKind == RefKind.None);
        if (!shapeMatches)
        {
            var suggested = $"static partial {expected.Return} {method.Name}(" + string.Join(", ", expected.Parameters.Select((type, i) => $"{type} {expected.Names[i]}")) + ")";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DecisionRuleSignature, syntax.Identifier.GetLocation(), lossName, Describe(kind, threshold, index), suggested));
            return null;
        }

        return new DecisionRuleModel(
            method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString(),
            DeclarationParser.ParseContainingTypes(syntax, static (_, _, _) => { }),
            syntax.Modifiers.ToString(),
            method.Name,
            lossName,
            element,
            kind,
            threshold,
            index,
            rowLength,
            method.Parameters.Select(SignatureParser.NameText).ToEquatableArray(),
            string.Join("; ", wants));
    }

    /// <summary>The prediction the constraints imply, or why there is none.</summary>
    private static (DecisionKind Kind, double Threshold, int Index, string? Why) Rule(List<string> wants)
    {
        if (wants.Count == 0)
        {
            return (default, 0, 0, "it has no [Want] constraint");
        }

        if (wants.Any(QuantifiedConstraintParser.Applies))
        {
            return (DecisionKind.Order, 0, 0, null);
        }

        var chains = wants.Select(ConstraintParser.Parse).ToList();
        if (chains.Any(chain => chain.Error is not null))
        {
            return (default, 0, 0, "its constraints do not parse");
        }

        if (chains.Count == 1 && chains[0].Sides.Select(Name).SequenceEqual(new[] { "others", "target" }))
        {
            return (DecisionKind.ArgMax, 0, 0, null);
        }

        // Thresholds: every chain runs neg < T < pos (or a part of it), with one T for all, a number or a literal score.
        SideSyntax? threshold = null;
        foreach (var chain in chains)
        {
            var names = chain.Sides.Select(Name).ToList();
            var middle = chain.Sides.Where(side => Name(side) is not ("neg" or "pos")).ToList();
            var ordered = (names.FirstOrDefault() == "neg" || names.IndexOf("neg") < 0) && (names.LastOrDefault() == "pos" || names.IndexOf("pos") < 0);
            if (!(names.Contains("neg") || names.Contains("pos")) || !ordered || middle.Count > 1
                || middle.Any(side => side.Kind == SideSyntaxKind.Name && !IsLiteralScore(side.Name)))
            {
                return (default, 0, 0, "only a threshold between negatives and positives (\"neg < 0 < pos\", \"neg < s0 < pos\"), \"others < target\", or a graded or ordered constraint implies a prediction");
            }

            if (middle.Count == 1)
            {
                if (threshold is { } seen && !SameSide(seen, middle[0]))
                {
                    return (default, 0, 0, "its constraints rank the labels against two different thresholds");
                }

                threshold = middle[0];
            }
        }

        if (threshold is not { } found)
        {
            return (default, 0, 0, "\"neg < pos\" ranks the classes but sets no threshold: write \"neg < 0 < pos\" to learn one at 0");
        }

        return found.Kind == SideSyntaxKind.Number ? (DecisionKind.Threshold, found.Number, 0, null) : (DecisionKind.ScoreThreshold, 0, LiteralIndex(found), null);
    }

    private static string Name(SideSyntax side) => side.Kind == SideSyntaxKind.Number ? "#" : side.Name;

    private static bool IsLiteralScore(string name) => name.Length > 1 && char.IsDigit(name[name.Length - 1]);

    private static bool SameSide(SideSyntax a, SideSyntax b) =>
        a.Kind == SideSyntaxKind.Number ? b.Kind == SideSyntaxKind.Number && a.Number == b.Number : b.Kind != SideSyntaxKind.Number && LiteralIndex(a) == LiteralIndex(b);

    private static int LiteralIndex(SideSyntax side) =>
        side.Kind == SideSyntaxKind.Indexed ? (int)side.Index : int.Parse(side.Name.Substring(side.Name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').Length), CultureInfo.InvariantCulture);

    internal static string Describe(DecisionKind kind, double threshold, int index) => kind switch
    {
        DecisionKind.Threshold => "labels[i] = s[i] > " + DeclarationParser.Format(threshold),
        DecisionKind.ScoreThreshold => $"labels[i] = s[i] > s[{index}]",
        DecisionKind.ArgMax => "the class of the largest score",
        _ => "the item indices, highest score first",
    };

    private static (string Return, string[] Parameters, string[] Names) Expected(DecisionKind kind, string element, bool rowLength)
    {
        var scores = $"System.ReadOnlySpan<{element}>";
        return kind switch
        {
            DecisionKind.Threshold => ("void", new[] { scores, "System.Span<bool>" }, new[] { "scores", "labels" }),
            DecisionKind.ScoreThreshold when rowLength => ("void", new[] { scores, "int", "System.Span<bool>" }, new[] { "scores", "classes", "labels" }),
            DecisionKind.ScoreThreshold => ("void", new[] { scores, "System.Span<bool>" }, new[] { "scores", "labels" }),
            DecisionKind.ArgMax when rowLength => ("void", new[] { scores, "int", "System.Span<int>" }, new[] { "scores", "classes", "predictions" }),
            DecisionKind.ArgMax => ("int", new[] { scores }, new[] { "scores" }),
            _ when rowLength => ("void", new[] { scores, "int", "System.Span<int>" }, new[] { "scores", "items", "order" }),
            _ => ("void", new[] { scores, "System.Span<int>" }, new[] { "scores", "order" }),
        };
    }
}
