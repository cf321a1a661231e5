using System;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Ranking;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>The kernels under test behind one shape: (scores, grades) → (loss, gradient), in double or float.</summary>
public sealed record RankingKernel(
    string Name,
    Func<double[], double[], double[], double> Double,
    Func<float[], float[], float[], float> Float,
    Func<double[], double[], double> Reference,
    Func<double[], double[], Func<double[], double>>? FixedWeightsReference = null)
{
    public override string ToString() => Name;

    public static RankingKernel[] All()
    {
        var list = new System.Collections.Generic.List<RankingKernel>();
        foreach (var weight in new[] { GradedWeight.One, GradedWeight.HigherGain })
        {
            foreach (var (gamma, margin) in new[] { (1.0, 0.0), (2.5, 0.3), (0.5, -1.0) })
            {
                list.Add(new RankingKernel(
                    $"GradedLogTerm({weight}, γ={gamma}, m={margin})",
                    (s, g, d) => GradedLogTerm.Loss<double>(s, g, gamma, margin, weight, d),
                    (s, g, d) => GradedLogTerm.Loss<float>(s, g, (float)gamma, (float)margin, weight, d),
                    (s, g) => RankingReference.GradedLogTerm(s, g, gamma, margin, weight)));
            }
        }

        foreach (var f in new[] { PairFunction.Logistic, PairFunction.Hinge, PairFunction.SquaredHinge, PairFunction.Sigmoid })
        {
            foreach (var w in new[] { PairWeight.One, PairWeight.LabelDifference, PairWeight.SquaredLabelDifference, PairWeight.GainDifference })
            {
                var (gamma, margin) = f == PairFunction.Hinge ? (1.0, 1.0) : (1.5, 0.2);
                list.Add(new RankingKernel(
                    $"GradedPairLoss({f}, {w})",
                    (s, g, d) => GradedPairLoss.Loss<double>(s, g, f, w, gamma, margin, d),
                    (s, g, d) => GradedPairLoss.Loss<float>(s, g, f, w, (float)gamma, (float)margin, d),
                    (s, g) => RankingReference.GradedPair(s, g, f, w, gamma, margin)));
            }
        }

        list.Add(new RankingKernel(
            "SoftmaxTargets(y = grades)",
            (s, g, d) => SoftmaxTargets.Loss<double>(s, Clip(g), d),
            (s, g, d) => SoftmaxTargets.Loss<float>(s, Clip(g), d),
            (s, g) => RankingReference.SoftmaxCrossEntropy(s, Clip(g))));
        foreach (var kind in new[] { ListNetTargets.Normalised, ListNetTargets.Softmax })
        {
            list.Add(new RankingKernel(
                $"ListNet({kind})",
                (s, g, d) => SoftmaxTargets.ListNet<double>(s, g, kind, d),
                (s, g, d) => SoftmaxTargets.ListNet<float>(s, g, kind, d),
                (s, g) => RankingReference.SoftmaxCrossEntropy(s, RankingReference.ListNetTargets(s, g, kind), g)));
        }

        foreach (var scheme in new[] { LambdaScheme.RankNet, LambdaScheme.NdcgLambdaRank, LambdaScheme.NdcgLoss2, LambdaScheme.NdcgLoss2PlusPlus, LambdaScheme.NdcgLambdaRankTopN })
        {
            foreach (var k in new[] { 0, 3 })
            {
                list.Add(new RankingKernel(
                    $"LambdaLoss({scheme}, k={k})",
                    (s, g, d) => LambdaLoss.Loss<double>(s, g, scheme, 1.5, k, 10, d),
                    (s, g, d) => LambdaLoss.Loss<float>(s, g, scheme, 1.5f, k, 10f, d),
                    (s, g) => RankingReference.LambdaLoss(s, g, scheme, 1.5, k, 10),
                    (s0, g) => s => RankingReference.LambdaLoss(s, g, scheme, 1.5, k, 10, s0)));
            }
        }

        foreach (var (gamma, margin, clip) in new[] { (4.0, 0.1, false), (2.0, 0.25, false), (3.0, 0.25, true) })
        {
            list.Add(new RankingKernel(
                $"GradedCircleLoss(γ={gamma}, m={margin}, clip={clip})",
                (s, g, d) => GradedCircleLoss.Loss<double>(s, g, gamma, margin, clip, d),
                (s, g, d) => GradedCircleLoss.Loss<float>(s, g, (float)gamma, (float)margin, clip, d),
                (s, g) => RankingReference.GradedCircle(s, g, gamma, margin, clip),
                (s0, g) => s => RankingReference.GradedCircle(s, g, gamma, margin, clip, s0)));
        }

        foreach (var (gamma, margin) in new[] { (1.0, 0.0), (2.0, 0.5) })
        {
            list.Add(new RankingKernel(
                $"ListMle(grades, γ={gamma}, m={margin})",
                (s, g, d) => ListMle.Loss<double>(s, g, gamma, margin, d),
                (s, g, d) => ListMle.Loss<float>(s, g, (float)gamma, (float)margin, d),
                (s, g) => RankingReference.ListMle(s, g, gamma, margin)));
        }

        return list.ToArray();
    }

    /// <summary>
    /// The list-order overloads: a list order stands for one grade per position, so the grades of a case are not read, only
    /// its scores (−inf absent). Kept apart from <see cref="All"/>, whose edge cases are about grades.
    /// </summary>
    public static RankingKernel[] Orders()
    {
        var list = new System.Collections.Generic.List<RankingKernel>();
        foreach (var order in new[] { ListOrder.EarlierAbove, ListOrder.LaterAbove })
        {
            list.Add(new RankingKernel(
                $"ListMle({order})",
                (s, g, d) => ListMle.Loss<double>(s, order, 1.0, 0.0, d),
                (s, g, d) => ListMle.Loss<float>(s, order, 1f, 0f, d),
                (s, g) => RankingReference.ListMle(s, RankingReference.Positions(s.Length, order), 1, 0)));
            list.Add(new RankingKernel(
                $"GradedLogTerm({order})",
                (s, g, d) => GradedLogTerm.Loss<double>(s, order, 1.5, 0.2, d),
                (s, g, d) => GradedLogTerm.Loss<float>(s, order, 1.5f, 0.2f, d),
                (s, g) => RankingReference.GradedLogTerm(s, RankingReference.Positions(s.Length, order), 1.5, 0.2, GradedWeight.One)));
            list.Add(new RankingKernel(
                $"GradedPairLoss({order}, Logistic)",
                (s, g, d) => GradedPairLoss.Loss<double>(s, order, PairFunction.Logistic, 1.5, 0.2, d),
                (s, g, d) => GradedPairLoss.Loss<float>(s, order, PairFunction.Logistic, 1.5f, 0.2f, d),
                (s, g) => RankingReference.GradedPair(s, RankingReference.Positions(s.Length, order), PairFunction.Logistic, PairWeight.One, 1.5, 0.2)));
        }

        return list.ToArray();
    }

    /// <summary>Targets for the plain softmax: invalid grades become 0.</summary>
    private static double[] Clip(double[] g) => Array.ConvertAll(g, v => Math.Max(v, 0));

    private static float[] Clip(float[] g) => Array.ConvertAll(g, v => Math.Max(v, 0f));
}
