using System;

namespace PairwiseLoss.Tests.Shared.Hardening;

/// <summary>What the property tests share: log(1 + Σ exp) and softplus written to not overflow, and a relative comparison.</summary>
public static class StableMath
{
    public static double Log1pSumExp(System.Collections.Generic.IReadOnlyList<double> logits)
    {
        var max = 0.0;
        foreach (var a in logits)
        {
            max = Math.Max(max, a);
        }

        var sum = Math.Exp(-max);
        foreach (var a in logits)
        {
            sum += Math.Exp(a - max);
        }

        return max + Math.Log(sum);
    }

    public static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    public static bool Close(double actual, double expected, double relative) =>
        actual == expected || Math.Abs(actual - expected) <= relative * Math.Max(1, Math.Max(Math.Abs(actual), Math.Abs(expected)));
}
