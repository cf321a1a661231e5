using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>
/// LambdaLoss (Wang et al., "The LambdaLoss Framework for Ranking Metric Optimization", CIKM 2018), matching allRank's
/// <c>lambdaLoss</c> (allegro/allRank, allrank/models/losses/lambdaLoss.py) with <c>reduction="sum"</c>, <c>reduction_log="binary"</c>
/// and without its ε clamps:
/// <code>
///   L = Σ_{g_i &lt; g_j, r_i ≤ k, r_j ≤ k} w_ij · log2(1 + e^{−σ(s_j − s_i)})
/// </code>
/// with w_ij from a <see cref="LambdaScheme"/>: for <see cref="LambdaScheme.NdcgLambdaRank"/>,
/// <c>|ΔNDCG_ij| = |G_i − G_j|·|1/D(r_i) − 1/D(r_j)|</c>, <c>G = (2^g − 1)/maxDCG@k</c>, <c>D(r) = log2(1 + r)</c>. The ranks r (1-based) come
/// from sorting the current scores in descending order, ties broken by index; the weights are constants in the backward pass
/// (as in allRank, where they carry no gradient through the sort, and TF-Ranking's NDCGLambdaWeight). k = 0 means the whole list.
/// allRank's <c>reduction_log="natural"</c> is this loss times ln 2.
/// </summary>
/// <remarks>
/// <para><b>Cost per list:</b> one sort by score and one by grade (O(n log n)), then every valid pair: O(n²) time with one exponential and
/// one logarithm per pair that counts, O(n) scratch. The pair loop is scalar (the weights depend on both ranks).</para>
/// <para>Invalid items (negative grade, −inf score) take no rank and are in no pair (allRank's padding); a list without a valid pair
/// contributes 0. NaN in gives NaN out.</para>
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static class LambdaLoss
{
    /// <summary>One list with floating grades.</summary>
    /// <param name="scores">The scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="scheme">The pair weights.</param>
    /// <param name="sigma">σ, the scale of the score difference (allRank's default 1), finite and positive.</param>
    /// <param name="topK">k: only pairs with both ranks ≤ k count and maxDCG is taken at k; 0 for the whole list.</param>
    /// <param name="mu">μ of <see cref="LambdaScheme.NdcgLoss2PlusPlus"/> (allRank's default 10); ignored by the other schemes.</param>
    /// <param name="gradient">Empty for forward only, else one element per score (weights held constant).</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, LambdaScheme scheme, T sigma, int topK, T mu, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        Check(scheme, sigma, topK, mu);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        return T.CreateTruncating(Row(scores, g.Span, scheme, double.CreateTruncating(sigma), topK, double.CreateTruncating(mu), gradient, default));
    }

    /// <summary>One list with integer grades.</summary>
    /// <inheritdoc cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, LambdaScheme, T, int, T, Span{T})"/>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, LambdaScheme scheme, T sigma, int topK, T mu, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        Check(scheme, sigma, topK, mu);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        return T.CreateTruncating(Row(scores, g.Span, scheme, double.CreateTruncating(sigma), topK, double.CreateTruncating(mu), gradient, default));
    }

    /// <summary>Batched over row-major <c>[rows × items]</c> lists (a row without a valid pair is not counted).</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row.</param>
    /// <param name="scheme">The pair weights.</param>
    /// <param name="sigma">σ, finite and positive.</param>
    /// <param name="topK">k, or 0 for the whole list.</param>
    /// <param name="mu">μ of <see cref="LambdaScheme.NdcgLoss2PlusPlus"/>.</param>
    /// <param name="reduction">How rows combine.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, LambdaScheme scheme, T sigma, int topK, T mu, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        Check(scheme, sigma, topK, mu);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new BatchRow<T>(scheme, double.CreateTruncating(sigma), topK, double.CreateTruncating(mu));
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched with integer grades.</summary>
    /// <inheritdoc cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, LambdaScheme, T, int, T, RankingReduction, ReadOnlySpan{T}, Span{T})"/>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, int items, LambdaScheme scheme, T sigma, int topK, T mu, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        Check(scheme, sigma, topK, mu);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new BatchRow<T>(scheme, double.CreateTruncating(sigma), topK, double.CreateTruncating(mu));
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>
    /// The pair weights alone: writes the row-major <c>[n × n]</c> matrix with <c>weights[i·n + j] = w_ij</c> for every counted pair
    /// (i lower, j higher) and 0 elsewhere.
    /// </summary>
    /// <param name="scores">The scores that fix the ranks; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="scheme">The pair weights.</param>
    /// <param name="topK">k, or 0 for the whole list.</param>
    /// <param name="mu">μ of <see cref="LambdaScheme.NdcgLoss2PlusPlus"/>.</param>
    /// <param name="weights">n² elements.</param>
    public static void PairWeights<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, LambdaScheme scheme, int topK, T mu, Span<T> weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(grades.Length, scores.Length, nameof(grades));
        if (weights.Length != scores.Length * scores.Length)
        {
            throw new ArgumentException($"'{nameof(weights)}' has length {weights.Length}; it must hold n² = {scores.Length * scores.Length} elements.", nameof(weights));
        }

        Check(scheme, T.One, topK, mu);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        weights.Clear();
        Row(scores, g.Span, scheme, 1, topK, double.CreateTruncating(mu), default, weights);
    }

    private static void Check<T>(LambdaScheme scheme, T sigma, int topK, T mu)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (scheme is not (LambdaScheme.RankNet or LambdaScheme.NdcgLambdaRank or LambdaScheme.NdcgLoss2 or LambdaScheme.NdcgLoss2PlusPlus or LambdaScheme.NdcgLambdaRankTopN))
        {
            throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"'{nameof(scheme)}' is not a LambdaScheme.");
        }

        Guard.Gamma(sigma, nameof(sigma));
        if (topK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"'{nameof(topK)}' must be 0 (whole list) or positive.");
        }

        if (!(mu >= T.Zero) || !T.IsFinite(mu))
        {
            throw new ArgumentOutOfRangeException(nameof(mu), mu, $"'{nameof(mu)}' must be finite and not negative.");
        }
    }

    private const double InverseLn2 = 1.4426950408889634;

    /// <summary>1/D(r) = 1/log2(1 + r).</summary>
    private static double Discount(int rank) => 1.0 / Math.Log2(1.0 + rank);

    /// <summary>
    /// <c>a − b</c>, with +∞ scores growing together (as t): two of them differ by their finite parts, 0; one against a
    /// finite score is ±∞.
    /// </summary>
    private static double Difference(double a, double b) =>
        double.IsPositiveInfinity(a) && double.IsPositiveInfinity(b) ? 0 : a - b;

    private static double Row<T>(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, LambdaScheme scheme, double sigma, int topK, double mu, Span<T> gradient, Span<T> weightsOut)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SpecialValues.AnyNaN(scores))
        {
            gradient.Fill(T.NaN);
            weightsOut.Fill(T.NaN);
            return double.NaN;
        }

        var n = scores.Length;
        using var byScore = new Scratch<(double Key, int Index)>(n <= RankingInput.StackLimit / 2 ? stackalloc (double, int)[n] : default, n);
        var doubles = (4 * n) + 2;
        using var d = new Scratch<double>(doubles <= RankingInput.StackLimit ? stackalloc double[doubles] : default, doubles);
        using var r = new Scratch<int>(n <= RankingInput.StackLimit ? stackalloc int[n] : default, n);
        var s = d.Span.Slice(0, n);
        var gain = d.Span.Slice(n, n);
        var ideal = d.Span.Slice(2 * n, n);
        var inverseDiscount = d.Span.Slice(3 * n, n + 2); // 1/D(k) = 1/log2(1 + k), k = 0 … n + 1 (index 0 unused)
        var rank = r.Span;
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            rank[i] = 0;
            s[i] = double.CreateTruncating(scores[i]);
            if (grades[i] >= 0 && scores[i] != T.NegativeInfinity)
            {
                byScore.Span[m] = (-s[i], i);
                ideal[m] = grades[i];
                m++;
            }
        }

        var order = byScore.Span.Slice(0, m);
        order.Sort();
        for (var p = 0; p < m; p++)
        {
            rank[order[p].Index] = p + 1;
        }

        for (var p = 1; p < inverseDiscount.Length; p++)
        {
            inverseDiscount[p] = Discount(p);
        }

        var idealGrades = ideal.Slice(0, m);
        idealGrades.Sort();
        var k = topK == 0 ? m : Math.Min(topK, m);

        // G = (2^g − 1)/maxDCG with numerator and denominator scaled by 2^−max g: a grade of 1024 or more overflows
        // 2^g to +∞, and ∞/∞ would be NaN; scaled, the gains stay exact ratios (2^−max g underflows to 0 harmlessly).
        var top = m == 0 ? 0 : idealGrades[m - 1];
        var one = Math.Pow(2, -top);
        double maxDcg = 0;
        for (var p = 0; p < k; p++)
        {
            maxDcg += (Math.Pow(2, idealGrades[m - 1 - p] - top) - one) * Discount(p + 1);
        }

        for (var i = 0; i < n; i++)
        {
            gain[i] = rank[i] == 0 || maxDcg <= 0 ? 0 : (Math.Pow(2, grades[i] - top) - one) / maxDcg;
        }

        var backward = !gradient.IsEmpty;
        if (backward)
        {
            gradient.Clear();
        }

        var limit = topK == 0 ? int.MaxValue : topK;
        var either = scheme == LambdaScheme.NdcgLambdaRankTopN; // TF-Ranking: a pair counts when either rank is within k
        double loss = 0;
        long exps = 0;
        for (var i = 0; i < n; i++)
        {
            var ri = rank[i];
            if (ri == 0 || (ri > limit && !either))
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                var rj = rank[j];
                if (rj == 0 || !(grades[j] > grades[i]) || (either ? (ri > limit && rj > limit) : rj > limit))
                {
                    continue;
                }

                double w;
                switch (scheme)
                {
                    case LambdaScheme.RankNet:
                        w = 1;
                        break;
                    case LambdaScheme.NdcgLambdaRank:
                        w = Math.Abs(gain[j] - gain[i]) * Math.Abs(inverseDiscount[ri] - inverseDiscount[rj]);
                        break;
                    case LambdaScheme.NdcgLambdaRankTopN:
                        w = Math.Abs(gain[j] - gain[i]) * Math.Abs((ri <= limit ? inverseDiscount[ri] : 0) - (rj <= limit ? inverseDiscount[rj] : 0));
                        break;
                    default:
                        var delta = Math.Abs(ri - rj);
                        var w2 = Math.Abs(gain[j] - gain[i]) * Math.Abs(inverseDiscount[delta] - inverseDiscount[delta + 1]);
                        w = scheme == LambdaScheme.NdcgLoss2 ? w2 : (mu * w2) + (Math.Abs(gain[j] - gain[i]) * Math.Abs(inverseDiscount[ri] - inverseDiscount[rj]));
                        break;
                }

                if (!weightsOut.IsEmpty)
                {
                    weightsOut[(i * n) + j] = T.CreateTruncating(w);
                    continue;
                }

                if (w == 0)
                {
                    continue;
                }

                // x = σ(s_i − s_j): log2(1 + e^{−σ(s_j − s_i)}) = softplus(x)/ln 2.
                var x = sigma * Difference(s[i], s[j]);
                var e = Math.Exp(-Math.Abs(x));
                loss += w * (Math.Max(x, 0) + RankingInput.LogOnePlus(e)) * InverseLn2;
                exps += 2;
                if (backward)
                {
                    var sig = x >= 0 ? 1 / (1 + e) : e / (1 + e);
                    var c = w * sigma * sig * InverseLn2;
                    gradient[i] += T.CreateTruncating(c);
                    gradient[j] -= T.CreateTruncating(c);
                }
            }
        }

        RankingOperationCounter.Add(exps);
        return loss;
    }

    private readonly struct BatchRow<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly LambdaScheme _scheme;
        private readonly double _sigma;
        private readonly int _topK;
        private readonly double _mu;

        public BatchRow(LambdaScheme scheme, double sigma, int topK, double mu)
        {
            _scheme = scheme;
            _sigma = sigma;
            _topK = topK;
            _mu = mu;
        }

        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (var i = 0; i < scores.Length; i++)
            {
                if (grades[i] >= 0 && scores[i] != T.NegativeInfinity)
                {
                    lo = Math.Min(lo, grades[i]);
                    hi = Math.Max(hi, grades[i]);
                }
            }

            counted = hi > lo || SpecialValues.AnyNaN(scores);
            return Row(scores, grades, _scheme, _sigma, _topK, _mu, gradient, default);
        }
    }
}
