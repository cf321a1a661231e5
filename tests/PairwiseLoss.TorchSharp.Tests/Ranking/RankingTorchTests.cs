using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Ranking;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Ranking;

/// <summary>
/// The ranking kernels against TorchSharp autograd of the same formulas, written over explicit pair index tensors (every pair
/// g_lo &lt; g_hi of valid items) with torch.nn.functional.softplus / relu / sigmoid / log_softmax and torch.logsumexp; float32 and
/// float64. Lambda weights and Circle Loss's α are constants (computed outside the graph / detached), as in the kernels.
/// </summary>
public sealed class RankingTorchTests
{
    public static IEnumerable<object[]> Cases() =>
        RankingCases.Random(25, 2024).Select(c => new object[] { c });

    private static (long[] Lo, long[] Hi) PairIndices(RankingCases.Case c)
    {
        var pairs = RankingReference.Pairs(c.Scores, c.Grades).ToArray();
        return (pairs.Select(p => (long)p.Lo).ToArray(), pairs.Select(p => (long)p.Hi).ToArray());
    }

    /// <summary>Scores with −inf replaced by 0 (those items are in no pair, so autograd gives them 0).</summary>
    private static Tensor Scores(RankingCases.Case c, ScalarType type) =>
        tensor(c.Scores.Select(v => double.IsNegativeInfinity(v) ? 0.0 : v).ToArray(), dtype: type).requires_grad_();

    private static (double Loss, double[] Grad) Run(RankingCases.Case c, ScalarType type, Func<Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        var s = Scores(c, type);
        var value = loss(s);
        var grad = new double[c.Scores.Length];
        if (value.requires_grad)
        {
            value.backward();
            grad = s.grad is null ? grad : s.grad.to_type(ScalarType.Float64).data<double>().ToArray();
        }

        return (value.to_type(ScalarType.Float64).item<double>(), grad);
    }

    private static Tensor Pick(Tensor s, long[] index) => s.index_select(0, tensor(index, dtype: ScalarType.Int64));

    private static void Compare(string what, RankingCases.Case c, (double Loss, double[] Grad) torch, double loss, double[] grad, double tolerance)
    {
        Assert.True(Math.Abs(torch.Loss - loss) <= tolerance * Math.Max(1, Math.Abs(torch.Loss)), $"{what} {c}: torch {torch.Loss:R}, ours {loss:R}");
        for (var i = 0; i < grad.Length; i++)
        {
            Assert.True(Math.Abs(torch.Grad[i] - grad[i]) <= tolerance * Math.Max(1, Math.Abs(torch.Grad[i])), $"{what} {c}: ∂/∂s[{i}] torch {torch.Grad[i]:R}, ours {grad[i]:R}");
        }
    }

    private static void Both(string what, RankingCases.Case c, Func<Tensor, Tensor> torchLoss, Func<double[], double[], double> ours, Func<float[], float[], float> oursFloat)
    {
        var grad = new double[c.Scores.Length];
        var loss = ours(c.Scores, grad);
        Compare(what + " f64", c, Run(c, ScalarType.Float64, torchLoss), loss, grad, 1e-10);

        var gradF = new float[c.Scores.Length];
        var lossF = oursFloat(c.Scores.Select(v => (float)v).ToArray(), gradF);
        Compare(what + " f32", c, Run(c, ScalarType.Float32, torchLoss), lossF, gradF.Select(v => (double)v).ToArray(), 1e-4);
    }

    private static float[] F(double[] v) => v.Select(x => (float)x).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradedLogTerm(RankingCases.Case c)
    {
        var (lo, hi) = PairIndices(c);
        foreach (var weight in new[] { GradedWeight.One, GradedWeight.HigherGain })
        {
            const double gamma = 1.7, margin = 0.2;
            var logW = hi.Select(j => weight == GradedWeight.HigherGain ? Math.Log(RankingReference.Gain(c.Grades[j])) : 0).ToArray();
            Both($"GradedLogTerm({weight})", c,
                s =>
                {
                    var z = (gamma * (Pick(s, lo) - Pick(s, hi) + margin)) + tensor(logW, dtype: s.dtype);
                    return torch.cat(new[] { zeros(1, dtype: s.dtype), z }).logsumexp(0);
                },
                (s, d) => PairwiseLoss.Ranking.GradedLogTerm.Loss<double>(s, c.Grades, gamma, margin, weight, d),
                (s, d) => PairwiseLoss.Ranking.GradedLogTerm.Loss<float>(s, F(c.Grades), (float)gamma, (float)margin, weight, d));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradedPairLoss(RankingCases.Case c)
    {
        var (lo, hi) = PairIndices(c);
        foreach (var f in new[] { PairFunction.Logistic, PairFunction.Hinge, PairFunction.SquaredHinge, PairFunction.Sigmoid })
        {
            foreach (var w in new[] { PairWeight.One, PairWeight.LabelDifference, PairWeight.SquaredLabelDifference, PairWeight.GainDifference })
            {
                const double gamma = 1.3, margin = 0.4;
                var weights = lo.Zip(hi, (i, j) => RankingReference.PairWeightOf(w, c.Grades[i], c.Grades[j])).ToArray();
                Both($"GradedPairLoss({f}, {w})", c,
                    s =>
                    {
                        var x = gamma * (Pick(s, lo) - Pick(s, hi) + margin);
                        var l = f switch
                        {
                            PairFunction.Logistic => nn.functional.softplus(x),
                            PairFunction.Hinge => nn.functional.relu(x),
                            PairFunction.SquaredHinge => nn.functional.relu(x).square(),
                            _ => nn.functional.sigmoid(x),
                        };
                        return (tensor(weights, dtype: s.dtype) * l).sum();
                    },
                    (s, d) => PairwiseLoss.Ranking.GradedPairLoss.Loss<double>(s, c.Grades, f, w, gamma, margin, d),
                    (s, d) => PairwiseLoss.Ranking.GradedPairLoss.Loss<float>(s, F(c.Grades), f, w, (float)gamma, (float)margin, d));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ListNet(RankingCases.Case c)
    {
        var present = Enumerable.Range(0, c.Scores.Length).Where(i => RankingReference.Valid(c.Scores, c.Grades, i)).Select(i => (long)i).ToArray();
        foreach (var kind in new[] { ListNetTargets.Normalised, ListNetTargets.Softmax })
        {
            var y = RankingReference.ListNetTargets(c.Scores, c.Grades, kind);
            var yPresent = present.Select(i => y[i]).ToArray();
            Both($"ListNet({kind})", c,
                s => present.Length == 0 || yPresent.Sum() == 0
                    ? (s * 0).sum()
                    : -(tensor(yPresent, dtype: s.dtype) * nn.functional.log_softmax(Pick(s, present), 0)).sum(),
                (s, d) => SoftmaxTargets.ListNet<double>(s, c.Grades, kind, d),
                (s, d) => SoftmaxTargets.ListNet<float>(s, F(c.Grades), kind, d));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LambdaLoss(RankingCases.Case c)
    {
        var (lo, hi) = PairIndices(c);
        var ranks = RankingReference.Ranks(c.Scores, c.Grades);
        foreach (var scheme in new[] { LambdaScheme.RankNet, LambdaScheme.NdcgLambdaRank, LambdaScheme.NdcgLoss2, LambdaScheme.NdcgLoss2PlusPlus, LambdaScheme.NdcgLambdaRankTopN })
        {
            foreach (var k in new[] { 0, 4 })
            {
                const double sigma = 1.2, mu = 10;
                var keep = Enumerable.Range(0, lo.Length).Where(p => RankingReference.InTopK(scheme, k, ranks[lo[p]], ranks[hi[p]])).ToArray();
                var lo2 = keep.Select(p => lo[p]).ToArray();
                var hi2 = keep.Select(p => hi[p]).ToArray();
                var weights = keep.Select(p => RankingReference.LambdaWeight(c.Scores, c.Grades, scheme, k, mu, (int)lo[p], (int)hi[p])).ToArray();
                Both($"LambdaLoss({scheme}, k={k})", c,
                    s => (tensor(weights, dtype: s.dtype) * nn.functional.softplus(sigma * (Pick(s, lo2) - Pick(s, hi2)))).sum() / Math.Log(2),
                    (s, d) => PairwiseLoss.Ranking.LambdaLoss.Loss<double>(s, c.Grades, scheme, sigma, k, mu, d),
                    (s, d) => PairwiseLoss.Ranking.LambdaLoss.Loss<float>(s, F(c.Grades), scheme, (float)sigma, k, (float)mu, d));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradedCircleLoss(RankingCases.Case c)
    {
        var (lo, hi) = PairIndices(c);
        var similarities = c with { Scores = c.Scores.Select(v => double.IsNegativeInfinity(v) ? v : (v / 3) + 0.5).ToArray() };
        foreach (var (gamma, m, clip) in new[] { (8.0, 0.25, false), (4.0, 0.1, true) })
        {
            Both($"GradedCircleLoss(γ={gamma}, m={m}, clip={clip})", similarities,
                s =>
                {
                    var x = clip ? s.clamp(0, 1) : s;
                    var sn = Pick(x, lo);
                    var sp = Pick(x, hi);
                    var alphaN = nn.functional.relu(sn.detach() + m);
                    var alphaP = nn.functional.relu(1 + m - sp.detach());
                    var z = gamma * ((alphaN * (sn - m)) - (alphaP * (sp - (1 - m))));
                    return torch.cat(new[] { zeros(1, dtype: s.dtype), z }).logsumexp(0);
                },
                (s, d) => PairwiseLoss.Ranking.GradedCircleLoss.Loss<double>(s, c.Grades, gamma, m, clip, d),
                (s, d) => PairwiseLoss.Ranking.GradedCircleLoss.Loss<float>(s, F(c.Grades), (float)gamma, (float)m, clip, d));
        }
    }
}
