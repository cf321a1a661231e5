using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PairwiseLoss.Tests.Shared.Reference;

/// <summary>What a side of a constraint denotes, for the reference (deliberately not the generator's types).</summary>
public enum RefSideKind
{
    Score,
    Constant,
    Pos,
    Neg,
    Target,
    Others,
    Span,

    /// <summary>The row mean (per-class terms only, <c>"mean &lt; pos"</c>).</summary>
    Mean,
}

/// <summary>One side: a literal score index, a number, a set, or every element of the span with index <see cref="Span"/>.</summary>
public sealed record RefSide(RefSideKind Kind, int Index = 0, double Value = 0, int Span = 0)
{
    public static RefSide Score(int index) => new(RefSideKind.Score, Index: index);

    public static RefSide Constant(double value) => new(RefSideKind.Constant, Value: value);

    public static readonly RefSide Pos = new(RefSideKind.Pos);
    public static readonly RefSide Neg = new(RefSideKind.Neg);
    public static readonly RefSide Target = new(RefSideKind.Target);
    public static readonly RefSide Others = new(RefSideKind.Others);
    public static readonly RefSide Mean = new(RefSideKind.Mean);

    public static RefSide SpanSide(int span) => new(RefSideKind.Span, Span: span);

    /// <summary>The text in a constraint string; <paramref name="bracket"/> picks <c>s[2]</c> over <c>s2</c>.</summary>
    public string Text(IReadOnlyList<string> spanNames, bool bracket = false) => Kind switch
    {
        RefSideKind.Score => bracket ? $"{spanNames[0]}[{Index}]" : $"{spanNames[0]}{Index}",
        RefSideKind.Constant => Value.ToString("R", CultureInfo.InvariantCulture),
        RefSideKind.Pos => "pos",
        RefSideKind.Neg => "neg",
        RefSideKind.Target => "target",
        RefSideKind.Others => "others",
        RefSideKind.Mean => "mean",
        _ => spanNames[Span],
    };
}

/// <summary>A <c>[Want]</c>: a chain of sides, an optional margin override and a weight.</summary>
public sealed record RefWant(IReadOnlyList<RefSide> Chain, double? Margin = null, double Weight = 1, bool Brackets = false)
{
    /// <summary>Every (earlier, later) pair of the chain.</summary>
    public IEnumerable<(RefSide Left, RefSide Right)> Pairs()
    {
        for (var i = 0; i < Chain.Count; i++)
        {
            for (var j = i + 1; j < Chain.Count; j++)
            {
                yield return (Chain[i], Chain[j]);
            }
        }
    }
}

/// <summary>The logit of a pair: plain <c>γ(l − r + m)</c>, or Circle Loss's α-weighted form (α held constant or differentiated).</summary>
public enum RefLogit
{
    Plain,
    Circle,
    CircleFullGradient,
}

public enum RefLabels
{
    None,
    Hard,
    Soft,
}

/// <summary>
/// A whole declaration: what the <c>[PairwiseLoss]</c> and <c>[Want]</c> attributes say plus which optional
/// parameters the signature has. <see cref="SpanNames"/>[0] is the scores span.
/// </summary>
public sealed record RefDeclaration(
    IReadOnlyList<RefWant> Wants,
    double Gamma = 1,
    double Margin = 0,
    bool PerPair = false,
    RefLabels Labels = RefLabels.None,
    bool HasTarget = false,
    bool RuntimeGamma = false,
    bool RuntimeMargin = false,
    IReadOnlyList<string>? SpanNames = null,
    RefLogit Logit = RefLogit.Plain,
    PairShape Shape = PairShape.Logistic,
    bool Hard = false,
    bool PerClass = false)
{
    /// <summary>The term of each pair: the declared shape; the hinge in the hard mode (the sum of hinges, in score units).</summary>
    public PairShape Term => Hard ? PairShape.Hinge : Shape;

    public bool IsCircle => Logit != RefLogit.Plain;

    public IReadOnlyList<string> Spans => SpanNames ?? new[] { "s" };

    /// <summary>The smallest scores length the literal indices allow.</summary>
    public int MinLength => Wants.SelectMany(w => w.Chain).Where(s => s.Kind == RefSideKind.Score).Select(s => s.Index + 1).DefaultIfEmpty(0).Max();

    public bool UsesSpan(int span) => Wants.SelectMany(w => w.Chain).Any(s => s.Kind == RefSideKind.Span && s.Span == span);

    /// <summary>The <c>[Want]</c> lines as C# attribute text.</summary>
    public IEnumerable<string> WantAttributes()
    {
        foreach (var want in Wants)
        {
            var text = string.Join(" < ", want.Chain.Select(s => s.Text(Spans, want.Brackets)));
            var extras = new List<string>();
            if (want.Margin is { } margin)
            {
                extras.Add("Margin = " + Literal(margin));
            }

            if (want.Weight != 1)
            {
                extras.Add("Weight = " + Literal(want.Weight));
            }

            yield return $"[global::PairwiseLoss.Want(\"{text}\"{string.Concat(extras.Select(e => ", " + e))})]";
        }
    }

    /// <summary>The <c>[PairwiseLoss]</c> attribute text.</summary>
    public string LossAttribute(bool batched)
    {
        var parts = new List<string>();
        if (Gamma != 1)
        {
            parts.Add("Gamma = " + Literal(Gamma));
        }

        if (Margin != 0)
        {
            parts.Add("Margin = " + Literal(Margin));
        }

        if (PerPair)
        {
            parts.Add("Terms = global::PairwiseLoss.LossTerms.PerPair");
        }

        if (PerClass)
        {
            parts.Add("Terms = global::PairwiseLoss.LossTerms.PerClass");
        }

        if (batched)
        {
            parts.Add("Batched = true");
        }

        if (IsCircle)
        {
            parts.Add("Circle = true");
        }

        if (Shape != PairShape.Logistic)
        {
            parts.Add("Shape = global::PairwiseLoss.PairShape." + Shape);
        }

        if (Hard)
        {
            parts.Add("Hard = true");
        }

        if (Logit == RefLogit.CircleFullGradient)
        {
            parts.Add("CircleFullGradient = true");
        }

        return parts.Count == 0 ? "[global::PairwiseLoss.PairwiseLoss]" : $"[global::PairwiseLoss.PairwiseLoss({string.Join(", ", parts)})]";
    }

    public string Describe() => $"{LossAttribute(false)} {string.Join(" ", WantAttributes())} labels={Labels} target={HasTarget} runtimeGamma={RuntimeGamma} runtimeMargin={RuntimeMargin}";

    public static string Literal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}

/// <summary>One row of inputs: a score array per span, labels, target, and the run-time γ and margin.</summary>
public sealed record RefInput(double[][] Spans, bool[]? Hard = null, double[]? Soft = null, int Target = 0, double Gamma = 1, double Margin = 0)
{
    public double[] Scores => Spans[0];

    public RefInput DeepCopy() => this with
    {
        Spans = Spans.Select(s => (double[])s.Clone()).ToArray(),
        Hard = (bool[]?)Hard?.Clone(),
        Soft = (double[]?)Soft?.Clone(),
    };

    /// <summary>The same values rounded to float (what a float loss actually sees), back in double.</summary>
    public RefInput RoundedToFloat() => this with
    {
        Spans = Spans.Select(s => s.Select(x => (double)(float)x).ToArray()).ToArray(),
        Soft = Soft?.Select(x => (double)(float)x).ToArray(),
        Gamma = (float)Gamma,
        Margin = (float)Margin,
    };
}
