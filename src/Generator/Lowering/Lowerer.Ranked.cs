using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

internal static partial class Lowerer
{
    private const string RankingNamespace = "global::PairwiseLoss.Ranking.";

    /// <summary>
    /// A graded, ordered or chained list: the arguments are checked here (so that errors name the user's parameters), then
    /// one call to the <c>PairwiseLoss.Ranking</c> kernel that <see cref="RankingCall.Of"/> picks returns the loss.
    /// </summary>
    private static RowChoices Ranked(LossMethodModel model, StatementBuilder body, CSharpText text)
    {
        var ranked = model.Ranked!;
        var s = Named(model, ParameterRole.Scores)[0];
        var gradient = Single(model, ParameterRole.Gradient);
        string levels;
        string scores = s;
        string gradientArgument = gradient ?? "default";
        if (ranked.Source == LevelSource.Literal)
        {
            Guards(model, body);
            var count = ranked.LiteralLevels.Count;
            levels = "levels";
            body.Comment("The level of each score index: the constraints want every lower level below every higher one (−1: in no pair).");
            body.Declare("global::System.ReadOnlySpan<int>", levels, "[" + string.Join(", ", ranked.LiteralLevels) + "]");
            scores = $"{s}.Slice(0, {count})";
            if (gradient is not null)
            {
                body.Invoke($"{gradient}.Slice({count}).Clear()");
                gradientArgument = $"{gradient}.Slice(0, {count})";
            }
        }
        else
        {
            RankedGuards(model, body, s);
            levels = ranked.Source == LevelSource.TargetDistribution ? Single(model, ParameterRole.Targets)!
                : ranked.Source == LevelSource.Grades
                ? Single(model, ParameterRole.Grades)!
                : RankingNamespace + (ranked.Source == LevelSource.EarlierAbove ? "ListOrder.EarlierAbove" : "ListOrder.LaterAbove");
        }

        var gamma = Gamma(model, text, Single(model, ParameterRole.Gamma));
        var margin = ranked.RuntimeMargin ? Single(model, ParameterRole.Margin)! : text.Literal(ranked.Margin);
        var call = RankingCall.Of(model);
        var arguments = call.Arguments(new RankingArguments(
            scores,
            levels,
            Single(model, ParameterRole.Classes),
            gamma,
            margin,
            text.Literal(ranked.LambdaMu),
            Single(model, ParameterRole.RowWeights) ?? "default",
            gradientArgument));
        body.Add(new Return($"{RankingNamespace}{call.Class}.{call.Method}<{text.Keyword}>({string.Join(", ", arguments)})"));
        return new RowChoices(BodyLayout.RankingKernel, default, gradient is null ? GradientForm.None : GradientForm.Kernels, false, false, $"{call.Class}.{call.Method}");
    }

    /// <summary>Grades as long as the scores (and finite when floating), rows, row weights, γ and m, the gradient.</summary>
    private static void RankedGuards(LossMethodModel model, StatementBuilder body, string s)
    {
        if (model.Batched)
        {
            var items = Single(model, ParameterRole.Classes)!;
            body.Invoke($"global::PairwiseLoss.Guard.Rows({s}.Length, {items}, {NameOf(model, s)}, {NameOf(model, items)})");
            if (Single(model, ParameterRole.RowWeights) is { } weights)
            {
                body.Invoke($"global::PairwiseLoss.Guard.RowWeights({weights}, {s}.Length / {items}, {NameOf(model, weights)})");
            }
        }

        if (Single(model, ParameterRole.Targets) is { } targets && model.Ranked!.Source == LevelSource.TargetDistribution)
        {
            body.Invoke($"global::PairwiseLoss.Guard.SameLength({targets}.Length, {s}.Length, {NameOf(model, targets)})");
            body.Invoke($"global::PairwiseLoss.Guard.Distribution({targets}, {NameOf(model, targets)})");
        }

        if (Single(model, ParameterRole.Grades) is { } grades)
        {
            body.Invoke($"global::PairwiseLoss.Guard.SameLength({grades}.Length, {s}.Length, {NameOf(model, grades)})");
            if (model.Parameters.Single(p => p.Role == ParameterRole.Grades).TypeText.EndsWith($"<{model.Element.ToString().ToLowerInvariant()}>", System.StringComparison.Ordinal))
            {
                body.Invoke($"global::PairwiseLoss.Guard.Grades({grades}, {NameOf(model, grades)})"); // floating grades: NaN and +∞ are refused
            }
        }

        SettingChecks(model, body);
        GradientChecks(model, body, new[] { s });
        body.Blank();
    }
}

/// <summary>The values a ranking kernel call is made of, as C# text.</summary>
internal readonly record struct RankingArguments(string Scores, string Levels, string? Items, string Gamma, string Margin, string Mu, string RowWeights, string Gradient);

/// <summary>
/// The ranking kernel of a ranked declaration: which class and method, and the arguments in its order. One descriptor per
/// reduction (one log-term, one term per pair, one term per item) and logit (Circle), chosen from the model; the pair
/// weighting and pair shape become the kernel's enum arguments.
/// </summary>
internal sealed record RankingCall(string Class, string Method, System.Func<RankingArguments, IEnumerable<string>> Arguments)
{
    public static RankingCall Of(LossMethodModel model)
    {
        var ranked = model.Ranked!;
        var batched = model.Batched;
        var method = batched ? "Batch" : "Loss";
        var reduction = "global::PairwiseLoss.Ranking.RankingReduction." + ranked.Reduction;
        var graded = ranked.Source is LevelSource.Grades or LevelSource.Literal;
        IEnumerable<string> Tail(RankingArguments a) => batched ? new[] { reduction, a.RowWeights, a.Gradient } : new[] { a.Gradient };
        IEnumerable<string> Head(RankingArguments a) => batched ? new[] { a.Scores, a.Levels, a.Items! } : new[] { a.Scores, a.Levels };

        if (ranked.Source == LevelSource.TargetDistribution)
        {
            return new RankingCall("SoftmaxTargets", method, a => Head(a).Concat(Tail(a)));
        }

        if (model.Mode is LossMode.Circle or LossMode.CircleFullGradient)
        {
            return new RankingCall("GradedCircleLoss", method, a => Head(a).Concat(new[] { a.Gamma, a.Margin, "false" }).Concat(Tail(a)));
        }

        switch (model.Terms)
        {
            case TermMode.PerItem:
                return new RankingCall("ListMle", method, a => Head(a).Concat(new[] { a.Gamma, a.Margin }).Concat(Tail(a)));
            case TermMode.PerPair when ranked.Weighting is PairWeightingKind.NdcgLambdaRank or PairWeightingKind.NdcgLoss2 or PairWeightingKind.NdcgLoss2PlusPlus:
                var scheme = "global::PairwiseLoss.Ranking.LambdaScheme." + ranked.Weighting;
                var topN = ranked.TopN.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new RankingCall("LambdaLoss", method, a => Head(a).Concat(new[] { scheme, a.Gamma, topN, a.Mu }).Concat(Tail(a)));
            case TermMode.PerPair:
                var function = "global::PairwiseLoss.Ranking.PairFunction." + model.Shape;
                var weight = "global::PairwiseLoss.Ranking.PairWeight." + (ranked.Weighting == PairWeightingKind.None ? "One" : ranked.Weighting.ToString());
                return new RankingCall("GradedPairLoss", method, a => Head(a).Concat(graded ? new[] { function, weight } : new[] { function }).Concat(new[] { a.Gamma, a.Margin }).Concat(Tail(a)));
            default:
                var factored = "global::PairwiseLoss.Ranking.GradedWeight." + (ranked.Weighting == PairWeightingKind.HigherGain ? "HigherGain" : "One");
                return new RankingCall("GradedLogTerm", method, a => Head(a).Concat(new[] { a.Gamma, a.Margin }).Concat(graded ? new[] { factored } : System.Array.Empty<string>()).Concat(Tail(a)));
        }
    }
}
