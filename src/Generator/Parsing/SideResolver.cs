using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using PairwiseLoss.Generator.Algebra;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// Resolves the names in parsed chains to <see cref="Side"/>s, expands each chain into all its pairs, and reports
/// what cannot be meant: unknown names, missing parameters, a side below itself, two numbers, duplicates, cycles.
/// </summary>
internal static class SideResolver
{
    public const string Positive = "pos";
    public const string Negative = "neg";
    public const string Target = "target";
    public const string Others = "others";
    public const string Mean = "mean";

    /// <summary>
    /// The conventional name of the scores: <c>s2</c> / <c>s[2]</c> index the first score span whatever the
    /// parameter is called (its own name works too), unless another score span is itself called <c>s</c>.
    /// </summary>
    public const string ScoresAlias = "s";

    public static List<Pair> Resolve(List<WantModel> wants, Signature? signature, double defaultMargin, bool perClass, ReportDiagnostic report)
    {
        var pairs = new List<Pair>();
        if (signature is null)
        {
            return pairs;
        }

        // A missing labels or target parameter is one mistake however often pos, neg, target or others appear:
        // reported once, on the first of them.
        var missingReported = new HashSet<string>();
        var reportEach = report;
        report = (descriptor, location, arguments) =>
        {
            if ((descriptor != DiagnosticDescriptors.MissingLabels && descriptor != DiagnosticDescriptors.MissingTarget)
                || missingReported.Add(descriptor.Id))
            {
                reportEach(descriptor, location, arguments);
            }
        };

        // Each pair's first margin as written ("0.5", or "margin" for the run-time parameter), to tell a duplicate
        // from the same pair asked with another margin.
        var seen = new Dictionary<(Side, Side), string>();
        var pairLocations = new List<Location>();
        foreach (var want in wants)
        {
            var sides = new List<Side>();
            foreach (var syntax in want.Sides)
            {
                if (ResolveSide(syntax, want.Text, want.Locator, signature, perClass, report) is { } side)
                {
                    sides.Add(side);
                }
            }

            if (sides.Count != want.Sides.Count)
            {
                continue;
            }

            for (var i = 0; i < sides.Count; i++)
            {
                for (var j = i + 1; j < sides.Count; j++)
                {
                    var left = want.Sides[i];
                    var right = want.Sides[j];
                    var location = want.Locator.At(left.Start, right.End - left.Start);
                    var text = want.Text.Substring(left.Start, left.Length) + " < " + want.Text.Substring(right.Start, right.Length);
                    if (sides[i].Kind == SideKind.Constant && sides[j].Kind == SideKind.Constant)
                    {
                        report(DiagnosticDescriptors.ConstantComparison, location, text);
                        continue;
                    }

                    if (sides[i] == sides[j])
                    {
                        report(DiagnosticDescriptors.SelfComparison, location, want.Text.Substring(left.Start, left.Length));
                        continue;
                    }

                    var pair = new Pair(sides[i], sides[j], want.Margin ?? defaultMargin, want.Margin is null && signature.RuntimeMargin, want.Weight, text);
                    var margin = pair.RuntimeMargin ? SignatureParser.MarginName : DeclarationParser.Format(pair.Margin);
                    if (seen.TryGetValue((sides[i], sides[j]), out var earlierMargin))
                    {
                        if (earlierMargin == margin)
                        {
                            report(DiagnosticDescriptors.DuplicateConstraint, location, text);
                        }
                        else
                        {
                            report(DiagnosticDescriptors.DuplicateWithOtherMargin, location, text, earlierMargin, margin);
                        }
                    }
                    else
                    {
                        seen.Add((sides[i], sides[j]), margin);
                    }

                    pairs.Add(pair);
                    pairLocations.Add(location);
                }
            }
        }

        if (CycleFinder.FindCycle(pairs) is { } cycle)
        {
            report(DiagnosticDescriptors.Contradiction, pairLocations[cycle.ClosingPair], cycle.Description);
        }

        return pairs;
    }

    private static Side? ResolveSide(SideSyntax syntax, string text, ConstraintLocator locator, Signature signature, bool perClass, ReportDiagnostic report)
    {
        var location = locator.At(syntax.Start, syntax.Length);
        var scores = signature.ScoreSpans[0];
        switch (syntax.Kind)
        {
            case SideSyntaxKind.Number:
                return Side.Constant(syntax.Number);
            case SideSyntaxKind.Indexed when IsScoresName(syntax.Name, signature):
                return LiteralScore(syntax.Index, IndexText(text, syntax), location, report);
            case SideSyntaxKind.Name:
                switch (syntax.Name)
                {
                    case Positive or Negative when signature.Labels == LabelKind.None:
                        report(DiagnosticDescriptors.MissingLabels, location, syntax.Name, signature.ElementName);
                        return null;
                    case Positive:
                        return Side.Set(SideKind.Positive);
                    case Negative:
                        return Side.Set(SideKind.Negative);
                    case Others or Mean when perClass:
                        // Per class, "others" are the row's other classes and "mean" the row mean: no target needed.
                        return Side.Set(syntax.Name == Others ? SideKind.Others : SideKind.Mean);
                    case Target or Others when !signature.HasTarget:
                        report(DiagnosticDescriptors.MissingTarget, location, syntax.Name, IsBatched(signature) ? "ReadOnlySpan<int> targets" : "int target");
                        return null;
                    case Target:
                        return Side.Set(SideKind.Target);
                    case Others:
                        return Side.Set(SideKind.Others);
                }

                var span = IndexOf(signature.ScoreSpans, syntax.Name);
                if (span >= 0)
                {
                    return Side.Set(SideKind.All, span);
                }

                foreach (var prefix in new[] { scores, ScoresAlias })
                {
                    if (syntax.Name.Length > prefix.Length
                        && syntax.Name.StartsWith(prefix, System.StringComparison.Ordinal)
                        && IsDigits(syntax.Name, prefix.Length)
                        && IsScoresName(prefix, signature))
                    {
                        var digits = syntax.Name.Substring(prefix.Length);
                        var index = digits.Length > 18 ? long.MaxValue : long.Parse(digits, CultureInfo.InvariantCulture);
                        return LiteralScore(index, digits, location, report);
                    }
                }

                break;
        }

        report(DiagnosticDescriptors.UnknownName, location, syntax.Name, scores);
        return null;
    }

    /// <param name="written">The index as the user wrote it: quoted in the message even when it overflows a long.</param>
    private static Side? LiteralScore(long index, string written, Location location, ReportDiagnostic report)
    {
        if (index > DeclarationParser.MaxLiteralIndex)
        {
            report(DiagnosticDescriptors.IndexOutOfRange, location, written,
                DeclarationParser.MaxLiteralIndex.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return Side.Score((int)index);
    }

    /// <summary>The digits between the brackets of <c>name[digits]</c>, without the spaces around them.</summary>
    private static string IndexText(string text, SideSyntax syntax)
    {
        var written = text.Substring(syntax.Start, syntax.Length);
        var open = written.IndexOf('[');
        return written.Substring(open + 1, written.Length - open - 2).Trim(' ', '\t');
    }

    private static bool IsScoresName(string name, Signature signature) =>
        name == signature.ScoreSpans[0] || (name == ScoresAlias && IndexOf(signature.ScoreSpans, ScoresAlias) < 0);

    private static bool IsBatched(Signature signature)
    {
        foreach (var parameter in signature.Parameters)
        {
            if (parameter.Role == ParameterRole.Classes)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsDigits(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
