using System;
using System.Linq;
using Xunit;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.Runtime.Tests.ClassTermLosses;

/// <summary>Argument checks, NaN, masking corner cases, empty input, large shapes (pooled buffers) and allocations.</summary>
public sealed class InputTests
{
    private delegate double Soft(ReadOnlySpan<double> s, ReadOnlySpan<double> t, int classes, double gamma, double margin, Span<double> g);

    private delegate double Hard(ReadOnlySpan<double> s, ReadOnlySpan<bool> t, int classes, double gamma, double margin, Span<double> g);

    private static readonly Soft[] SoftLosses = [ClassTerms.OthersBelowPositive, ClassTerms.MeanBelowPositive];

    private static readonly Hard[] HardLosses = [ClassTerms.OthersBelowPositive, ClassTerms.MeanBelowPositive];

    private static void Throws(string parameter, Func<double> call)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => call());
        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var s = new double[6];
        var t = new double[6];
        var g = new double[6];
        foreach (var loss in SoftLosses)
        {
            Throws("classes", () => loss(s, t, 0, 1, 0, g));
            Throws("classes", () => loss(s, t, -2, 1, 0, g));
            Throws("scores", () => loss(s, t, 4, 1, 0, g));
            Throws("labels", () => loss(s, new double[5], 3, 1, 0, g));
            Throws("gradient", () => loss(s, t, 3, 1, 0, new double[5]));
            Throws("gamma", () => loss(s, t, 3, 0, 0, g));
            Throws("gamma", () => loss(s, t, 3, -1, 0, g));
            Throws("gamma", () => loss(s, t, 3, double.NaN, 0, g));
            Throws("gamma", () => loss(s, t, 3, double.PositiveInfinity, 0, g));
            Throws("margin", () => loss(s, t, 3, 1, double.NaN, g));
            Throws("margin", () => loss(s, t, 3, 1, double.NegativeInfinity, g));
            Throws("labels", () => loss(s, [0, 0, 1.5, 0, 0, 0], 3, 1, 0, g));
            Throws("labels", () => loss(s, [0, 0, -0.1, 0, 0, 0], 3, 1, 0, g));
            Throws("labels", () => loss(s, [0, 0, double.NaN, 0, 0, 0], 3, 1, 0, g));
        }

        foreach (var loss in HardLosses)
        {
            Throws("labels", () => loss(s, new bool[7], 3, 1, 0, g));
            Throws("scores", () => loss(s, new bool[6], 4, 1, 0, g));
            Throws("gradient", () => loss(s, new bool[6], 3, 1, 0, new double[7]));
        }
    }

    [Fact]
    public void A_NaN_score_gives_NaN_loss_and_gradient()
    {
        double[] s = [1, double.NaN, 0, 2, 3, 4];
        double[] t = [0, 0, 0, 1, 0, 0]; // even when the NaN's row has no positive: never a silent number
        foreach (var loss in SoftLosses)
        {
            var g = new double[6];
            Assert.True(double.IsNaN(loss(s, t, 3, 1, 0, g)));
            Assert.All(g, x => Assert.True(double.IsNaN(x)));
            Assert.True(double.IsNaN(loss(s, t, 3, 1, 0, Span<double>.Empty)));
        }
    }

    [Fact]
    public void Empty_input_rows_without_positives_and_masked_rows_give_exactly_zero()
    {
        foreach (var loss in SoftLosses)
        {
            Assert.Equal(0.0, loss([], [], 3, 1, 0, []));

            var g = Enumerable.Repeat(9.0, 6).ToArray();
            Assert.Equal(0.0, loss([1, 2, 3, 4, 5, 6], new double[6], 3, 2, 0.5, g));
            Assert.All(g, x => Assert.Equal(0.0, x));

            var ninf = double.NegativeInfinity;
            g = Enumerable.Repeat(9.0, 6).ToArray();
            Assert.Equal(0.0, loss([ninf, ninf, ninf, ninf, ninf, ninf], [1, 1, 1, 0.5, 0, 1], 3, 2, 0.5, g));
            Assert.All(g, x => Assert.Equal(0.0, x));
        }
    }

    [Fact]
    public void A_labelled_score_of_minus_infinity_is_an_absent_pair()
    {
        var ninf = double.NegativeInfinity;

        // Row 0: the labelled class 0 is masked: no term. Row 1: the only other class is masked: loss-1 has no pair.
        double[] s = [ninf, 3, 2, 1, ninf, 0];
        double[] t = [1, 0, 0, 0, 0, 0];
        var g = new double[6];
        Assert.Equal(0.0, ClassTerms.OthersBelowPositive<double>(s, t, 3, 1.0, 0.0, g));
        Assert.All(g, x => Assert.Equal(0.0, x));
        Assert.Equal(0.0, ClassTerms.MeanBelowPositive<double>(s, t, 3, 1.0, 0.0, g));

        // Masked scores are absent from the other side and from the mean: (1, −inf, 0) with class 0 labelled is the
        // row (1, 0) with class 0 labelled.
        double[] masked = [1, ninf, 0];
        double[] small = [1, 0];
        foreach (var loss in SoftLosses)
        {
            var gm = new double[3];
            var gs = new double[2];
            Assert.Equal(loss(small, [1, 0], 2, 1.5, 0.25, gs), loss(masked, [1, 0, 0], 3, 1.5, 0.25, gm));
            Assert.Equal(new[] { gs[0], 0, gs[1] }, gm);
        }
    }

    [Fact]
    public void One_class_has_no_others_and_a_mean_equal_to_the_score()
    {
        double[] s = [3, -1, 7];
        double[] t = [1, 0.5, 0];
        var g = new double[3];
        Assert.Equal(0.0, ClassTerms.OthersBelowPositive<double>(s, t, 1, 2.0, 0.3, g));
        Assert.All(g, x => Assert.Equal(0.0, x));

        // loss-3: log(1 + Σ_i t_i e^{γm}); the gradient is γ(p − p) = 0.
        Assert.Equal(Math.Log(1 + (1.5 * Math.Exp(0.6))), ClassTerms.MeanBelowPositive<double>(s, t, 1, 2.0, 0.3, g), 1e-14);
        Assert.All(g, x => Assert.Equal(0.0, x, 1e-15));
    }

    [Theory]
    [InlineData(3, 400)]
    [InlineData(2, 1000)]
    public void Wide_rows_use_pooled_buffers_and_match_the_reference(int rows, int classes)
    {
        var random = new Random(classes);
        var c = new Case(
            0,
            rows,
            classes,
            1.7,
            0.2,
            Enumerable.Range(0, rows * classes).Select(_ => -3 + (6 * random.NextDouble())).ToArray(),
            Enumerable.Range(0, rows * classes).Select(_ => random.NextDouble() < 0.05 ? random.NextDouble() : 0).ToArray(),
            LabelKind.Soft);
        foreach (var loss in new[] { Loss.Others, Loss.Mean })
        {
            var (expected, expectedGradient) = StableReference.Evaluate(loss, c.Scores, c.Labels, classes, c.Gamma, c.Margin);
            var gradient = new double[c.Scores.Length];
            Near.Equal(expected, Run.Library(loss, c, c.Scores, gradient), 1e-12, 1e-12, $"{loss} loss");
            Near.Gradient(expectedGradient, gradient, 1e-10, 1e-6, $"{loss} gradient");
        }
    }

    [Fact]
    public void No_allocations()
    {
        var c = Case.Random(3) with { };
        var wide = new double[2 * 1000];
        var wideLabels = new double[2 * 1000];
        wideLabels[5] = 1;
        var g = new double[c.Scores.Length];
        var gw = new double[wide.Length];
        var gf = new float[c.Scores.Length];
        var sf = c.ScoresF;
        var tf = c.LabelsF;
        var hard = c.HardLabels;

        void Calls()
        {
            ClassTerms.OthersBelowPositive<double>(c.Scores, c.Labels, c.Classes, 2.0, 0.1, g);
            ClassTerms.MeanBelowPositive<double>(c.Scores, c.Labels, c.Classes, 2.0, 0.1, g);
            ClassTerms.OthersBelowPositive<double>(c.Scores, hard, c.Classes, 2.0, 0.1, Span<double>.Empty);
            ClassTerms.MeanBelowPositive<float>(sf, tf, c.Classes, 2f, 0.1f, gf);
            ClassTerms.OthersBelowPositive<float>(sf, hard, c.Classes, 2f, 0.1f, gf);
            ClassTerms.OthersBelowPositive<double>(wide, wideLabels, 1000, 2.0, 0.1, gw); // pooled
        }

        Calls();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
