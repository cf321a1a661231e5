using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.Runtime.Tests.ClassTermLosses;

/// <summary>
/// Both losses against the literal double reference (the sums of https://kexue.fm/archives/9158, no factorisation) and its central differences,
/// on random shapes, γ, margins, hard and soft labels, masked scores and rows without positives.
/// </summary>
public sealed class ReferenceTests
{
    public static IEnumerable<object[]> Random() =>
        from seed in Enumerable.Range(0, 160)
        from loss in new[] { Loss.Others, Loss.Mean }
        select new object[] { loss, seed };

    [Theory]
    [MemberData(nameof(Random))]
    public void Double_matches_the_literal_sum_and_central_differences(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var gradient = new double[c.Scores.Length];
        var value = Run.Library(loss, c, c.Scores, gradient);

        Near.Equal(Run.Reference(loss, c, c.Scores), value, 1e-11, 1e-11, $"{c} loss");
        var differences = LiteralReference.CentralDifferences(s => Run.Reference(loss, c, s), c.Scores);
        for (var n = 0; n < gradient.Length; n++)
        {
            if (double.IsNegativeInfinity(c.Scores[n]))
            {
                Assert.Equal(0.0, gradient[n]); // an absent score has no gradient
            }
            else
            {
                Near.Equal(differences[n], gradient[n], 1e-6, c.Gamma, $"{c} ∂L/∂s[{n}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Float_matches_the_double_reference(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var scores = c.ScoresF;
        var asDouble = scores.Select(x => (double)x).ToArray();
        var expectedGradient = new double[scores.Length];
        var expected = Run.Library(loss, c with { Labels = c.LabelsF.Select(x => (double)x).ToArray() }, asDouble, expectedGradient);
        Near.Equal(Run.Reference(loss, c with { Labels = c.LabelsF.Select(x => (double)x).ToArray() }, asDouble), expected, 1e-11, 1e-11, $"{c} double loss");

        var gradient = new float[scores.Length];
        var value = Run.LibraryF(loss, c, scores, gradient);
        Near.Equal(expected, value, 1e-5, 1e-3, $"{c} float loss");
        Near.Gradient(expectedGradient, gradient, 1e-5, c.Gamma, $"{c} float ∂L/∂s");
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Hard_labels_equal_soft_labels_of_zero_and_one(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var hard = c with { Labels = c.Labels.Select(t => t > 0.5 ? 1.0 : 0.0).ToArray() };
        var softGradient = new double[c.Scores.Length];
        var hardGradient = new double[c.Scores.Length];
        var soft = Run.Library(loss, hard, hard.Scores, softGradient);
        var viaBool = Run.Library(loss, hard, hard.Scores, hardGradient, hardOverload: true);

        Assert.Equal(soft, viaBool);
        Assert.Equal(softGradient, hardGradient);

        var softF = new float[c.Scores.Length];
        var hardF = new float[c.Scores.Length];
        Assert.Equal(Run.LibraryF(loss, hard, hard.ScoresF, softF), Run.LibraryF(loss, hard, hard.ScoresF, hardF, hardOverload: true));
        Assert.Equal(softF, hardF);
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Forward_only_gives_the_same_loss_and_the_gradient_is_written_not_accumulated(Loss loss, int seed)
    {
        var c = Case.Random(seed);
        var clean = new double[c.Scores.Length];
        var dirty = Enumerable.Repeat(123.0, c.Scores.Length).ToArray();
        var withGradient = Run.Library(loss, c, c.Scores, clean);
        Assert.Equal(withGradient, Run.Library(loss, c, c.Scores, dirty));
        Assert.Equal(clean, dirty);
        Assert.Equal(withGradient, Run.Library(loss, c, c.Scores, Span<double>.Empty));
    }
}
