using System;
using System.Globalization;
using System.Linq;
using static PairwiseLoss.Tests.Shared.Hardening.StableMath;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>The catalogue's losses, as one value to generate and shrink.</summary>
public enum CatalogueLoss
{
    Softmax,
    MultiLabel,
    Unified,
    BinaryCrossEntropy,
    Threshold,
}

/// <summary>One input to one catalogue loss. Labels are 0/1 when <see cref="Soft"/> is false.</summary>
public sealed record LossInput(CatalogueLoss Loss, bool Soft, double[] Scores, double[] Labels, int Target, double Gamma, double Margin)
{
    public int Classes => Scores.Length;

    public override string ToString() =>
        $"{Loss}{(Soft ? " soft" : string.Empty)} γ={R(Gamma)} m={R(Margin)} target={Target} scores=[{string.Join(", ", Scores.Select(R))}] labels=[{string.Join(", ", Labels.Select(R))}]";

    public LossInput WithScores(double[] scores) => this with { Scores = scores };

    /// <summary>The same input rounded to float (so float and double see the same numbers).</summary>
    public LossInput ToFloatGrid() => this with
    {
        Scores = Scores.Select(x => (double)(float)x).ToArray(),
        Labels = Labels.Select(x => (double)(float)x).ToArray(),
        Gamma = (float)Gamma,
        Margin = (float)Margin,
    };

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Calls the catalogue (float and double, with and without gradient) and an independent reference.</summary>
public static partial class CatalogueModel
{
    public static double Double(LossInput x, double[]? gradient)
    {
        var s = x.Scores;
        var hard = x.Labels.Select(t => t >= 0.5).ToArray();
        var t = x.Labels;
        if (gradient is null)
        {
            return x.Loss switch
            {
                CatalogueLoss.Softmax => ForwardOnly.Softmax(s, x.Target),
                CatalogueLoss.MultiLabel => x.Soft ? ForwardOnly.MultiLabel(s, t) : ForwardOnly.MultiLabel(s, hard),
                CatalogueLoss.Unified => x.Soft ? ForwardOnly.Unified(s, t, x.Gamma, x.Margin) : ForwardOnly.Unified(s, hard, x.Gamma, x.Margin),
                CatalogueLoss.BinaryCrossEntropy => x.Soft ? ForwardOnly.BinaryCrossEntropy(s, t) : ForwardOnly.BinaryCrossEntropy(s, hard),
                _ => x.Soft ? ForwardOnly.Threshold(s, t) : ForwardOnly.Threshold(s, hard),
            };
        }

        return x.Loss switch
        {
            CatalogueLoss.Softmax => Losses.SoftmaxCrossEntropy(s, x.Target, gradient),
            CatalogueLoss.MultiLabel => x.Soft ? Losses.MultiLabelCrossEntropy(s, t, gradient) : Losses.MultiLabelCrossEntropy(s, hard, gradient),
            CatalogueLoss.Unified => x.Soft ? Losses.UnifiedPairwise(s, t, x.Gamma, x.Margin, gradient) : Losses.UnifiedPairwise(s, hard, x.Gamma, x.Margin, gradient),
            CatalogueLoss.BinaryCrossEntropy => x.Soft ? Losses.BinaryCrossEntropy(s, t, gradient) : Losses.BinaryCrossEntropy(s, hard, gradient),
            _ => x.Soft ? Losses.ThresholdCrossEntropy(s, t, gradient) : Losses.ThresholdCrossEntropy(s, hard, gradient),
        };
    }

    public static float Single(LossInput x, float[]? gradient)
    {
        var s = x.Scores.Select(v => (float)v).ToArray();
        var t = x.Labels.Select(v => (float)v).ToArray();
        var hard = x.Labels.Select(v => v >= 0.5).ToArray();
        var gamma = (float)x.Gamma;
        var margin = (float)x.Margin;
        if (gradient is null)
        {
            return x.Loss switch
            {
                CatalogueLoss.Softmax => ForwardOnly.Softmax(s, x.Target),
                CatalogueLoss.MultiLabel => x.Soft ? ForwardOnly.MultiLabel(s, t) : ForwardOnly.MultiLabel(s, hard),
                CatalogueLoss.Unified => x.Soft ? ForwardOnly.Unified(s, t, gamma, margin) : ForwardOnly.Unified(s, hard, gamma, margin),
                CatalogueLoss.BinaryCrossEntropy => x.Soft ? ForwardOnly.BinaryCrossEntropy(s, t) : ForwardOnly.BinaryCrossEntropy(s, hard),
                _ => x.Soft ? ForwardOnly.Threshold(s, t) : ForwardOnly.Threshold(s, hard),
            };
        }

        return x.Loss switch
        {
            CatalogueLoss.Softmax => Losses.SoftmaxCrossEntropy(s, x.Target, gradient),
            CatalogueLoss.MultiLabel => x.Soft ? Losses.MultiLabelCrossEntropy(s, t, gradient) : Losses.MultiLabelCrossEntropy(s, hard, gradient),
            CatalogueLoss.Unified => x.Soft ? Losses.UnifiedPairwise(s, t, gamma, margin, gradient) : Losses.UnifiedPairwise(s, hard, gamma, margin, gradient),
            CatalogueLoss.BinaryCrossEntropy => x.Soft ? Losses.BinaryCrossEntropy(s, t, gradient) : Losses.BinaryCrossEntropy(s, hard, gradient),
            _ => x.Soft ? Losses.ThresholdCrossEntropy(s, t, gradient) : Losses.ThresholdCrossEntropy(s, hard, gradient),
        };
    }

    /// <summary>
    /// The math of the README, written independently and naively: every pair's log-term <c>log w + z</c> collected,
    /// then one stable <c>log(1 + Σ e^a)</c>. A −inf score is absent on either side; weight 0 drops a term.
    /// </summary>
    public static double Reference(LossInput x)
    {
        var s = x.Scores;
        var n = s.Length;
        double Pos(int i) => x.Soft ? x.Labels[i] : x.Labels[i] >= 0.5 ? 1 : 0;
        double Neg(int i) => 1 - Pos(i);
        bool Present(int i) => !double.IsNegativeInfinity(s[i]);
        var terms = new System.Collections.Generic.List<double>();
        void Add(double weight, double z)
        {
            if (weight > 0)
            {
                terms.Add(Math.Log(weight) + z);
            }
        }

        switch (x.Loss)
        {
            case CatalogueLoss.Softmax:
                if (!Present(x.Target))
                {
                    return 0;
                }

                for (var k = 0; k < n; k++)
                {
                    if (k != x.Target && Present(k))
                    {
                        Add(1, s[k] - s[x.Target]);
                    }
                }

                return Log1pSumExp(terms);
            case CatalogueLoss.MultiLabel:
                var negative = Enumerable.Range(0, n).Where(Present).Select(i => (w: Neg(i), z: s[i])).Where(p => p.w > 0).Select(p => Math.Log(p.w) + p.z).ToList();
                var positive = Enumerable.Range(0, n).Where(Present).Select(i => (w: Pos(i), z: -s[i])).Where(p => p.w > 0).Select(p => Math.Log(p.w) + p.z).ToList();
                return Log1pSumExp(negative) + Log1pSumExp(positive);
            case CatalogueLoss.Unified:
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        if (Present(i) && Present(j))
                        {
                            // Weights multiply in log space: a subnormal label times e^{γ·Δ} can still be large.
                            if (Neg(i) > 0 && Pos(j) > 0)
                            {
                                terms.Add(Math.Log(Neg(i)) + Math.Log(Pos(j)) + x.Gamma * (s[i] - s[j] + x.Margin));
                            }
                        }
                    }
                }

                return Log1pSumExp(terms);
            case CatalogueLoss.BinaryCrossEntropy:
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    if (Present(i))
                    {
                        sum += Neg(i) * Softplus(s[i]) + Pos(i) * Softplus(-s[i]);
                    }
                }

                return sum;
            default:
                for (var i = 0; i < n; i++)
                {
                    if (Present(i))
                    {
                        Add(Neg(i), s[i]);
                        Add(Pos(i), -s[i]);
                    }
                }

                return Log1pSumExp(terms);
        }
    }
}
