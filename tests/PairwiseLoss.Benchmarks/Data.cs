using System;

namespace PairwiseLoss.Benchmarks;

/// <summary>Deterministic inputs (fixed seeds) so every run and every process measures the same numbers.</summary>
public static class Data
{
    /// <summary>Normal(0, σ) scores, like logits.</summary>
    public static float[] Normal(int count, float sigma, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return values;
    }

    /// <summary>Uniform [lo, hi) values, e.g. cosine similarities.</summary>
    public static float[] Uniform(int count, float lo, float hi, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = lo + (hi - lo) * (float)random.NextDouble();
        }

        return values;
    }

    /// <summary>Hard labels, each true with probability <paramref name="rate"/>.</summary>
    public static bool[] Labels(int count, double rate, int seed)
    {
        var random = new Random(seed);
        var labels = new bool[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.NextDouble() < rate;
        }

        return labels;
    }

    /// <summary>One target class per row.</summary>
    public static int[] Targets(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var targets = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            targets[i] = random.Next(classes);
        }

        return targets;
    }
}

/// <summary>
/// Agreement checks run before anything is timed: two implementations in one table must compute the same loss and
/// gradient, to a relative 1e-4 (gradient element-wise: |a − b| ≤ 1e-4 · (|b| + 1e-3 · max|b|)).
/// </summary>
public static class Agreement
{
    public const double Tolerance = 1e-4;

    public static void Check(string what, float expectedLoss, float actualLoss, ReadOnlySpan<float> expectedGrad, ReadOnlySpan<float> actualGrad)
    {
        if (!float.IsFinite(expectedLoss) || !float.IsFinite(actualLoss)
            || Math.Abs(expectedLoss - actualLoss) > Tolerance * Math.Max(Math.Abs((double)expectedLoss), 1e-6))
        {
            throw new InvalidOperationException($"{what}: loss {actualLoss:R} differs from {expectedLoss:R} by more than {Tolerance:g} relative");
        }

        if (expectedGrad.Length != actualGrad.Length)
        {
            throw new InvalidOperationException($"{what}: gradient lengths differ ({actualGrad.Length} vs {expectedGrad.Length})");
        }

        double scale = 0;
        for (int i = 0; i < expectedGrad.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs((double)expectedGrad[i]));
        }

        for (int i = 0; i < expectedGrad.Length; i++)
        {
            double e = expectedGrad[i], a = actualGrad[i];
            if (!double.IsFinite(a) || Math.Abs(a - e) > Tolerance * (Math.Abs(e) + 1e-3 * scale))
            {
                throw new InvalidOperationException($"{what}: gradient[{i}] = {a:R} differs from {e:R} (max |g| = {scale:g})");
            }
        }
    }
}
