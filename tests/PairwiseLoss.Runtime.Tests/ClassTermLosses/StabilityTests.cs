using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.Runtime.Tests.ClassTermLosses;

/// <summary>Huge scores (±1e4 in double, ±80 in float) where the literal formula overflows; and the exclusion of a row's maximum.</summary>
public sealed class StabilityTests
{
    public static IEnumerable<object[]> Random() =>
        from seed in Enumerable.Range(2000, 40)
        from loss in new[] { Loss.Others, Loss.Mean }
        select new object[] { loss, seed };

    private static Case Scaled(int seed, double limit) =>
        Case.Random(seed) is var c ? c with { Scores = c.Scores.Select(x => x * limit / 3).ToArray() } : null!;

    [Fact]
    public void The_stable_reference_agrees_with_the_literal_one_on_moderate_inputs()
    {
        foreach (var seed in Enumerable.Range(0, 40))
        {
            foreach (var loss in new[] { Loss.Others, Loss.Mean })
            {
                var c = Case.Random(seed);
                var (value, gradient) = StableReference.Evaluate(loss, c.Scores, c.Labels, c.Classes, c.Gamma, c.Margin);
                Near.Equal(Run.Reference(loss, c, c.Scores), value, 1e-12, 1e-12, $"{c} {loss}");
                var library = new double[gradient.Length];
                Run.Library(loss, c, c.Scores, library);
                Near.Gradient(gradient, library, 1e-11, c.Gamma * 1e-3, $"{c} {loss} gradient");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Double_scores_of_1e4_stay_finite_and_right(Loss loss, int seed)
    {
        var c = Scaled(seed, 1e4);
        var (expected, expectedGradient) = StableReference.Evaluate(loss, c.Scores, c.Labels, c.Classes, c.Gamma, c.Margin);
        var gradient = new double[c.Scores.Length];
        var value = Run.Library(loss, c, c.Scores, gradient);

        Assert.True(double.IsFinite(value), $"{c}: loss {value}");
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        Near.Equal(expected, value, 1e-12, 1e-12, $"{c} loss");
        Near.Gradient(expectedGradient, gradient, 1e-9, c.Gamma * 1e-6, $"{c} ∂L/∂s");
    }

    [Theory]
    [MemberData(nameof(Random))]
    public void Float_scores_of_80_stay_finite_and_right(Loss loss, int seed)
    {
        var c = Scaled(seed, 80);
        var scores = c.ScoresF;
        var rounded = c with { Scores = scores.Select(x => (double)x).ToArray(), Labels = c.LabelsF.Select(x => (double)x).ToArray() };
        var (expected, expectedGradient) = StableReference.Evaluate(loss, rounded.Scores, rounded.Labels, c.Classes, (float)c.Gamma, (float)c.Margin);
        var gradient = new float[scores.Length];
        var value = Run.LibraryF(loss, c, scores, gradient);

        Assert.True(float.IsFinite(value), $"{c}: loss {value}");
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        // float: the exponents reach γ·160 = 640, so their rounding (ε·640 ≈ 4e-5) bounds the gradient's relative accuracy.
        Near.Equal(expected, value, 1e-6, 1e-3, $"{c} float loss");
        Near.Gradient(expectedGradient, gradient, 1e-4, c.Gamma * 1e-3, $"{c} float ∂L/∂s");
    }

    [Fact]
    public void The_literal_formula_overflows_where_the_library_gives_the_closed_form()
    {
        // One row (1e4, −1e4), class 1 labelled, γ = 1, m = 0.
        double[] s = [1e4, -1e4];
        double[] t = [0, 1];
        Assert.Equal(double.PositiveInfinity, LiteralReference.OthersBelowPositive(s, t, 2, 1, 0));
        Assert.Equal(double.PositiveInfinity, LiteralReference.MeanBelowPositive(s, t, 2, 1, 0));

        // loss-1: log(1 + e^{2e4}) = 2e4, gradient (γp, −γp) with p = 1.
        var g = new double[2];
        Assert.Equal(2e4, ClassTerms.OthersBelowPositive<double>(s, t, 2, 1.0, 0.0, g), 1e-9);
        Assert.Equal(new[] { 1.0, -1.0 }, g);

        // loss-3: s̄ = 0, log(1 + e^{1e4}) = 1e4, gradient γ(p/2 − p·[k = 1]) = (0.5, −0.5).
        Assert.Equal(1e4, ClassTerms.MeanBelowPositive<double>(s, t, 2, 1.0, 0.0, g), 1e-9);
        Assert.Equal(new[] { 0.5, -0.5 }, g);

        // float: (80, −80), γ = 4 → e^{640} overflows float; the answer is 640 (loss-1) and 320 (loss-3).
        float[] sf = [80, -80];
        float[] tf = [0, 1];
        var gf = new float[2];
        Assert.Equal(640f, ClassTerms.OthersBelowPositive<float>(sf, tf, 2, 4f, 0f, gf));
        Assert.Equal(new[] { 4f, -4f }, gf);
        Assert.Equal(320f, ClassTerms.MeanBelowPositive<float>(sf, tf, 2, 4f, 0f, gf));
        Assert.Equal(new[] { 2f, -2f }, gf);
    }

    [Fact]
    public void Leaving_out_the_row_maximum_keeps_tiny_terms()
    {
        // Row (x, x − 40, x − 50) with the maximum labelled: Σ_{k≠j} e^{s_k − s_j} = e^{−40} + e^{−50}. "Row sum minus
        // own term" would cancel to 0 (or noise) here; the exclusion relative to the second largest keeps every digit.
        var tiny = Math.Exp(-40) + Math.Exp(-50);
        foreach (var x in new[] { 0.0, 1e4, -1e4 })
        {
            double[] s = [x, x - 40, x - 50];
            double[] t = [1, 0, 0];
            var g = new double[3];
            var value = ClassTerms.OthersBelowPositive<double>(s, t, 3, 1.0, 0.0, g);
            Near.Equal(tiny - (tiny * tiny / 2), value, 1e-12, 0, $"x = {x}"); // log1p(tiny)
            Near.Equal(-tiny / (1 + tiny), g[0], 1e-12, 0, "∂/∂s_0");
            Near.Equal(Math.Exp(-40) / (1 + tiny), g[1], 1e-12, 0, "∂/∂s_1");
            Near.Equal(Math.Exp(-50) / (1 + tiny), g[2], 1e-12, 0, "∂/∂s_2");
        }

        // float: (80, 60, 50), γ = 1: log(1 + e^{−20} + e^{−30}) ≈ 2.06e-9.
        float[] sf = [80, 60, 50];
        float[] tf = [1, 0, 0];
        var gf = new float[3];
        var expected = Math.Exp(-20) + Math.Exp(-30);
        Near.Equal(expected, ClassTerms.OthersBelowPositive<float>(sf, tf, 3, 1f, 0f, gf), 1e-5, 0, "float");
        Near.Equal(Math.Exp(-20), gf[1], 1e-5, 0, "float ∂/∂s_1");
        Near.Equal(Math.Exp(-30), gf[2], 1e-5, 0, "float ∂/∂s_2");
    }

    [Fact]
    public void Ties_at_the_maximum_are_exact()
    {
        // Two equal maxima: leaving either out leaves the other, e^0 = 1.
        double[] s = [5, 5, -30];
        double[] t = [1, 1, 0];
        var value = ClassTerms.OthersBelowPositive<double>(s, t, 3, 1.0, 0.0, Span<double>.Empty);
        Near.Equal(2 * Math.Log(1 + 1 + Math.Exp(-35)), value, 1e-15, 0, "ties");
    }
}
