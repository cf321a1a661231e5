using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;

namespace PairwiseLoss.Tests.Shared.Catalogue;

public enum Family
{
    Softmax,
    MultiLabel,
    Unified,
    Binary,
    Threshold,
}

public delegate T RowCall<T>(T[] scores, bool[] hard, T[] soft, int target, T gamma, T margin, T[] gradient);

public delegate T BatchCall<T>(T[] scores, bool[] hard, T[] soft, int[] targets, int classes, T gamma, T margin, T[] gradient);

/// <summary>
/// One loss of <see cref="Losses"/> in its four forms (float/double × per row/batched), with the declaration the
/// reference reads (taken from the catalogue's documented constraints, not from its code).
/// </summary>
public sealed record CatalogueLoss(
    Family Family,
    bool Soft,
    RowCall<float> RowFloat,
    RowCall<double> RowDouble,
    BatchCall<float> BatchFloat,
    BatchCall<double> BatchDouble)
{
    public string Name => Family + (Family == Family.Softmax ? string.Empty : Soft ? " (soft labels)" : " (bool labels)");

    public override string ToString() => Name;

    public RefLabels Labels => Family == Family.Softmax ? RefLabels.None : Soft ? RefLabels.Soft : RefLabels.Hard;

    public RefDeclaration Declaration => Family switch
    {
        Family.Softmax => new RefDeclaration(new[] { new RefWant(new[] { RefSide.Others, RefSide.Target }) }, HasTarget: true),
        Family.MultiLabel => new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Constant(0), RefSide.Pos }) }, Labels: Labels),
        Family.Unified => new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Pos }) }, Labels: Labels, RuntimeGamma: true, RuntimeMargin: true),
        Family.Binary => new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Constant(0) }), new RefWant(new[] { RefSide.Constant(0), RefSide.Pos }) }, PerPair: true, Labels: Labels),
        _ => new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Constant(0) }), new RefWant(new[] { RefSide.Constant(0), RefSide.Pos }) }, Labels: Labels),
    };

    public RefResult Row(RefInput input, bool isFloat)
    {
        if (isFloat)
        {
            var gradient = new float[input.Scores.Length];
            Array.Fill(gradient, float.NaN); // written, not accumulated: garbage must be overwritten
            var loss = RowFloat(Precision.ToFloat(input.Scores)!, input.Hard!, Precision.ToFloat(input.Soft)!, input.Target, (float)input.Gamma, (float)input.Margin, gradient);
            return new RefResult(loss, new[] { Precision.ToDouble(gradient) });
        }
        else
        {
            var gradient = new double[input.Scores.Length];
            Array.Fill(gradient, double.NaN); // written, not accumulated: garbage must be overwritten
            var loss = RowDouble(input.Scores, input.Hard!, input.Soft!, input.Target, input.Gamma, input.Margin, gradient);
            return new RefResult(loss, new[] { gradient });
        }
    }

    public RefResult Batch(IReadOnlyList<RefInput> rows, bool isFloat)
    {
        var classes = rows[0].Scores.Length;
        var scores = rows.SelectMany(r => r.Scores).ToArray();
        var hard = Labels == RefLabels.Hard ? rows.SelectMany(r => r.Hard!).ToArray() : null;
        var soft = Labels == RefLabels.Soft ? rows.SelectMany(r => r.Soft!).ToArray() : null;
        var targets = rows.Select(r => r.Target).ToArray();
        if (isFloat)
        {
            var gradient = new float[scores.Length];
            Array.Fill(gradient, float.NaN); // written, not accumulated: garbage must be overwritten
            var loss = BatchFloat(Precision.ToFloat(scores)!, hard!, Precision.ToFloat(soft)!, targets, classes, (float)rows[0].Gamma, (float)rows[0].Margin, gradient);
            return new RefResult(loss, new[] { Precision.ToDouble(gradient) });
        }
        else
        {
            var gradient = new double[scores.Length];
            Array.Fill(gradient, double.NaN); // written, not accumulated: garbage must be overwritten
            var loss = BatchDouble(scores, hard!, soft!, targets, classes, rows[0].Gamma, rows[0].Margin, gradient);
            return new RefResult(loss, new[] { gradient });
        }
    }

    /// <summary>Every catalogue loss.</summary>
    public static readonly IReadOnlyList<CatalogueLoss> All = new[]
    {
        new CatalogueLoss(Family.Softmax, false,
            (s, h, t, y, gm, m, g) => Losses.SoftmaxCrossEntropy(s, y, g),
            (s, h, t, y, gm, m, g) => Losses.SoftmaxCrossEntropy(s, y, g),
            (s, h, t, y, c, gm, m, g) => Losses.SoftmaxCrossEntropyBatch(s, y, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.SoftmaxCrossEntropyBatch(s, y, c, g)),
        new CatalogueLoss(Family.MultiLabel, false,
            (s, h, t, y, gm, m, g) => Losses.MultiLabelCrossEntropy(s, h, g),
            (s, h, t, y, gm, m, g) => Losses.MultiLabelCrossEntropy(s, h, g),
            (s, h, t, y, c, gm, m, g) => Losses.MultiLabelCrossEntropyBatch(s, h, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.MultiLabelCrossEntropyBatch(s, h, c, g)),
        new CatalogueLoss(Family.MultiLabel, true,
            (s, h, t, y, gm, m, g) => Losses.MultiLabelCrossEntropy(s, t, g),
            (s, h, t, y, gm, m, g) => Losses.MultiLabelCrossEntropy(s, t, g),
            (s, h, t, y, c, gm, m, g) => Losses.MultiLabelCrossEntropyBatch(s, t, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.MultiLabelCrossEntropyBatch(s, t, c, g)),
        new CatalogueLoss(Family.Unified, false,
            (s, h, t, y, gm, m, g) => Losses.UnifiedPairwise(s, h, gm, m, g),
            (s, h, t, y, gm, m, g) => Losses.UnifiedPairwise(s, h, gm, m, g),
            (s, h, t, y, c, gm, m, g) => Losses.UnifiedPairwiseBatch(s, h, c, gm, m, g),
            (s, h, t, y, c, gm, m, g) => Losses.UnifiedPairwiseBatch(s, h, c, gm, m, g)),
        new CatalogueLoss(Family.Unified, true,
            (s, h, t, y, gm, m, g) => Losses.UnifiedPairwise(s, t, gm, m, g),
            (s, h, t, y, gm, m, g) => Losses.UnifiedPairwise(s, t, gm, m, g),
            (s, h, t, y, c, gm, m, g) => Losses.UnifiedPairwiseBatch(s, t, c, gm, m, g),
            (s, h, t, y, c, gm, m, g) => Losses.UnifiedPairwiseBatch(s, t, c, gm, m, g)),
        new CatalogueLoss(Family.Binary, false,
            (s, h, t, y, gm, m, g) => Losses.BinaryCrossEntropy(s, h, g),
            (s, h, t, y, gm, m, g) => Losses.BinaryCrossEntropy(s, h, g),
            (s, h, t, y, c, gm, m, g) => Losses.BinaryCrossEntropyBatch(s, h, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.BinaryCrossEntropyBatch(s, h, c, g)),
        new CatalogueLoss(Family.Binary, true,
            (s, h, t, y, gm, m, g) => Losses.BinaryCrossEntropy(s, t, g),
            (s, h, t, y, gm, m, g) => Losses.BinaryCrossEntropy(s, t, g),
            (s, h, t, y, c, gm, m, g) => Losses.BinaryCrossEntropyBatch(s, t, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.BinaryCrossEntropyBatch(s, t, c, g)),
        new CatalogueLoss(Family.Threshold, false,
            (s, h, t, y, gm, m, g) => Losses.ThresholdCrossEntropy(s, h, g),
            (s, h, t, y, gm, m, g) => Losses.ThresholdCrossEntropy(s, h, g),
            (s, h, t, y, c, gm, m, g) => Losses.ThresholdCrossEntropyBatch(s, h, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.ThresholdCrossEntropyBatch(s, h, c, g)),
        new CatalogueLoss(Family.Threshold, true,
            (s, h, t, y, gm, m, g) => Losses.ThresholdCrossEntropy(s, t, g),
            (s, h, t, y, gm, m, g) => Losses.ThresholdCrossEntropy(s, t, g),
            (s, h, t, y, c, gm, m, g) => Losses.ThresholdCrossEntropyBatch(s, t, c, g),
            (s, h, t, y, c, gm, m, g) => Losses.ThresholdCrossEntropyBatch(s, t, c, g)),
    };

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, All.Count).Select(i => new object[] { i });

    public static IEnumerable<object[]> CasesByPrecision =>
        Enumerable.Range(0, All.Count).SelectMany(i => new[] { new object[] { i, false }, new object[] { i, true } });

    /// <summary>A random row for this loss: labels of the right kind, a target, γ ∈ [0.1, 10], margin ∈ [−1, 1].</summary>
    public RefInput Input(Random rng, int classes, double mask = 0, double scale = 3) =>
        RandomDeclarations.Input(rng, Declaration, classes, mask, scale);
}
