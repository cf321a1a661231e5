using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Catalogue;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;
using PairwiseLoss.Tests.Shared;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>Extreme inputs (docs/language.md: −inf is absent, NaN gives NaN): huge finite scores, −inf masking, +inf, NaN, empty sides, zero soft weights.</summary>
public sealed class ExtremeInputTests
{
    public static IEnumerable<object[]> CatalogueByMagnitude =>
        from c in Enumerable.Range(0, CatalogueLoss.All.Count)
        from magnitude in new[] { 1e4, 1e30 }
        from isFloat in new[] { true, false }
        select new object[] { c, magnitude, isFloat };

    /// <summary>±1e4 and ±1e30 (float and double): a finite loss and gradient, no NaN, the reference's limit.</summary>
    [Theory]
    [MemberData(nameof(CatalogueByMagnitude))]
    public void CatalogueHugeFiniteScoresGiveTheRightLimit(int which, double magnitude, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which * 7 + (int)Math.Log10(magnitude));
        foreach (var classes in new[] { 1, 5, 17, 64 })
        {
            for (var sample = 0; sample < 3; sample++)
            {
                var input = RandomDeclarations.Scaled(rng, loss.Input(rng, classes), magnitude);
                if (isFloat)
                {
                    input = input.RoundedToFloat();
                }

                var actual = loss.Row(input, isFloat);
                var reference = PairwiseReference.Evaluate(loss.Declaration, input);
                var what = $"{loss} {(isFloat ? "float" : "double")} at {magnitude:G}, s=[{Check.Join(input.Scores)}]";
                Assert.True(double.IsFinite(actual.Loss), what + $": loss {actual.Loss}");
                Assert.All(actual.Gradients[0], g => Assert.True(double.IsFinite(g), what + ": gradient " + g));
                Check.Close(reference.Loss, actual.Loss, isFloat ? Check.FloatTolerance : 1e-12, what);
                if (!(loss.Soft && KnownIssues.SoftWeightLostAtHugeLogits))
                {
                    Check.Close(reference.Gradients, actual.Gradients, isFloat ? Check.FloatTolerance : 1e-9, loss.Family == Family.Unified ? input.Gamma : 1, what);
                }
            }
        }
    }

    /// <summary>A −inf score drops out: the loss equals the loss with that element removed; its gradient is 0.</summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void NegativeInfinityEqualsRemovingTheElement(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which * 13 + (isFloat ? 1 : 0));
        foreach (var classes in new[] { 2, 5, 17, 64 })
        {
            for (var sample = 0; sample < 3; sample++)
            {
                var input = loss.Input(rng, classes);
                var keep = Enumerable.Range(0, classes).Select(i => i == input.Target || rng.NextDouble() > 0.3).ToArray();
                var masked = input with { Spans = new[] { input.Scores.Select((x, i) => keep[i] ? x : double.NegativeInfinity).ToArray() } };
                var removed = Compact(input, keep);
                var withMask = loss.Row(masked, isFloat);
                var without = loss.Row(removed, isFloat);
                var what = $"{loss} {(isFloat ? "float" : "double")}, keep=[{string.Join(",", keep.Select(k => k ? 1 : 0))}]";
                Check.Close(without.Loss, withMask.Loss, isFloat ? 1e-6 : 1e-13, what);
                var expanded = Expand(without.Gradients[0], keep);
                Check.Close(new[] { expanded }, withMask.Gradients, isFloat ? 1e-6 : 1e-13, 1, what);
                for (var i = 0; i < classes; i++)
                {
                    if (!keep[i])
                    {
                        Assert.True(withMask.Gradients[0][i] == 0, $"{what}: gradient of masked score {i} is {withMask.Gradients[0][i]}");
                    }
                }
            }
        }
    }

    /// <summary>−inf everywhere in a row, or a masked softmax target: an empty side, loss exactly 0 and gradient 0.</summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void EverythingMaskedIsExactlyZero(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which);
        foreach (var classes in new[] { 1, 4 })
        {
            var input = loss.Input(rng, classes);
            var all = loss.Row(input with { Spans = new[] { Enumerable.Repeat(double.NegativeInfinity, classes).ToArray() } }, isFloat);
            Assert.Equal(0.0, all.Loss);
            Assert.All(all.Gradients[0], g => Assert.Equal(0.0, g));
        }

        if (loss.Family == Family.Softmax)
        {
            var input = loss.Input(rng, 5);
            input.Scores[input.Target] = double.NegativeInfinity;
            var result = loss.Row(input, isFloat);
            Assert.Equal(0.0, result.Loss);
            Assert.All(result.Gradients[0], g => Assert.Equal(0.0, g));
        }
    }

    /// <summary>
    /// +inf on the right of '&lt;' (a positive; the softmax target): e^{−inf} = 0, the pair drops out exactly as if the
    /// element were absent. (+inf on the left is probed in <see cref="PositiveInfinityOnTheLeftIsNeverASilentNumber"/>.)
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void PositiveInfinityOnTheRightDropsOut(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which * 17 + (isFloat ? 1 : 0));
        foreach (var classes in new[] { 2, 5, 17 })
        {
            var input = loss.Input(rng, classes);
            var index = rng.Next(classes);
            if (loss.Family == Family.Softmax)
            {
                input = input with { Target = index };
            }
            else if (input.Hard is { } hard)
            {
                hard[index] = true;
            }
            else
            {
                input.Soft![index] = 1;
            }

            input.Scores[index] = double.PositiveInfinity;
            var actual = loss.Row(input, isFloat);
            var what = $"{loss} {(isFloat ? "float" : "double")}: +inf at {index}, s=[{Check.Join(input.Scores)}]";
            if (loss.Family == Family.Softmax)
            {
                Assert.True(actual.Loss == 0, $"{what}: loss {actual.Loss}");
                Assert.All(actual.Gradients[0], g => Assert.True(g == 0, $"{what}: gradient {g}"));
                continue;
            }

            var keep = Enumerable.Range(0, classes).Select(i => i != index).ToArray();
            var without = loss.Row(Compact(input, keep), isFloat);
            Check.Close(without.Loss, actual.Loss, isFloat ? 1e-6 : 1e-13, what);
            Check.Close(new[] { Expand(without.Gradients[0], keep) }, actual.Gradients, isFloat ? 1e-6 : 1e-13, 1, what);
        }
    }

    /// <summary>+inf on the left of '&lt;' (a negative, a softmax non-target): the loss is not a finite number.</summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void PositiveInfinityOnTheLeftIsNeverASilentNumber(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which * 19 + (isFloat ? 1 : 0));
        var input = loss.Input(rng, 5);
        var index = (input.Target + 1) % 5;
        if (input.Hard is { } hard)
        {
            Array.Fill(hard, true);
            hard[index] = false;
        }
        else if (input.Soft is { } soft)
        {
            Array.Fill(soft, 0.5);
            soft[index] = 0;
        }

        input.Scores[index] = double.PositiveInfinity;
        var actual = loss.Row(input, isFloat);
        Assert.False(double.IsFinite(actual.Loss), $"{loss}: loss {actual.Loss}");
    }

    /// <summary>NaN in → NaN loss (never a silent number), wherever the NaN is.</summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void NaNScoreGivesNaNLoss(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which * 23);
        foreach (var classes in new[] { 1, 2, 5 })
        {
            for (var index = 0; index < classes; index++)
            {
                var input = loss.Input(rng, classes);
                if (input.Hard is { } hard && loss.Family == Family.Unified)
                {
                    // neg < pos only pairs a negative with a positive: give the NaN a partner.
                    if (classes == 1)
                    {
                        continue;
                    }

                    hard[(index + 1) % classes] = !hard[index];
                }

                if (input.Soft is { } soft && loss.Family == Family.Unified && classes == 1)
                {
                    soft[0] = 0.5;
                }

                input.Scores[index] = double.NaN;
                var actual = loss.Row(input, isFloat);
                Assert.True(double.IsNaN(actual.Loss), $"{loss} {(isFloat ? "float" : "double")}: NaN at {index} of {classes} gave {actual.Loss}");
            }
        }
    }

    /// <summary>
    /// An empty side (no positives: none labelled, or all masked) contributes exactly 0: ZLPR and the threshold loss
    /// then equal the declaration without that side, bit for bit; the unified loss is exactly 0.
    /// </summary>
    [Fact]
    public void EmptySideContributesExactlyZero()
    {
        var rng = new Random(5);
        foreach (var classes in new[] { 1, 3, 17 })
        {
            var s = Enumerable.Range(0, classes).Select(_ => RandomDeclarations.Uniform(rng, -5, 5)).ToArray();
            var none = new bool[classes];
            var every = Enumerable.Repeat(true, classes).ToArray();
            var zero = new double[classes];
            var one = Enumerable.Repeat(1.0, classes).ToArray();

            AssertSame((s, g) => DeclaredLosses.NegOnly(s, none, g), (s, g) => Losses.MultiLabelCrossEntropy(s, none, g), s);
            AssertSame((s, g) => DeclaredLosses.PosOnly(s, every, g), (s, g) => Losses.MultiLabelCrossEntropy(s, every, g), s);
            AssertSame((s, g) => DeclaredLosses.NegOnly(s, zero, g), (s, g) => Losses.MultiLabelCrossEntropy(s, zero, g), s);
            AssertSame((s, g) => DeclaredLosses.PosOnly(s, one, g), (s, g) => Losses.MultiLabelCrossEntropy(s, one, g), s);
            AssertSame((s, g) => DeclaredLosses.NegOnly(s, none, g), (s, g) => Losses.ThresholdCrossEntropy(s, none, g), s);
            AssertSame((s, g) => DeclaredLosses.PosOnly(s, one, g), (s, g) => Losses.ThresholdCrossEntropy(s, one, g), s);
            AssertSame((s, g) => 0, (s, g) => Losses.UnifiedPairwise(s, none, 2, 0.5, g), s);
            AssertSame((s, g) => 0, (s, g) => Losses.UnifiedPairwise(s, one, 2, 0.5, g), s);

            // Positives that are all masked are an empty side too.
            var labels = Enumerable.Range(0, classes).Select(i => i % 2 == 0).ToArray();
            var masked = s.Select((x, i) => labels[i] ? double.NegativeInfinity : x).ToArray();
            AssertSame((s, g) => DeclaredLosses.NegOnly(s, labels, g), (s, g) => Losses.MultiLabelCrossEntropy(s, labels, g), masked);

            var f = s.Select(x => (float)x).ToArray();
            var fg1 = new float[classes];
            var fg2 = new float[classes];
            Assert.Equal(DeclaredLosses.NegOnly(f, none, fg1), Losses.MultiLabelCrossEntropy(f, none, fg2));
            Check.Close(new[] { Precision.ToDouble(fg1) }, new[] { Precision.ToDouble(fg2) }, 1e-6, 1, "float gradient with an empty side");
            Assert.Equal(DeclaredLosses.PosOnly(f, every, fg1), Losses.MultiLabelCrossEntropy(f, every, fg2));
            Check.Close(new[] { Precision.ToDouble(fg1) }, new[] { Precision.ToDouble(fg2) }, 1e-6, 1, "float gradient with an empty side");
        }
    }

    private delegate double Call(double[] scores, double[] gradient);

    private static void AssertSame(Call expected, Call actual, double[] scores)
    {
        var g1 = new double[scores.Length];
        var g2 = Enumerable.Repeat(double.NaN, scores.Length).ToArray();
        // The loss is bit for bit the same; the gradient may take a different (vectorised) path: a few ulps.
        Assert.Equal(expected(scores, g1), actual(scores, g2));
        Check.Close(new[] { g1 }, new[] { g2 }, 1e-15, 1, "gradient with an empty side");
    }

    /// <summary>
    /// Soft label 1 on a +inf / +1e30 score and 0 on a −1e30 score: the weight-0 side must not multiply e^{±huge}
    /// (0·inf = NaN). The loss stays finite and equals the reference, those gradients are 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void SoftLabelWeightZeroNeverMultipliesInfinity(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        if (!loss.Soft)
        {
            return;
        }

        var rng = new Random(which * 29);
        foreach (var classes in new[] { 3, 8, 17 })
        {
            var input = loss.Input(rng, classes);
            var soft = input.Soft!;
            input.Scores[0] = double.PositiveInfinity;
            soft[0] = 1;
            input.Scores[1] = 1e30;
            soft[1] = 1;
            input.Scores[2] = -1e30;
            soft[2] = 0;
            if (isFloat)
            {
                input = input.RoundedToFloat();
            }

            var actual = loss.Row(input, isFloat);
            var reference = PairwiseReference.Evaluate(loss.Declaration, input);
            var what = $"{loss} {(isFloat ? "float" : "double")}, s=[{Check.Join(input.Scores)}], t=[{Check.Join(input.Soft!)}]";
            Assert.True(double.IsFinite(actual.Loss), what + $": loss {actual.Loss}");
            Check.Close(reference.Loss, actual.Loss, isFloat ? 1e-5 : 1e-12, what);
            Check.Close(reference.Gradients, actual.Gradients, isFloat ? 1e-5 : 1e-12, input.Gamma, what);
            Assert.True(actual.Gradients[0][0] == 0 && actual.Gradients[0][1] == 0 && actual.Gradients[0][2] == 0, what + ": gradients [" + Check.Join(actual.Gradients[0]) + "]");
        }
    }

    /// <summary>The input without the elements <paramref name="keep"/> marks false; the target index follows.</summary>
    private static RefInput Compact(RefInput input, bool[] keep) => input with
    {
        Spans = new[] { input.Scores.Where((_, i) => keep[i]).ToArray() },
        Hard = input.Hard?.Where((_, i) => keep[i]).ToArray(),
        Soft = input.Soft?.Where((_, i) => keep[i]).ToArray(),
        Target = keep.Take(input.Target).Count(k => k),
    };

    private static double[] Expand(double[] compact, bool[] keep)
    {
        var result = new double[keep.Length];
        var j = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            result[i] = keep[i] ? compact[j++] : 0;
        }

        return result;
    }
}
