using System;
using System.Numerics;

namespace PairwiseLoss.Runtime.Tests.TopK;

/// <summary>Independent references for the combinatorial top-k softmax: enumeration, exact integer arithmetic, and the Newton identities of Su Jianlin, "将“Softmax+交叉熵”推广到多标签分类问题", https://kexue.fm/archives/7359.</summary>
internal static class TopKReference
{
    /// <summary>log Z_k by enumerating every k-subset (n ≤ 20), max-shifted in double; inclusion probabilities too.</summary>
    public static double BruteForce(double[] s, int k, double[] inclusion)
    {
        var n = s.Length;
        var max = double.NegativeInfinity;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (BitOperations.PopCount((uint)mask) == k)
            {
                max = Math.Max(max, SubsetSum(s, mask, 0));
            }
        }

        var z = 0.0;
        Array.Clear(inclusion);
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (BitOperations.PopCount((uint)mask) != k)
            {
                continue;
            }

            var w = Math.Exp(SubsetSum(s, mask, 0) - max);
            z += w;
            for (var i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    inclusion[i] += w;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            inclusion[i] /= z;
        }

        return max + Math.Log(z);
    }

    /// <summary>
    /// Padding variant by enumerating the K-multisets in which only class 0 repeats: j copies of class 0 and a
    /// (K − j)-subset of the real classes 1 … n. <paramref name="gradient"/>[0] is E[j], the others inclusion probabilities.
    /// </summary>
    public static double BruteForcePadded(double[] s, int bigK, double[] gradient)
    {
        var n = s.Length - 1;
        var terms = new System.Collections.Generic.List<(double LogWeight, int Zeros, int Mask)>();
        for (var j = 0; j <= bigK; j++)
        {
            for (var mask = 0; mask < 1 << n; mask++)
            {
                if (BitOperations.PopCount((uint)mask) == bigK - j)
                {
                    terms.Add(((j * s[0]) + SubsetSum(s, mask, 1), j, mask));
                }
            }
        }

        var max = double.NegativeInfinity;
        foreach (var t in terms)
        {
            max = Math.Max(max, t.LogWeight);
        }

        var z = 0.0;
        Array.Clear(gradient);
        foreach (var t in terms)
        {
            var w = Math.Exp(t.LogWeight - max);
            z += w;
            gradient[0] += t.Zeros * w;
            for (var i = 0; i < n; i++)
            {
                if ((t.Mask & (1 << i)) != 0)
                {
                    gradient[i + 1] += w;
                }
            }
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] /= z;
        }

        return max + Math.Log(z);
    }

    private static double SubsetSum(double[] s, int mask, int offset)
    {
        var sum = 0.0;
        for (var i = 0; i + offset < s.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                sum += s[i + offset];
            }
        }

        return sum;
    }

    /// <summary>
    /// Exact log e_k(e^{s_1}, …, e^{s_n}): each e^{s_i} is rounded once to a double (relative error 2⁻⁵³), then the
    /// recurrence runs in exact BigInteger arithmetic on the doubles scaled to a common binary exponent.
    /// <paramref name="skip"/> leaves one class out (for exact inclusion probabilities).
    /// </summary>
    public static double ExactLogE(double[] s, int k, int skip = -1)
    {
        var n = s.Length;
        var mantissas = new BigInteger[n];
        var exponents = new int[n];
        var minExponent = int.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var x = Math.Exp(s[i]);
            var bits = BitConverter.DoubleToInt64Bits(x);
            var exp = (int)((bits >> 52) & 0x7FF);
            var frac = bits & 0xFFFFFFFFFFFFFL;
            if (exp == 0)
            {
                exp = 1;
            }
            else
            {
                frac |= 1L << 52;
            }

            mantissas[i] = frac;
            exponents[i] = exp - 1075;
            minExponent = Math.Min(minExponent, exponents[i]);
        }

        var e = new BigInteger[k + 1];
        e[0] = BigInteger.One;
        for (var i = 0; i < n; i++)
        {
            if (i == skip)
            {
                continue;
            }

            var xi = mantissas[i] << (exponents[i] - minExponent);
            for (var j = k; j >= 1; j--)
            {
                e[j] += xi * e[j - 1];
            }
        }

        return BigInteger.Log(e[k]) + (k * minExponent * Math.Log(2.0));
    }

    /// <summary>The formula of https://kexue.fm/archives/7359, literally: k·Z_k = Σ_{p=1}^{k} (−1)^{p−1} Z_{k−p} S_p, S_p = Σ_i e^{p·s_i}, in float.</summary>
    public static float NewtonLogZFloat(float[] s, int k)
    {
        var power = new float[k + 1];
        for (var p = 1; p <= k; p++)
        {
            var sum = 0f;
            foreach (var v in s)
            {
                sum += MathF.Exp(p * v);
            }

            power[p] = sum;
        }

        var z = new float[k + 1];
        z[0] = 1f;
        for (var m = 1; m <= k; m++)
        {
            var acc = 0f;
            for (var p = 1; p <= m; p++)
            {
                var term = z[m - p] * power[p];
                acc += (p % 2 == 1) ? term : -term;
            }

            z[m] = acc / m;
        }

        return MathF.Log(z[k]);
    }

    /// <summary>The same Newton identities in double.</summary>
    public static double NewtonLogZDouble(double[] s, int k)
    {
        var power = new double[k + 1];
        for (var p = 1; p <= k; p++)
        {
            var sum = 0.0;
            foreach (var v in s)
            {
                sum += Math.Exp(p * v);
            }

            power[p] = sum;
        }

        var z = new double[k + 1];
        z[0] = 1.0;
        for (var m = 1; m <= k; m++)
        {
            var acc = 0.0;
            for (var p = 1; p <= m; p++)
            {
                var term = z[m - p] * power[p];
                acc += (p % 2 == 1) ? term : -term;
            }

            z[m] = acc / m;
        }

        return Math.Log(z[k]);
    }

    public static double[] RandomScores(Random rng, int n, double spread)
    {
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = ((rng.NextDouble() * 2) - 1) * spread;
        }

        return s;
    }

    /// <summary>k distinct indices in [lo, lo + n).</summary>
    public static int[] RandomTargets(Random rng, int lo, int n, int k)
    {
        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = lo + i;
        }

        rng.Shuffle(all);
        return all[..k];
    }
}
