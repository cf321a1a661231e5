using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>The loss in math, for the file header and the method's remarks: what the code computes, in one glance.</summary>
internal static class MathDescription
{
    private const int MaxListed = 24;

    /// <summary>Everything: the summary, then the blocks as the code computes them.</summary>
    public static IEnumerable<string> Lines(LossMethodModel model) => Summary(model).Concat(Blocks(model));

    /// <summary>The loss, its settings and its constraints: the file header shows these.</summary>
    public static IEnumerable<string> Summary(LossMethodModel model)
    {
        var gamma = Number(model.Gamma);
        var runtime = model.Parameters.Where(p => p.Role is ParameterRole.Gamma or ParameterRole.Margin).Select(p => p.Role == ParameterRole.Gamma ? "γ" : "m").ToList();
        var settings = model.Mode == LossMode.Hard ? (model.Terms == TermMode.PerPair ? "hard mode (score units, no γ)" : "hard (max) mode") : runtime.Contains("γ") ? "γ given at run time" : $"γ = {gamma}";
        if (runtime.Contains("m"))
        {
            settings += ", m given at run time";
        }

        yield return $"{string.Join(".", model.ContainingTypes.Select(t => t.NameWithTypeParameters))}.{model.Name}: {settings}";
        if (model.Ranked is { } ranked)
        {
            foreach (var line in RankedLines(model, ranked))
            {
                yield return line;
            }

            yield break;
        }

        yield return model.Mode switch
        {
            _ when model.Plan.Blocks.Count == 0 => "  L = 0    (every wanted pair has Weight = 0)",
            LossMode.Hard when model.Terms == TermMode.PerPair => "  L = Σ_c w_c·max(0, l_c − r_c + m_c)    (hard per pair: the sum of hinges, the γ → ∞ limit of softplus(γz)/γ)",
            LossMode.Hard => "  L = max(0, max_c (l_c − r_c + m_c))    (hard: the γ → ∞ limit of T/γ, subgradient at the active pair)",
            LossMode.Circle or LossMode.CircleFullGradient =>
                "  L = log(1 + Σ_n Σ_p exp(γ·α_n·(s_n − m) − γ·α_p·(s_p − 1 + m))),  α_n = [s_n + m]₊, α_p = [1 + m − s_p]₊    (Circle Loss eq. 4)",
            _ when model.Terms == TermMode.PerClass => model.Plan.Factors[0].Side.Kind == SideKind.Mean
                ? "  L = Σ_j log(1 + Σ_i t_ij·w·exp(γ·(s̄_i − s_ij + m))),  s̄_i the row mean    (one log-term per class; eq. loss-3 of Su Jianlin, kexue.fm/archives/9158)"
                : "  L = Σ_j log(1 + Σ_i Σ_(k≠j) t_ij·w·exp(γ·(s_ik − s_ij + m)))    (one log-term per class; eq. loss-1 of Su Jianlin, kexue.fm/archives/9158)",
            _ when model.Terms == TermMode.Single => "  L = log(1 + Σ_c w_c·exp(z_c)),  z_c = γ·(l_c − r_c + m_c)    (one log-term)",
            _ => $"  L = Σ_c w_c·{PairShapeDescriptor.Of(model.Shape).Term.Replace("z", "z_c")},  z_c = γ·(l_c − r_c + m_c)    (one term per pair: {PairShapeDescriptor.Of(model.Shape).Name})",
        };
        if (model.Mode == LossMode.Circle)
        {
            yield return "  α is held constant in the backward pass (as .detach() in the reference implementations)";
        }
        if (model.Batched && model.Terms != TermMode.PerClass)
        {
            yield return "  batched: L = (1/R)·Σ_rows L_row over the R rows not entirely −inf (masked)";
        }

        if (model.Labels == LabelKind.Soft)
        {
            yield return "  soft labels t_i ∈ [0, 1]: i is in pos with weight t_i and in neg with weight 1 − t_i";
        }

        yield return "  wanted:";
        foreach (var line in Limited(model.Constraints.Select(c => $"    {c.Text}{Overrides(c)}")))
        {
            yield return line;
        }

    }

    /// <summary>A ranked list: the loss over its pairs, the weights, the batch reduction and the constraint.</summary>
    private static IEnumerable<string> RankedLines(LossMethodModel model, RankedModel ranked)
    {
        if (ranked.Source == LevelSource.TargetDistribution)
        {
            yield return "  L = Σ_t y_t·log(1 + Σ_(k≠t) exp(s_k − s_t)) = (Σ_t y_t)·log Σ_k exp(s_k) − Σ_t y_t·s_t    (softmax cross-entropy with target weights y, O(n))";
            if (model.Batched)
            {
                yield return Reduction(ranked, "a target");
            }

            yield return "  wanted:";
            yield return "    " + ranked.Constraint;
            yield break;
        }

        var (pairs, source) = ranked.Source switch
        {
            LevelSource.EarlierAbove => ("j after i", "every item below every earlier one"),
            LevelSource.LaterAbove => ("j before i", "every item below every later one"),
            LevelSource.Literal => ("g_j < g_i", "every lower level below every higher one, g the level of each literal score"),
            _ => ("g_j < g_i", "every lower grade below every higher one; a negative grade or a −∞ score is absent"),
        };
        var weight = ranked.Weighting switch
        {
            PairWeightingKind.HigherGain => "(2^g_i − 1)·",
            PairWeightingKind.LabelDifference => "(g_i − g_j)·",
            PairWeightingKind.SquaredLabelDifference => "(g_i − g_j)²·",
            PairWeightingKind.GainDifference => "(2^g_i − 2^g_j)·",
            PairWeightingKind.None => string.Empty,
            _ => "w_ij·",
        };
        var m = ranked.RuntimeMargin ? "m" : ranked.Margin == 0 ? null : Number(ranked.Margin);
        var z = m is null ? "γ·(s_j − s_i)" : $"γ·(s_j − s_i + {m})";
        var shape = PairShapeDescriptor.Of(model.Shape);
        yield return model.Mode is LossMode.Circle or LossMode.CircleFullGradient
            ? $"  L = log(1 + Σ_({pairs}) exp(γ·(α_n(s_j)·(s_j − Δ_n) − α_p(s_i)·(s_i − Δ_p)))),  α_p(s) = [1 + m − s]₊, α_n(s) = [s + m]₊, Δ_p = 1 − m, Δ_n = m    (Circle Loss over grades, α constant in backward)"
            : model.Terms switch
            {
                TermMode.PerItem => $"  L = Σ_i log(1 + Σ_({pairs}) exp({z}))    (one log-term per item{(ranked.Source is LevelSource.EarlierAbove or LevelSource.LaterAbove ? "; ListMLE, Xia et al. 2008" : string.Empty)})",
                TermMode.PerPair when weight == "w_ij·" => $"  L = Σ_({pairs}) w_ij·log2(1 + exp(−γ·(s_i − s_j)))    (LambdaLoss, Wang et al. 2018)",
                TermMode.PerPair => $"  L = Σ_({pairs}) {weight}{shape.Term.Replace("z", "z_ij")},  z_ij = {z.Replace("s_j − s_i", "s_j − s_i")}    (one term per pair: {shape.Name})",
                _ => $"  L = log(1 + Σ_({pairs}) {weight}exp({z}))    (one log-term, O(n log n) by levels)",
            };
        if (weight == "w_ij·")
        {
            var k = ranked.TopN == 0 ? string.Empty : $"@{ranked.TopN}";
            yield return ranked.Weighting switch
            {
                PairWeightingKind.NdcgLoss2 => $"  w_ij: NDCG{k}-Loss2 weights from the ranks of the current scores, constant in the backward pass",
                PairWeightingKind.NdcgLoss2PlusPlus => $"  w_ij = μ·(NDCG{k}-Loss2 weight) + |ΔNDCG{k}_ij|, μ = {Number(ranked.LambdaMu)}, constant in the backward pass",
                _ => $"  w_ij = |ΔNDCG{k}_ij|, from the ranks of the current scores, constant in the backward pass (NDCG-LambdaRank)",
            };
        }

        yield return "  pairs: " + source;
        if (ranked.Source == LevelSource.Literal)
        {
            var scores = model.Parameters.First(p => p.Role == ParameterRole.Scores).Name;
            var byLevel = ranked.LiteralLevels.Select((level, index) => (level, index)).Where(x => x.level >= 0).GroupBy(x => x.level).OrderBy(g => g.Key)
                .Select(g => string.Join(", ", g.Select(x => $"{scores}{x.index}"))).ToList();
            var shown = byLevel.Take(MaxListed).Select(level => level.Contains(",") ? "{" + level + "}" : level);
            yield return $"  levels, lowest first ({byLevel.Count}): " + string.Join(" < ", shown) + (byLevel.Count > MaxListed ? " < …" : string.Empty);
        }
        if (model.Batched)
        {
            yield return Reduction(ranked, "a pair");
        }

        yield return "  wanted:";
        yield return "    " + ranked.Constraint;
    }

    /// <summary>How a batch of ranked lists (or target distributions) combines its rows; a row counts when it has <paramref name="what"/>.</summary>
    private static string Reduction(RankedModel ranked, string what) => ranked.Reduction switch
    {
        ReductionKind.Sum => "  batched: L = Σ_rows w_r·L_row (w_r = 1 without row weights)",
        ReductionKind.WeightedMean => $"  batched: L = Σ_rows w_r·L_row / Σ w_r over the rows with {what}",
        _ => $"  batched: L = Σ_rows w_r·L_row / R over the R rows with {what} (w_r = 1 without row weights)",
    };

    /// <summary>
    /// The blocks of one smooth log-term. The heading says "factorised" only when a block has a set side, the only
    /// place where a double sum becomes a product of single sums.
    /// </summary>
    public static IEnumerable<string> Blocks(LossMethodModel model)
    {
        if (model.Ranked is not null || model.Terms != TermMode.Single || model.Mode != LossMode.Smooth || model.Plan.Blocks.Count == 0)
        {
            yield break;
        }

        yield return model.Plan.Factors.Any(f => f.Side.IsSet)
            ? "  factorised, each side summed once (linear time):"
            : "  as computed, one logit per pair:";
        yield return "    L = log(1 + " + string.Join(" + ", Enumerable.Range(0, model.Plan.Blocks.Count).Take(MaxListed).Select(b => $"B{b}")) + (model.Plan.Blocks.Count > MaxListed ? " + …" : string.Empty) + ")";
        var blocks = model.Plan.Blocks.Select((block, b) => $"    B{b} = {BlockTerm(model, block)}    ({block.Text})");
        foreach (var line in Limited(blocks))
        {
            yield return line;
        }
    }

    private static IEnumerable<string> Limited(IEnumerable<string> lines)
    {
        var count = 0;
        foreach (var line in lines)
        {
            if (count++ < MaxListed)
            {
                yield return line;
            }
        }

        if (count > MaxListed)
        {
            yield return $"    … and {count - MaxListed} more";
        }
    }

    private static string Overrides(ConstraintText constraint)
    {
        var parts = new List<string>();
        if (constraint.Margin != 0)
        {
            parts.Add("m = " + Number(constraint.Margin));
        }

        if (constraint.Weight != 1)
        {
            parts.Add("w = " + Number(constraint.Weight));
        }

        return parts.Count == 0 ? string.Empty : "    (" + string.Join(", ", parts) + ")";
    }

    /// <summary>w·e^(γ·(m + c))·(left sum)·(right sum), each part only when it is not 1.</summary>
    private static string BlockTerm(LossMethodModel model, Block block)
    {
        var parts = new List<string>();
        if (block.Weight != 1)
        {
            parts.Add(Number(block.Weight));
        }

        var margin = block.RuntimeMargin ? "m" : block.Margin == 0 ? null : Number(block.Margin);
        var constant = block.Constant == 0 ? null : Number(block.Constant);
        var shift = margin is null ? constant : constant is null ? margin : $"{margin} + {constant}";
        if (shift is not null)
        {
            parts.Add(shift.Contains(" ") ? $"e^(γ·({shift}))" : $"e^(γ·{shift})");
        }

        if (block.Left >= 0 && block.Right >= 0 && model.Plan.Factors[block.Left].Side.IsScalar && model.Plan.Factors[block.Right].Side.IsScalar)
        {
            // Two scores: one exponential of the logit γ·(l − r + m), nothing to factorise.
            var scoresName = model.Parameters.First(p => p.Role == ParameterRole.Scores).Name;
            var logit = $"{Sides.MathScalar(model.Plan.Factors[block.Left].Side, scoresName)} − {Sides.MathScalar(model.Plan.Factors[block.Right].Side, scoresName)}";
            parts.RemoveAll(part => part.StartsWith("e^(", System.StringComparison.Ordinal));
            parts.Add(shift is null ? $"e^(γ·({logit}))" : $"e^(γ·({logit} + {shift}))");
            return string.Join("·", parts);
        }

        foreach (var index in new[] { block.Left, block.Right })
        {
            if (index >= 0)
            {
                parts.Add(FactorTerm(model, model.Plan.Factors[index]));
            }
        }

        return string.Join("·", parts);
    }

    private static string FactorTerm(LossMethodModel model, Factor factor)
    {
        var sign = factor.Right ? "−γ" : "γ";
        var scores = model.Parameters.First(p => p.Role == ParameterRole.Scores && p.Span == factor.Side.Span).Name;
        return Sides.MathTerm(factor.Side, sign, scores, model.Labels == LabelKind.Soft);
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
