using System.Globalization;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// Everything the lowering knows about each kind of side, in one place: the stem of its locals, how a set is described
/// to the runtime, how a scalar is loaded and where its gradient goes, and how it reads in math. A new kind of side is
/// <see cref="SideKind"/> (Model/Side.cs), its name in Parsing/SideResolver.cs, and a case in each switch here.
/// </summary>
internal static class Sides
{
    /// <summary>The stem of the side's locals: <c>s2</c>, <c>target</c>, <c>neg</c>, or the span's own name.</summary>
    public static string Stem(Side side, RowContext row) => side.Kind switch
    {
        SideKind.Score => row.ScoresPrefix + side.Index.ToString(CultureInfo.InvariantCulture),
        SideKind.Target => "target",
        SideKind.Others => "others",
        SideKind.Positive => "pos",
        SideKind.Negative => "neg",
        SideKind.Mean => "mean",
        _ => row.SpanNames[side.Span],
    };

    /// <summary>The runtime's description of a set side, e.g. <c>ScoreSet&lt;float&gt;.Labelled(s, labels, positive: true)</c>.</summary>
    public static string SetFactory(Side side, RowContext row, string type) => $"global::PairwiseLoss.ScoreSet<{type}>." + side.Kind switch
    {
        SideKind.Positive => $"Labelled({row.Scores}, {row.Labels}, positive: true)",
        SideKind.Negative => $"Labelled({row.Scores}, {row.Labels}, positive: false)",
        SideKind.Others => $"AllExcept({row.Scores}, {row.Target})",
        _ => $"All({row.ScoreSpans[side.Span]})",
    };

    /// <summary>The wanted name of a scalar side's loaded value: <c>s2</c>, <c>sTarget</c>.</summary>
    public static string ScalarLocal(Side side, RowContext row) =>
        side.Kind == SideKind.Score ? Stem(side, row) : row.ScoresPrefix + "Target";

    /// <summary>The element a scalar side reads: <c>s[2]</c> or <c>s[target]</c>.</summary>
    public static string ScalarSource(Side side, RowContext row) =>
        $"{row.Scores}[{ScalarIndex(side, row)}]";

    /// <summary>The index of a scalar side in its span: the literal, or the target parameter.</summary>
    public static string ScalarIndex(Side side, RowContext row) =>
        side.Kind == SideKind.Score ? side.Index.ToString(CultureInfo.InvariantCulture) : row.Target!;

    /// <summary>The side's per-side sum in math, for the documentation: <c>Σ_(i∈pos) e^(−γ·s[i])</c>.</summary>
    public static string MathTerm(Side side, string sign, string scores, bool soft) => side.Kind switch
    {
        SideKind.Score => $"e^({sign}·{scores}[{side.Index.ToString(CultureInfo.InvariantCulture)}])",
        SideKind.Target => $"e^({sign}·{scores}[t])",
        SideKind.Others => $"Σ_(i≠t) e^({sign}·{scores}[i])",
        SideKind.Positive => $"Σ_(i∈pos) {(soft ? "t_i·" : string.Empty)}e^({sign}·{scores}[i])",
        SideKind.Negative => $"Σ_(i∈neg) {(soft ? "(1 − t_i)·" : string.Empty)}e^({sign}·{scores}[i])",
        _ => $"Σ_i e^({sign}·{scores}[i])",
    };

    /// <summary>A scalar side as it appears in a logit, for comments: <c>s[2]</c>, <c>s[t]</c>.</summary>
    public static string MathScalar(Side side, string scores) =>
        side.Kind == SideKind.Score ? $"{scores}[{side.Index.ToString(CultureInfo.InvariantCulture)}]" : $"{scores}[t]";
}
