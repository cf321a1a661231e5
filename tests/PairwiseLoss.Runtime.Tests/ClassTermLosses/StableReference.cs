using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.Runtime.Tests.ClassTermLosses;

/// <summary>
/// A second, pair-by-pair reference that survives huge scores: every pair's logit
/// <c>a = log t_ij + γ(left − s_ij + m)</c> is listed (O(rows·classes²), no factorisation, no exclusion trick), each class
/// term is <c>log(1 + Σ e^a)</c> shifted by its maximum, and the gradient is the chain rule applied to every listed pair:
/// <c>q = e^{a − C_j}</c> adds γq to the left side's scores and −γq to s_ij.
/// </summary>
internal static class StableReference
{
    public static (double Loss, double[] Gradient) Evaluate(Loss loss, double[] s, double[] t, int classes, double gamma, double margin)
    {
        var rows = s.Length / classes;
        var gradient = new double[s.Length];
        var total = 0.0;
        for (var j = 0; j < classes; j++)
        {
            // (logit, index of s_ij, left side as (index, coefficient) pairs)
            var pairs = new List<(double Logit, int Own, (int Index, double Coefficient)[] Left)>();
            for (var i = 0; i < rows; i++)
            {
                var own = (i * classes) + j;
                if (t[own] == 0 || double.IsNegativeInfinity(s[own]))
                {
                    continue;
                }

                var present = Enumerable.Range(i * classes, classes).Where(n => !double.IsNegativeInfinity(s[n])).ToArray();
                if (loss == Loss.Others)
                {
                    foreach (var k in present.Where(n => n != own))
                    {
                        pairs.Add((Math.Log(t[own]) + (gamma * (s[k] - s[own] + margin)), own, new[] { (k, 1.0) }));
                    }
                }
                else
                {
                    var mean = present.Sum(n => s[n]) / present.Length;
                    pairs.Add((Math.Log(t[own]) + (gamma * (mean - s[own] + margin)), own, present.Select(n => (n, 1.0 / present.Length)).ToArray()));
                }
            }

            var shift = Math.Max(0, pairs.Count == 0 ? 0 : pairs.Max(p => p.Logit));
            var c = shift + Math.Log(Math.Exp(-shift) + pairs.Sum(p => Math.Exp(p.Logit - shift)));
            total += c;
            foreach (var (logit, own, left) in pairs)
            {
                var q = Math.Exp(logit - c);
                gradient[own] -= gamma * q;
                foreach (var (index, coefficient) in left)
                {
                    gradient[index] += gamma * q * coefficient;
                }
            }
        }

        return (total, gradient);
    }
}
