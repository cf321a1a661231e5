using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Row kernels shared by the class-term losses.</summary>
internal static class RowKernels
{
    /// <summary>
    /// Replaces each <c>v_j</c> by <c>log Σ_{k≠j} e^{v_k}</c> (−inf when nothing else is present), in O(n) with one exp
    /// per element and no catastrophic cancellation. −inf entries are absent.
    /// </summary>
    /// <remarks>
    /// With M1 the largest value (at a1) and M2 the largest of the others, <c>S2 = Σ_{k≠a1} e^{v_k − M2}</c> (≥ 1) gives the
    /// exclusion of a1 exactly: <c>M2 + log S2</c>. For any other j, <c>Σ_{k≠j} e^{v_k − M1} = 1 + c·(S2 − e_j)</c> with
    /// <c>c = e^{M2 − M1} ≤ 1</c> and <c>e_j = e^{v_j − M2} ≤ S2</c>: the kept 1 (the maximum) bounds the result below by 1,
    /// so the subtraction can only lose absolute precision of order ε·c·S2, never the whole value; log1p keeps the rest.
    /// </remarks>
    public static void LogSumExpExcludingEach<T>(Span<T> v)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var first = -1;
        var max1 = T.NegativeInfinity;
        var max2 = T.NegativeInfinity;
        for (var k = 0; k < v.Length; k++)
        {
            var x = v[k];
            if (x > max1)
            {
                max2 = max1;
                max1 = x;
                first = k;
            }
            else if (x > max2)
            {
                max2 = x;
            }
        }

        if (first < 0)
        {
            // Nothing present: every exclusion is empty.
            v.Fill(T.NegativeInfinity);
            return;
        }

        if (max2 == T.NegativeInfinity)
        {
            // One present value: leaving it out leaves nothing; leaving out an absent one leaves it alone.
            v.Fill(max1);
            v[first] = T.NegativeInfinity;
            return;
        }

        var sum2 = T.Zero;
        for (var k = 0; k < v.Length; k++)
        {
            if (k == first)
            {
                continue;
            }

            var e = T.Exp(v[k] - max2);
            v[k] = e;
            sum2 += e;
        }

        var c = T.Exp(max2 - max1);
        for (var k = 0; k < v.Length; k++)
        {
            v[k] = k == first ? max2 + T.Log(sum2) : max1 + LossMath.LogOnePlus(c * (sum2 - v[k]));
        }
    }
}
