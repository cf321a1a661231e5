using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Ranking;

namespace PairwiseLoss.Tests.Shared.Ranking;

/// <summary>
/// Brute-force double references for the ranking losses: they enumerate every pair (i, j) with g_i &lt; g_j of valid items
/// (grade ≥ 0, score not −inf) straight from the formulas, with no factorisation, sorting trick or vectorisation.
/// </summary>
public static class RankingReference
{
    public static bool Valid(double[] s, double[] g, int i) => g[i] >= 0 && !double.IsNegativeInfinity(s[i]);

    public static IEnumerable<(int Lo, int Hi)> Pairs(double[] s, double[] g)
    {
        for (var i = 0; i < s.Length; i++)
        {
            for (var j = 0; j < s.Length; j++)
            {
                if (Valid(s, g, i) && Valid(s, g, j) && g[i] < g[j])
                {
                    yield return (i, j);
                }
            }
        }
    }

    public static double Gain(double g) => Math.Pow(2, g) - 1;

    /// <summary>log(1 + Σ e^{v}) by a max shift.</summary>
    public static double LogOnePlusSumExp(IEnumerable<double> logits)
    {
        var v = logits.ToArray();
        if (v.Length == 0)
        {
            return 0;
        }

        var max = Math.Max(0, v.Max());
        return max + Math.Log(Math.Exp(-max) + v.Sum(z => Math.Exp(z - max)));
    }

    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>L = log(1 + Σ_{g_i &lt; g_j} w·e^{γ(s_i − s_j + m)}).</summary>
    public static double GradedLogTerm(double[] s, double[] g, double gamma, double m, GradedWeight weight) =>
        LogOnePlusSumExp(Pairs(s, g).Select(p => (gamma * (s[p.Lo] - s[p.Hi] + m)) + (weight == GradedWeight.HigherGain ? Math.Log(Gain(g[p.Hi])) : 0)));

    public static double PairWeightOf(PairWeight weight, double gLo, double gHi) => weight switch
    {
        PairWeight.One => 1,
        PairWeight.LabelDifference => gHi - gLo,
        PairWeight.SquaredLabelDifference => (gHi - gLo) * (gHi - gLo),
        _ => Gain(gHi) - Gain(gLo),
    };

    public static double PairFunctionOf(PairFunction f, double x) => f switch
    {
        PairFunction.Logistic => Softplus(x),
        PairFunction.Hinge => Math.Max(0, x),
        PairFunction.SquaredHinge => Math.Max(0, x) * Math.Max(0, x),
        _ => Sigmoid(x),
    };

    /// <summary>Σ_{g_i &lt; g_j} w·ℓ(γ(s_i − s_j + m)).</summary>
    public static double GradedPair(double[] s, double[] g, PairFunction f, PairWeight w, double gamma, double m) =>
        Pairs(s, g).Sum(p => PairWeightOf(w, g[p.Lo], g[p.Hi]) * PairFunctionOf(f, gamma * (s[p.Lo] - s[p.Hi] + m)));

    /// <summary>Σ_i log(1 + Σ_{g_j &lt; g_i} e^{γ(s_j − s_i + m)}): one log-term per item over the items graded below it (ListMLE over an order).</summary>
    public static double ListMle(double[] s, double[] g, double gamma, double m) =>
        Enumerable.Range(0, s.Length)
            .Where(i => Valid(s, g, i))
            .Sum(i => LogOnePlusSumExp(Enumerable.Range(0, s.Length).Where(j => Valid(s, g, j) && g[j] < g[i]).Select(j => gamma * (s[j] - s[i] + m))));

    /// <summary>The grades a list order stands for: EarlierAbove gives item k the grade n − 1 − k, LaterAbove the grade k.</summary>
    public static double[] Positions(int n, ListOrder order) =>
        Enumerable.Range(0, n).Select(k => order == ListOrder.EarlierAbove ? (double)(n - 1 - k) : k).ToArray();

    /// <summary>−Σ_t y_t log softmax(s)_t over present items (score not −inf, and grade ≥ 0 if grades are given).</summary>
    public static double SoftmaxCrossEntropy(double[] s, double[] y, double[]? grades = null)
    {
        var present = Enumerable.Range(0, s.Length).Where(i => !double.IsNegativeInfinity(s[i]) && (grades == null || grades[i] >= 0)).ToArray();
        if (present.Length == 0 || present.Sum(i => y[i]) == 0)
        {
            return 0;
        }

        var max = present.Max(i => s[i]);
        var lse = max + Math.Log(present.Sum(i => Math.Exp(s[i] - max)));
        return present.Sum(i => y[i] == 0 ? 0 : -y[i] * (s[i] - lse));
    }

    /// <summary>ListNet targets from grades (invalid items get 0).</summary>
    public static double[] ListNetTargets(double[] s, double[] g, ListNetTargets kind)
    {
        var valid = Enumerable.Range(0, s.Length).Where(i => Valid(s, g, i)).ToArray();
        var y = new double[s.Length];
        if (valid.Length == 0)
        {
            return y;
        }

        foreach (var i in valid)
        {
            y[i] = kind == PairwiseLoss.Ranking.ListNetTargets.Softmax ? Math.Exp(g[i]) : g[i];
        }

        var total = y.Sum();
        return total == 0 ? y : y.Select(v => v / total).ToArray();
    }

    /// <summary>Ranks (1-based) by descending score among valid items, ties by index; 0 for invalid items.</summary>
    public static int[] Ranks(double[] s, double[] g)
    {
        var ranks = new int[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            if (!Valid(s, g, i))
            {
                continue;
            }

            ranks[i] = 1 + Enumerable.Range(0, s.Length).Count(k => Valid(s, g, k) && (s[k] > s[i] || (s[k] == s[i] && k < i)));
        }

        return ranks;
    }

    private static double D(int r) => Math.Log2(1 + r);

    /// <summary>w_ij of a lambda scheme from fixed ranks (from <paramref name="rankScores"/>).</summary>
    public static double LambdaWeight(double[] rankScores, double[] g, LambdaScheme scheme, int k, double mu, int lo, int hi) =>
        LambdaWeight(Ranks(rankScores, g), MaxDcg(rankScores, g, k), g, scheme, mu, lo, hi, k);

    /// <summary>maxDCG@k over the valid items (k = 0: all).</summary>
    public static double MaxDcg(double[] rankScores, double[] g, int k)
    {
        var valid = Enumerable.Range(0, g.Length).Where(i => Valid(rankScores, g, i)).ToArray();
        var ideal = valid.Select(i => g[i]).OrderByDescending(v => v).Take(k == 0 ? valid.Length : k).ToArray();
        return ideal.Select((v, p) => Gain(v) / D(p + 1)).Sum();
    }

    /// <summary>Does the pair count under top-k: both ranks ≤ k (allRank), or either (TF-Ranking's topn)?</summary>
    public static bool InTopK(LambdaScheme scheme, int k, int rankLo, int rankHi) =>
        k == 0 || (scheme == LambdaScheme.NdcgLambdaRankTopN ? rankLo <= k || rankHi <= k : rankLo <= k && rankHi <= k);

    private static double LambdaWeight(int[] ranks, double maxDcg, double[] g, LambdaScheme scheme, double mu, int lo, int hi, int k = 0)
    {
        double Dk(int r) => k == 0 || r <= k ? 1 / D(r) : 0;
        double G(int i) => Gain(g[i]) / maxDcg;
        var lambdaRank = Math.Abs(G(hi) - G(lo)) * Math.Abs((1 / D(ranks[lo])) - (1 / D(ranks[hi])));
        var delta = Math.Abs(ranks[lo] - ranks[hi]);
        var loss2 = Math.Abs(G(hi) - G(lo)) * Math.Abs((1 / D(delta)) - (1 / D(delta + 1)));
        return scheme switch
        {
            LambdaScheme.RankNet => 1,
            LambdaScheme.NdcgLambdaRank => lambdaRank,
            LambdaScheme.NdcgLoss2 => loss2,
            LambdaScheme.NdcgLambdaRankTopN => Math.Abs(G(hi) - G(lo)) * Math.Abs(Dk(ranks[lo]) - Dk(ranks[hi])),
            _ => (mu * loss2) + lambdaRank,
        };
    }

    /// <summary>Σ w_ij·log2(1 + e^{−σ(s_hi − s_lo)}), ranks (and so weights) fixed by <paramref name="rankScores"/>.</summary>
    public static double LambdaLoss(double[] s, double[] g, LambdaScheme scheme, double sigma, int k, double mu, double[]? rankScores = null)
    {
        rankScores ??= s;
        var ranks = Ranks(rankScores, g);
        var maxDcg = MaxDcg(rankScores, g, k);
        var limit = k == 0 ? int.MaxValue : k;
        return Pairs(rankScores, g)
            .Where(p => InTopK(scheme, k, ranks[p.Lo], ranks[p.Hi]))
            .Sum(p => LambdaWeight(ranks, maxDcg, g, scheme, mu, p.Lo, p.Hi, k) * Softplus(sigma * (s[p.Lo] - s[p.Hi])) / Math.Log(2));
    }

    /// <summary>TF-Ranking's graded Circle Loss, α from <paramref name="alphaScores"/> (held constant).</summary>
    public static double GradedCircle(double[] s, double[] g, double gamma, double m, bool clip, double[]? alphaScores = null)
    {
        alphaScores ??= s;
        double C(double v) => clip ? Math.Clamp(v, 0, 1) : v;
        return LogOnePlusSumExp(Pairs(s, g).Select(p =>
        {
            var sn = C(s[p.Lo]);
            var sp = C(s[p.Hi]);
            var an = Math.Max(C(alphaScores[p.Lo]) + m, 0);
            var ap = Math.Max(1 + m - C(alphaScores[p.Hi]), 0);
            return gamma * ((an * (sn - m)) - (ap * (sp - (1 - m))));
        }));
    }

    /// <summary>Central finite differences of f at x, step h.</summary>
    public static double[] FiniteDifferences(Func<double[], double> f, double[] x, double h = 1e-6)
    {
        var grad = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsNegativeInfinity(x[i]))
            {
                continue;
            }

            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            grad[i] = (f(plus) - f(minus)) / (2 * h);
        }

        return grad;
    }
}
