using System;
using System.Collections.Generic;
using System.Linq;

namespace PairwiseLoss.Tests.Shared.Reference;

/// <summary>The loss and the gradient for every score span (same shapes as the inputs).</summary>
public sealed record RefResult(double Loss, double[][] Gradients);

/// <summary>
/// An independent double-precision reference written straight from the constraint language's definition
/// (docs/language.md): expand every chain to all of its
/// pairs, expand every set side to its members, and sum over every (left member, right member) pair explicitly.
/// No factorisation, nothing shared with the generator or the runtime.
/// <list type="bullet">
/// <item>pair c: <c>z_c = γ(l − r + m_c)</c>, weight <c>w_c = Weight · a_l · b_r</c> (a, b: soft-label weights).</item>
/// <item>Single: <c>L = log(1 + Σ_c w_c e^{z_c})</c>, <c>p_c = w_c e^{z_c} / (1 + Σ)</c>, ∂l += γ p_c, ∂r −= γ p_c.</item>
/// <item>PerPair: <c>L = Σ_c w_c softplus(z_c)</c>, ∂l += γ w_c σ(z_c), ∂r −= γ w_c σ(z_c).</item>
/// <item>A −inf score is no member of any side; a member of weight 0 is dropped.</item>
/// </list>
/// </summary>
public static class PairwiseReference
{
    /// <summary>A member of a side: a score (span, index) or a number, with its set weight.</summary>
    private readonly record struct Member(int Span, int Index, double Value, double Weight)
    {
        public bool IsScore => Span >= 0;
    }

    /// <summary>One expanded pair: its logit z, weight, and ∂z/∂l, ∂z/∂r.</summary>
    private readonly record struct Term(Member Left, Member Right, double Z, double Weight, double LeftSlope, double RightSlope);

    public static RefResult Evaluate(RefDeclaration declaration, RefInput input)
    {
        // The hard mode measures in score units: per pair it is the sum of hinges, the γ → ∞ limit of softplus(γz)/γ.
        var gamma = declaration.Hard ? 1 : declaration.RuntimeGamma ? input.Gamma : declaration.Gamma;
        var terms = new List<Term>();
        foreach (var want in declaration.Wants)
        {
            var margin = want.Margin ?? (declaration.RuntimeMargin ? input.Margin : declaration.Margin);
            foreach (var (leftSide, rightSide) in want.Pairs())
            {
                foreach (var left in Members(leftSide, input))
                {
                    foreach (var right in Members(rightSide, input))
                    {
                        var weight = want.Weight * left.Weight * right.Weight;
                        if (weight == 0)
                        {
                            continue;
                        }

                        terms.Add(declaration.IsCircle
                            ? CircleTerm(left, right, weight, gamma, margin, declaration.Logit == RefLogit.CircleFullGradient)
                            : new Term(left, right, gamma * (left.Value - right.Value + margin), weight, gamma, -gamma));
                    }
                }
            }
        }

        var gradients = input.Spans.Select(s => new double[s.Length]).ToArray();
        double loss;
        if (declaration.Hard && !declaration.PerPair)
        {
            // max(0, max_c (l_c − r_c + m_c)) in score units; subgradient +1 / −1 at the first pair attaining it.
            loss = 0;
            Term? active = null;
            foreach (var term in terms)
            {
                if (term.Z > loss)
                {
                    (loss, active) = (term.Z, term);
                }
            }

            if (active is { } a)
            {
                Add(gradients, a.Left, 1);
                Add(gradients, a.Right, -1);
            }
        }
        else if (!declaration.PerPair)
        {
            // log(1 + Σ w e^z) with the logits u = z + log w shifted by M = max(0, max u).
            var m = 0.0;
            foreach (var term in terms)
            {
                m = Math.Max(m, term.Z + Math.Log(term.Weight));
            }

            var sum = Math.Exp(-m);
            foreach (var term in terms)
            {
                sum += Math.Exp(term.Z + Math.Log(term.Weight) - m);
            }

            loss = m + Math.Log(sum);
            foreach (var term in terms)
            {
                var p = Math.Exp(term.Z + Math.Log(term.Weight) - m) / sum;
                Add(gradients, term.Left, term.LeftSlope * p);
                Add(gradients, term.Right, term.RightSlope * p);
            }
        }
        else
        {
            loss = 0;
            foreach (var term in terms)
            {
                var (value, slope) = Shape(declaration.Term, term.Z);
                loss += term.Weight * value;
                Add(gradients, term.Left, term.LeftSlope * term.Weight * slope);
                Add(gradients, term.Right, term.RightSlope * term.Weight * slope);
            }
        }

        return new RefResult(loss, gradients);
    }

    /// <summary>Batched reference: the mean of the rows that are not entirely −inf; gradients scaled by 1/counted.</summary>
    public static RefResult EvaluateBatch(RefDeclaration declaration, IReadOnlyList<RefInput> rows)
    {
        if (declaration.PerClass)
        {
            return EvaluatePerClass(declaration, rows);
        }

        var total = 0.0;
        var counted = 0;
        var gradients = new List<double[]>();
        foreach (var row in rows)
        {
            if (row.Scores.All(double.IsNegativeInfinity))
            {
                gradients.Add(new double[row.Scores.Length]);
                continue;
            }

            var result = Evaluate(declaration, row);
            total += result.Loss;
            counted++;
            gradients.Add(result.Gradients[0]);
        }

        var scale = counted == 0 ? 0 : 1.0 / counted;
        return new RefResult(total * scale, new[] { gradients.SelectMany(g => g.Select(x => x * scale)).ToArray() });
    }

    /// <summary>
    /// Per-class terms (docs/language.md, <c>Terms = PerClass</c>, batched only), term by term: for each class j,
    /// <c>log(1 + Σ_i Σ_{k≠j} w·t_ij·e^{γ(s_ik − s_ij + m)})</c> (<c>"others &lt; pos"</c>, eq. loss-1) or
    /// <c>log(1 + Σ_i w·t_ij·e^{γ(s̄_i − s_ij + m)})</c> (<c>"mean &lt; pos"</c>, eq. loss-3, s̄_i the mean of the row's
    /// present scores); summed over the classes (not a mean over rows). A −inf score is absent: in no term, and a
    /// term whose labelled score is −inf is dropped. Each term's share p gives ∂ += γp at its left score(s) (γp/n_i at
    /// each of the n_i present scores of a mean) and −γp at s_ij.
    /// </summary>
    public static RefResult EvaluatePerClass(RefDeclaration declaration, IReadOnlyList<RefInput> rows)
    {
        var want = declaration.Wants.Single();
        var mean = want.Chain[0].Kind == RefSideKind.Mean;
        var gamma = declaration.RuntimeGamma ? rows[0].Gamma : declaration.Gamma;
        var margin = want.Margin ?? (declaration.RuntimeMargin ? rows[0].Margin : declaration.Margin);
        var classes = rows[0].Scores.Length;
        var gradients = rows.Select(r => new double[classes]).ToArray();
        var loss = 0.0;
        for (var j = 0; j < classes; j++)
        {
            // (row, left index or −1 for the row mean, log-weighted logit u = z + log(w·t))
            var terms = new List<(int Row, int Left, double U)>();
            for (var i = 0; i < rows.Count; i++)
            {
                var s = rows[i].Scores;
                var t = rows[i].Soft is { } soft ? soft[j] : rows[i].Hard![j] ? 1.0 : 0.0;
                var weight = want.Weight * t;
                if (weight == 0 || double.IsNegativeInfinity(s[j]))
                {
                    continue;
                }

                if (mean)
                {
                    var present = s.Where(x => !double.IsNegativeInfinity(x)).ToArray();
                    var average = present.Sum(x => x / present.Length);
                    terms.Add((i, -1, (gamma * (average - s[j] + margin)) + Math.Log(weight)));
                }
                else
                {
                    for (var k = 0; k < classes; k++)
                    {
                        if (k != j && !double.IsNegativeInfinity(s[k]))
                        {
                            terms.Add((i, k, (gamma * (s[k] - s[j] + margin)) + Math.Log(weight)));
                        }
                    }
                }
            }

            var top = terms.Select(term => term.U).DefaultIfEmpty(0).Max();
            var shift = Math.Max(0, top);
            var sum = Math.Exp(-shift) + terms.Sum(term => Math.Exp(term.U - shift));
            loss += shift + Math.Log(sum);
            foreach (var (row, left, u) in terms)
            {
                var p = Math.Exp(u - shift) / sum;
                var s = rows[row].Scores;
                gradients[row][j] -= gamma * p;
                if (left >= 0)
                {
                    gradients[row][left] += gamma * p;
                }
                else
                {
                    var present = s.Count(x => !double.IsNegativeInfinity(x));
                    for (var k = 0; k < classes; k++)
                    {
                        if (!double.IsNegativeInfinity(s[k]))
                        {
                            gradients[row][k] += gamma * p / present;
                        }
                    }
                }
            }
        }

        return new RefResult(loss, new[] { gradients.SelectMany(g => g).ToArray() });
    }

    /// <summary>
    /// Circle Loss (Sun et al., CVPR 2020, eq. 4) for one (negative l, positive r) pair with relaxation m:
    /// <c>z = γ·α_n·(l − m) − γ·α_p·(r − 1 + m)</c>, α_n = [l + m]₊, α_p = [1 + m − r]₊; the slopes hold α constant
    /// unless <paramref name="fullGradient"/>.
    /// </summary>
    private static Term CircleTerm(Member left, Member right, double weight, double gamma, double margin, bool fullGradient)
    {
        var (l, r) = (left.Value, right.Value);
        var alphaN = Math.Max(l + margin, 0);
        var alphaP = Math.Max(1 + margin - r, 0);
        var z = (gamma * alphaN * (l - margin)) - (gamma * alphaP * (r - 1 + margin));
        var leftSlope = gamma * (alphaN + (fullGradient && alphaN > 0 ? l - margin : 0));
        var rightSlope = -gamma * (alphaP - (fullGradient && alphaP > 0 ? r - 1 + margin : 0));
        return new Term(left, right, z, weight, leftSlope, rightSlope);
    }

    /// <summary>ℓ(z) and ℓ'(z) of a pair shape, straight from their definitions.</summary>
    public static (double Value, double Slope) Shape(PairShape shape, double z)
    {
        // σ(z) from the side that cannot overflow; softplus(z) = max(z, 0) + log(1 + e^{−|z|}).
        var sigmoid = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
        return shape switch
        {
            PairShape.Hinge => (Math.Max(z, 0), z > 0 ? 1 : 0),
            PairShape.SquaredHinge => (z > 0 ? z * z : 0, z > 0 ? 2 * z : 0),
            PairShape.Sigmoid => (sigmoid, sigmoid * (1 - sigmoid)),
            _ => (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))), sigmoid),
        };
    }

    private static void Add(double[][] gradients, Member member, double value)
    {
        if (member.IsScore)
        {
            gradients[member.Span][member.Index] += value;
        }
    }

    private static IEnumerable<Member> Members(RefSide side, RefInput input)
    {
        var scores = input.Scores;
        switch (side.Kind)
        {
            case RefSideKind.Constant:
                yield return new Member(-1, 0, side.Value, 1);
                yield break;
            case RefSideKind.Score:
                if (!double.IsNegativeInfinity(scores[side.Index]))
                {
                    yield return new Member(0, side.Index, scores[side.Index], 1);
                }

                yield break;
            case RefSideKind.Target:
                if (!double.IsNegativeInfinity(scores[input.Target]))
                {
                    yield return new Member(0, input.Target, scores[input.Target], 1);
                }

                yield break;
            case RefSideKind.Others:
                for (var i = 0; i < scores.Length; i++)
                {
                    if (i != input.Target && !double.IsNegativeInfinity(scores[i]))
                    {
                        yield return new Member(0, i, scores[i], 1);
                    }
                }

                yield break;
            case RefSideKind.Pos:
            case RefSideKind.Neg:
                for (var i = 0; i < scores.Length; i++)
                {
                    if (double.IsNegativeInfinity(scores[i]))
                    {
                        continue;
                    }

                    var t = input.Soft is { } soft ? soft[i] : input.Hard![i] ? 1.0 : 0.0;
                    var weight = side.Kind == RefSideKind.Pos ? t : 1 - t;
                    if (weight > 0)
                    {
                        yield return new Member(0, i, scores[i], weight);
                    }
                }

                yield break;
            case RefSideKind.Span:
                var span = input.Spans[side.Span];
                for (var i = 0; i < span.Length; i++)
                {
                    if (!double.IsNegativeInfinity(span[i]))
                    {
                        yield return new Member(side.Span, i, span[i], 1);
                    }
                }

                yield break;
        }
    }
}
