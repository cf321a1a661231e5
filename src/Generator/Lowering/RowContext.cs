using System.Collections.Generic;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// What one row's code reads: the user's parameters in the per-row form, the row slices in the batched form.
/// </summary>
/// <param name="ScoreSpans">The spans of scores as the row reads them (0 = the scores).</param>
/// <param name="SpanNames">The user's names of those spans: the stems of a span side's locals.</param>
/// <param name="Gamma">γ: a literal or the run-time parameter.</param>
/// <param name="Margin">The run-time margin parameter, or null when margins are constants.</param>
internal sealed record RowContext(
    IReadOnlyList<string> ScoreSpans,
    IReadOnlyList<string> SpanNames,
    string? Labels,
    string? Target,
    IReadOnlyList<string> Gradients,
    string ScoresPrefix,
    string Gamma,
    bool RuntimeGamma,
    string? Margin)
{
    public bool Backward => Gradients.Count > 0;

    public string Scores => ScoreSpans[0];

    public string GradientOf(int span) => Backward ? Gradients[span] : "default";
}

/// <summary>
/// Where a group of batched rows keeps its block logits (<c>Logits[b·Stride + Row]</c>), its losses (<c>Losses[Row]</c>)
/// and, when the shares take their +∞ limit, each block's limit logit f_b (<c>Limits</c>, laid out as the logits).
/// </summary>
internal sealed record RowGroup(string Logits, string Stride, string Row, string Losses, string? Limits);
