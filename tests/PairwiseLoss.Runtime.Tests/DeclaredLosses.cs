using System;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// Losses declared in this project, generated at compile time by the analyzer: the one-sided halves of ZLPR (to
/// check that an empty side contributes exactly 0) and signatures for the run-time argument checks.
/// </summary>
public static partial class DeclaredLosses
{
    [PairwiseLoss, Want("neg < 0")]
    public static partial double NegOnly(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    [PairwiseLoss, Want("0 < pos")]
    public static partial double PosOnly(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    [PairwiseLoss, Want("neg < 0")]
    public static partial float NegOnly(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    [PairwiseLoss, Want("0 < pos")]
    public static partial float PosOnly(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    [PairwiseLoss, Want("neg < 0")]
    public static partial double NegOnly(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> gradient);

    [PairwiseLoss, Want("0 < pos")]
    public static partial double PosOnly(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> gradient);

    /// <summary>Literal indices up to 3, run-time γ and margin.</summary>
    [PairwiseLoss, Want("s3 < s1 < s[0]"), Want("s2 < 0.5")]
    public static partial double Ranking(ReadOnlySpan<double> s, double gamma, double margin, Span<double> grad);

    /// <summary>The same, batched: the literal indices bound the class count.</summary>
    [PairwiseLoss(Batched = true), Want("s3 < s1 < s[0]"), Want("s2 < 0.5")]
    public static partial double RankingBatch(ReadOnlySpan<double> s, int classes, Span<double> grad);

    /// <summary>A second span side (per row: a batched loss takes one scores span).</summary>
    [PairwiseLoss(Gamma = 2), Want("sn < sp")]
    public static partial float Spans(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gradSp, Span<float> gradSn);

    /// <summary>Forward only, with a target.</summary>
    [PairwiseLoss, Want("others < target")]
    public static partial double SoftmaxForward(ReadOnlySpan<double> logits, int label);
}
