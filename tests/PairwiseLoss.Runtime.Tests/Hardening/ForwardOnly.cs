using System;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// The catalogue's losses declared again without a gradient span (forward only), with the same DSL, so the
/// properties can check that forward-only and forward+backward give the same loss.
/// </summary>
public static partial class ForwardOnly
{
    [PairwiseLoss, Want("others < target")]
    public static partial double Softmax(ReadOnlySpan<double> scores, int target);

    [PairwiseLoss, Want("neg < 0 < pos")]
    public static partial double MultiLabel(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < pos")]
    public static partial double Unified(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double gamma, double margin);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("neg < 0"), Want("0 < pos")]
    public static partial double BinaryCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < 0"), Want("0 < pos")]
    public static partial double Threshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < 0 < pos")]
    public static partial double MultiLabel(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels);

    [PairwiseLoss, Want("neg < pos")]
    public static partial double Unified(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, double gamma, double margin);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("neg < 0"), Want("0 < pos")]
    public static partial double BinaryCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels);

    [PairwiseLoss, Want("neg < 0"), Want("0 < pos")]
    public static partial double Threshold(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels);

    [PairwiseLoss, Want("others < target")]
    public static partial float Softmax(ReadOnlySpan<float> scores, int target);

    [PairwiseLoss, Want("neg < 0 < pos")]
    public static partial float MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < pos")]
    public static partial float Unified(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, float gamma, float margin);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("neg < 0"), Want("0 < pos")]
    public static partial float BinaryCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < 0"), Want("0 < pos")]
    public static partial float Threshold(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels);

    [PairwiseLoss, Want("neg < 0 < pos")]
    public static partial float MultiLabel(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels);

    [PairwiseLoss, Want("neg < pos")]
    public static partial float Unified(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float gamma, float margin);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("neg < 0"), Want("0 < pos")]
    public static partial float BinaryCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels);

    [PairwiseLoss, Want("neg < 0"), Want("0 < pos")]
    public static partial float Threshold(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels);
}
