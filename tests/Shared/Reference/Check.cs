using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Sdk;

namespace PairwiseLoss.Tests.Shared.Reference;

/// <summary>Tolerance comparisons that say what differed, and central finite differences.</summary>
public static class Check
{
    /// <summary>Double against the reference.</summary>
    public const double DoubleTolerance = 1e-10;

    /// <summary>Float against the double reference (evaluated on the float-rounded inputs).</summary>
    public const double FloatTolerance = 1e-4;

    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|); NaN and infinities must match exactly.</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!IsClose(expected, actual, tolerance, 1))
        {
            throw new XunitException($"{what}: expected {expected:R}, actual {actual:R} (difference {Math.Abs(actual - expected):G3}, tolerance {tolerance:G3})");
        }
    }

    /// <summary>Gradients compared element-wise, relative to max(1, γ, |expected|) — the natural size of a gradient.</summary>
    public static void Close(double[][] expected, double[][] actual, double tolerance, double scale, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: {expected.Length} gradient spans expected, {actual.Length} actual");
        }

        for (var s = 0; s < expected.Length; s++)
        {
            for (var i = 0; i < expected[s].Length; i++)
            {
                if (!IsClose(expected[s][i], actual[s][i], tolerance, scale))
                {
                    throw new XunitException($"{what}: gradient[{s}][{i}] expected {expected[s][i]:R}, actual {actual[s][i]:R}\n  expected [{Join(expected[s])}]\n  actual   [{Join(actual[s])}]");
                }
            }
        }
    }

    public static bool IsClose(double expected, double actual, double tolerance, double scale)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected.Equals(actual);
        }

        return Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Max(1, scale), Math.Abs(expected));
    }

    public static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("G6")));

    /// <summary>
    /// Central differences of <paramref name="loss"/> with respect to every finite score of every span
    /// (step 1e-6·max(1, |x|)), compared with <paramref name="gradients"/>: |fd − g| ≤ 1e-6·max(1, |g|) + 1e-9·|L|
    /// (the second part is the rounding error of L/h). A −inf score must have gradient exactly 0.
    /// </summary>
    public static void FiniteDifferences(Func<double[][], double> loss, double[][] point, double[][] gradients, string what)
    {
        var center = loss(point);
        for (var s = 0; s < point.Length; s++)
        {
            for (var i = 0; i < point[s].Length; i++)
            {
                var x = point[s][i];
                if (double.IsNegativeInfinity(x))
                {
                    if (gradients[s][i] != 0)
                    {
                        throw new XunitException($"{what}: gradient[{s}][{i}] of a −inf score is {gradients[s][i]:R}, not 0");
                    }

                    continue;
                }

                var h = 1e-6 * Math.Max(1, Math.Abs(x));
                var copy = point.Select(p => (double[])p.Clone()).ToArray();
                copy[s][i] = x + h;
                var up = loss(copy);
                copy[s][i] = x - h;
                var down = loss(copy);
                var fd = (up - down) / (2 * h);
                var tolerance = (1e-6 * Math.Max(1, Math.Abs(gradients[s][i]))) + (1e-9 * Math.Abs(center));
                if (!(Math.Abs(fd - gradients[s][i]) <= tolerance))
                {
                    throw new XunitException($"{what}: gradient[{s}][{i}] = {gradients[s][i]:R} but the central difference is {fd:R} (tolerance {tolerance:G3}, L = {center:R})");
                }
            }
        }
    }
}
