using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Catalogue;
using Xunit;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>Argument checks at run time (docs/language.md): every bad argument is an ArgumentException whose ParamName is the parameter.</summary>
public sealed class RuntimeErrorTests
{
    private static void Throws(string paramName, Action call)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(paramName, exception.ParamName);
    }

    private static IEnumerable<CatalogueLoss> Labelled => CatalogueLoss.All.Where(l => l.Family != Family.Softmax);

    [Fact]
    public void SpanShorterThanALiteralIndex()
    {
        Throws("s", () => DeclaredLosses.Ranking(new double[3], 1, 0, new double[3]));
        Throws("s", () => DeclaredLosses.Ranking(Array.Empty<double>(), 1, 0, Array.Empty<double>()));
        Throws("classes", () => DeclaredLosses.RankingBatch(new double[6], 3, new double[6]));
    }

    [Fact]
    public void LabelsLengthMismatch()
    {
        foreach (var loss in Labelled)
        {
            foreach (var isFloat in new[] { false, true })
            {
                foreach (var labels in new[] { 3, 5 })
                {
                    var scores = new double[4];
                    Throws("labels", () => Call(loss, isFloat, scores, labels, 4));
                    Throws("labels", () => CallBatch(loss, isFloat, new double[8], labels * 2, 8, 4));
                }
            }
        }
    }

    [Fact]
    public void GradientLengthMismatch()
    {
        foreach (var loss in CatalogueLoss.All)
        {
            foreach (var isFloat in new[] { false, true })
            {
                Throws("gradient", () => Call(loss, isFloat, new double[4], 4, 3));
                Throws("gradient", () => Call(loss, isFloat, new double[4], 4, 5));
                Throws("gradient", () => CallBatch(loss, isFloat, new double[8], 8, 6, 4));
            }
        }

        Throws("grad", () => DeclaredLosses.Ranking(new double[4], 1, 0, new double[3]));
        Throws("gradSn", () => DeclaredLosses.Spans(new float[4], new float[2], new float[4], new float[3]));
        Throws("gradSp", () => DeclaredLosses.Spans(new float[4], new float[2], new float[2], new float[2]));
    }

    [Fact]
    public void TargetOutOfRange()
    {
        foreach (var target in new[] { -1, 4, int.MaxValue, int.MinValue })
        {
            Throws("target", () => Losses.SoftmaxCrossEntropy(new double[4], target, new double[4]));
            Throws("target", () => Losses.SoftmaxCrossEntropy(new float[4], target, new float[4]));
            Throws("label", () => DeclaredLosses.SoftmaxForward(new double[4], target));
            Throws("targets", () => Losses.SoftmaxCrossEntropyBatch(new double[8], new[] { 0, target }, 4, new double[8]));
            Throws("targets", () => Losses.SoftmaxCrossEntropyBatch(new float[8], new[] { target, 0 }, 4, new float[8]));
        }

        Throws("targets", () => Losses.SoftmaxCrossEntropyBatch(new double[8], new[] { 0 }, 4, new double[8]));
        Throws("targets", () => Losses.SoftmaxCrossEntropyBatch(new double[8], new[] { 0, 1, 2 }, 4, new double[8]));
    }

    [Fact]
    public void SoftLabelsOutsideTheUnitIntervalOrNaN()
    {
        foreach (var loss in Labelled.Where(l => l.Soft))
        {
            foreach (var isFloat in new[] { false, true })
            {
                foreach (var bad in new[] { -0.1, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1e-30 })
                {
                    var labels = new[] { 0.5, 1, bad, 0 };
                    Throws("labels", () => CallSoft(loss, isFloat, new double[4], labels));
                    Throws("labels", () => CallSoftBatch(loss, isFloat, new double[8], labels.Concat(new[] { 0.5, 0.5, 0.5, 0.5 }).ToArray(), 4));
                }
            }
        }
    }

    [Fact]
    public void GammaNotPositiveOrNotFinite()
    {
        foreach (var gamma in new[] { 0, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0 })
        {
            Throws("gamma", () => Losses.UnifiedPairwise(new double[4], new bool[4], gamma, 0, new double[4]));
            Throws("gamma", () => Losses.UnifiedPairwise(new float[4], new float[4], (float)gamma, 0f, new float[4]));
            Throws("gamma", () => Losses.UnifiedPairwiseBatch(new double[8], new double[8], 4, gamma, 0, new double[8]));
            Throws("gamma", () => DeclaredLosses.Ranking(new double[4], gamma, 0, new double[4]));
        }
    }

    [Fact]
    public void MarginNotFinite()
    {
        foreach (var margin in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            Throws("margin", () => Losses.UnifiedPairwise(new double[4], new bool[4], 1, margin, new double[4]));
            Throws("margin", () => Losses.UnifiedPairwise(new float[4], new bool[4], 1f, (float)margin, new float[4]));
            Throws("margin", () => Losses.UnifiedPairwiseBatch(new float[8], new bool[8], 4, 1f, (float)margin, new float[8]));
            Throws("margin", () => DeclaredLosses.Ranking(new double[4], 1, margin, new double[4]));
        }
    }

    [Fact]
    public void ClassesNotPositiveOrLengthNotAMultiple()
    {
        foreach (var loss in CatalogueLoss.All)
        {
            foreach (var isFloat in new[] { false, true })
            {
                Throws("classes", () => CallBatch(loss, isFloat, new double[8], 8, 8, 0));
                Throws("classes", () => CallBatch(loss, isFloat, new double[8], 8, 8, -4));
                Throws("scores", () => CallBatch(loss, isFloat, new double[9], 9, 9, 4));
            }
        }

        Throws("s", () => DeclaredLosses.RankingBatch(new double[10], 4, new double[10]));
    }

    private static void Call(CatalogueLoss loss, bool isFloat, double[] scores, int labels, int gradient)
    {
        var hard = new bool[labels];
        var soft = new double[labels];
        if (isFloat)
        {
            loss.RowFloat(scores.Select(x => (float)x).ToArray(), hard, soft.Select(x => (float)x).ToArray(), 0, 1f, 0f, new float[gradient]);
        }
        else
        {
            loss.RowDouble(scores, hard, soft, 0, 1, 0, new double[gradient]);
        }
    }

    private static void CallBatch(CatalogueLoss loss, bool isFloat, double[] scores, int labels, int gradient, int classes)
    {
        var hard = new bool[labels];
        var soft = new double[labels];
        var rows = classes > 0 ? Math.Max(1, scores.Length / classes) : 1;
        var targets = new int[rows];
        if (isFloat)
        {
            loss.BatchFloat(scores.Select(x => (float)x).ToArray(), hard, soft.Select(x => (float)x).ToArray(), targets, classes, 1f, 0f, new float[gradient]);
        }
        else
        {
            loss.BatchDouble(scores, hard, soft, targets, classes, 1, 0, new double[gradient]);
        }
    }

    private static void CallSoft(CatalogueLoss loss, bool isFloat, double[] scores, double[] labels)
    {
        if (isFloat)
        {
            loss.RowFloat(scores.Select(x => (float)x).ToArray(), null!, labels.Select(x => (float)x).ToArray(), 0, 1f, 0f, new float[scores.Length]);
        }
        else
        {
            loss.RowDouble(scores, null!, labels, 0, 1, 0, new double[scores.Length]);
        }
    }

    private static void CallSoftBatch(CatalogueLoss loss, bool isFloat, double[] scores, double[] labels, int classes)
    {
        if (isFloat)
        {
            loss.BatchFloat(scores.Select(x => (float)x).ToArray(), null!, labels.Select(x => (float)x).ToArray(), new int[scores.Length / classes], classes, 1f, 0f, new float[scores.Length]);
        }
        else
        {
            loss.BatchDouble(scores, null!, labels, new int[scores.Length / classes], classes, 1, 0, new double[scores.Length]);
        }
    }
}
