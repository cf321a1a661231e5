using System.Collections.Generic;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// The names the per-row code reads: the user's parameters in the per-row form, row slices in the batched form.
/// </summary>
internal sealed record RowNames(
    IReadOnlyList<string> ScoreSpans,
    string? Labels,
    string? Target,
    IReadOnlyList<string> Gradients,
    string ScoresPrefix)
{
    public bool Backward => Gradients.Count > 0;

    public string Scores => ScoreSpans[0];

    public string GradientOf(int span) => Backward ? Gradients[span] : "default";
}

/// <summary>Where a group of batched rows keeps its block logits (<c>Logits[b·Stride + Row]</c>) and per-row state.</summary>
internal sealed record RowGroup(string Logits, string Stride, string Row);
