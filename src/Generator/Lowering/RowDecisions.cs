using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>The choices the lowering makes before it writes a statement: layout, factor storage, gradient form.</summary>
internal static class RowDecisions
{
    /// <summary>
    /// Whether a batch can combine its blocks across rows: one log-term of the smooth form. The rows of a group then
    /// run their set reductions one by one, the small log(1 + Σ_b e^{z_b}) of every row in one vectorised call, and
    /// their backward passes one by one — per-row scalar exp and log no longer dominate small rows.
    /// </summary>
    public static BodyLayout Layout(LossMethodModel model) =>
        model.Ranked is not null ? BodyLayout.RankingKernel
        : model.Terms == TermMode.PerClass ? BodyLayout.ClassKernel
        : !model.Batched ? BodyLayout.Row
        : model.Terms == TermMode.Single && model.Mode == LossMode.Smooth && model.Plan.Blocks.Count > 0 ? BodyLayout.RowGroups
        : BodyLayout.RowLoop;

    /// <summary>
    /// Whether a row reads a role's parameter (the rows helper of a batch takes only these): scores, classes, labels,
    /// targets and gradient when declared; γ unless the hard mode, which measures in score units; the margin when a
    /// block takes it at run time.
    /// </summary>
    public static bool Reads(LossMethodModel model, ParameterRole role)
    {
        var declared = model.Parameters.Any(p => p.Role == role);
        return role switch
        {
            ParameterRole.Scores or ParameterRole.Classes => true,
            ParameterRole.Gamma => declared && model.Mode != LossMode.Hard && model.Plan.Blocks.Count > 0,
            ParameterRole.Margin => declared && model.Plan.Blocks.Any(b => b.RuntimeMargin),
            _ => declared,
        };
    }

    /// <summary>
    /// How each factor is reduced. Sets keep their exp terms in the gradient span when no other set on that span needs
    /// the same slots: the backward pass is then a rescale, one exp per element in all. Only with gradients, in one
    /// log-term. A Circle span holds one side, but that side is several factors when pairs of different margins share it:
    /// those recompute their softmax in the backward pass.
    /// </summary>
    public static FactorStorage[] Storage(LossMethodModel model, bool backward, int spans)
    {
        var factors = model.Plan.Factors;
        var storage = new FactorStorage[factors.Count];
        for (var f = 0; f < factors.Count; f++)
        {
            storage[f] = !factors[f].Side.IsSet ? FactorStorage.Scalar
                : model.Terms == TermMode.PerPair ? FactorStorage.PairTerms
                : model.Mode == LossMode.Hard ? FactorStorage.ArgMax
                : model.Terms == TermMode.Single ? FactorStorage.Recomputed
                : FactorStorage.PairTerms;
        }

        if (!backward || model.Terms != TermMode.Single || model.Mode == LossMode.Hard)
        {
            return storage;
        }

        for (var span = 0; span < spans; span++)
        {
            var sets = Enumerable.Range(0, factors.Count).Where(f => factors[f].Side.IsSet && factors[f].Side.Span == span).ToList();
            if (sets.Count == 1)
            {
                sets.ForEach(f => storage[f] = FactorStorage.Stored);
            }
            else if (sets.Count == 2 && model.Labels == LabelKind.Hard
                && sets.Select(f => factors[f].Side.Kind).OrderBy(k => k).SequenceEqual(new[] { SideKind.Positive, SideKind.Negative }))
            {
                storage[sets[0]] = storage[sets[1]] = FactorStorage.Labelled;
            }
        }

        return storage;
    }

    /// <summary>
    /// Whether the block shares take their limit when the largest block logit is +∞ (<c>BlockLimits</c> in the runtime):
    /// each +∞ block's share is then <c>e^{f_b}</c> over the +∞ blocks, <c>f_b</c> its logit with the +∞ side replaced
    /// by log W. Only with gradients, in one smooth or Circle log-term, and with more than one block: with one block its
    /// share is already the limit (1).
    /// </summary>
    public static bool ShareLimit(LossMethodModel model, bool backward) =>
        backward && model.Terms == TermMode.Single && model.Mode != LossMode.Hard && model.Plan.Blocks.Count > 1;

    /// <summary>
    /// Whether a row first tries guard-free straight-line code: one smooth log-term of one row (not batched, not Hard,
    /// not Circle) whose every side is a literal score or a constant. The row computes the plain logits
    /// <c>z_b = γ·(l − r) + c</c> and, when every score read (and a run-time γ or margin) is finite and so is the
    /// largest logit, returns from plain exp, sum, log and gradient; otherwise it falls through to the guarded code
    /// (absent −∞ scores, +∞ limits, NaN), unchanged. With finite scores and a finite maximum no guard can act.
    /// </summary>
    public static bool LiteralFastPath(LossMethodModel model) =>
        !model.Batched && model.Terms == TermMode.Single && model.Mode == LossMode.Smooth
        && model.Plan.Blocks.Count > 0 && model.Plan.Factors.All(f => f.Side.Kind == SideKind.Score);

    /// <summary>
    /// Literal constraints in one log-term write each gradient element once, in straight-line code: every element up to
    /// the largest index (zeros included), or — when more than 8 of them would be zeros — a clear and the used ones.
    /// </summary>
    public static GradientForm Gradient(LossMethodModel model, bool backward)
    {
        if (!backward)
        {
            return GradientForm.None;
        }

        var plan = model.Plan;
        if (model.Terms != TermMode.Single || model.Mode == LossMode.Hard || plan.Blocks.Count == 0 || plan.Factors.Any(f => f.Side.Kind != SideKind.Score))
        {
            return GradientForm.Kernels;
        }

        var used = new HashSet<int>(plan.Factors.Select(f => f.Side.Index)).Count;
        return plan.MaxScoreIndex + 1 - used > 8 ? GradientForm.Sparse : GradientForm.Literal;
    }
}
