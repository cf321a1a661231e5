using System;
using Xunit;

namespace PairwiseLoss.Tests.Shared.ClassTermLosses;

/// <summary>The two losses under test.</summary>
public enum Loss
{
    /// <summary>Eq. loss-1, <see cref="PairwiseLoss.ClassTerms.OthersBelowPositive{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, Span{T})"/>.</summary>
    Others,

    /// <summary>Eq. loss-3, <see cref="PairwiseLoss.ClassTerms.MeanBelowPositive{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, T, T, Span{T})"/>.</summary>
    Mean,
}

/// <summary>Calls the library (soft or hard overload, float or double) and the literal reference uniformly.</summary>
internal static class Run
{
    public static double Library(Loss loss, Case c, double[] scores, Span<double> gradient, bool hardOverload = false) =>
        (loss, hardOverload) switch
        {
            (Loss.Others, false) => ClassTerms.OthersBelowPositive<double>(scores, c.Labels, c.Classes, c.Gamma, c.Margin, gradient),
            (Loss.Others, true) => ClassTerms.OthersBelowPositive<double>(scores, c.HardLabels, c.Classes, c.Gamma, c.Margin, gradient),
            (Loss.Mean, false) => ClassTerms.MeanBelowPositive<double>(scores, c.Labels, c.Classes, c.Gamma, c.Margin, gradient),
            _ => ClassTerms.MeanBelowPositive<double>(scores, c.HardLabels, c.Classes, c.Gamma, c.Margin, gradient),
        };

    public static float LibraryF(Loss loss, Case c, float[] scores, Span<float> gradient, bool hardOverload = false) =>
        (loss, hardOverload) switch
        {
            (Loss.Others, false) => ClassTerms.OthersBelowPositive<float>(scores, c.LabelsF, c.Classes, (float)c.Gamma, (float)c.Margin, gradient),
            (Loss.Others, true) => ClassTerms.OthersBelowPositive<float>(scores, c.HardLabels, c.Classes, (float)c.Gamma, (float)c.Margin, gradient),
            (Loss.Mean, false) => ClassTerms.MeanBelowPositive<float>(scores, c.LabelsF, c.Classes, (float)c.Gamma, (float)c.Margin, gradient),
            _ => ClassTerms.MeanBelowPositive<float>(scores, c.HardLabels, c.Classes, (float)c.Gamma, (float)c.Margin, gradient),
        };

    public static double Reference(Loss loss, Case c, double[] scores) => loss == Loss.Others
        ? LiteralReference.OthersBelowPositive(scores, c.Labels, c.Classes, c.Gamma, c.Margin)
        : LiteralReference.MeanBelowPositive(scores, c.Labels, c.Classes, c.Gamma, c.Margin);
}

/// <summary>Tolerance checks with messages that say where.</summary>
internal static class Near
{
    /// <summary>|actual − expected| ≤ rel·max(|expected|, scale).</summary>
    public static void Equal(double expected, double actual, double rel, double scale, string what)
    {
        var tolerance = rel * Math.Max(Math.Abs(expected), scale);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance && !double.IsNaN(actual),
            $"{what}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(actual - expected):E3} > {tolerance:E3})");
    }

    public static void Gradient(double[] expected, ReadOnlySpan<double> actual, double rel, double scale, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var n = 0; n < expected.Length; n++)
        {
            Equal(expected[n], actual[n], rel, scale, $"{what}[{n}]");
        }
    }

    public static void Gradient(double[] expected, ReadOnlySpan<float> actual, double rel, double scale, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var n = 0; n < expected.Length; n++)
        {
            Equal(expected[n], actual[n], rel, scale, $"{what}[{n}]");
        }
    }
}
