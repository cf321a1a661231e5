using System;
using System.Linq;
using Xunit;

namespace PairwiseLoss.Tests.Shared.TopK;

/// <summary>Random embeddings, similarities and labels for the Circle Loss tests, and their comparisons.</summary>
internal static class CircleCases
{
    public static double[] Uniform(Random rng, int n, double lo, double hi) =>
        Enumerable.Range(0, n).Select(_ => lo + ((hi - lo) * rng.NextDouble())).ToArray();

    public static double[] Gaussian(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    public static int[] Labels(Random rng, int b, int classes) => Enumerable.Range(0, b).Select(_ => rng.Next(classes)).ToArray();

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }

    public static void AllClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1e-30, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1.0, scale), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (max |g| {scale:E3})");
        }
    }
}
