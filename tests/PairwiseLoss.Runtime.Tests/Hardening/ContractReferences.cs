using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using PairwiseLoss.Ranking;
using PairwiseLoss.Tests.Shared.Catalogue;
using CatalogueEntry = PairwiseLoss.Tests.Shared.Catalogue.CatalogueLoss;
using PairwiseLoss.Tests.Shared.ClassTermLosses;
using PairwiseLoss.Tests.Shared.Ranking;
using PairwiseLoss.Tests.Shared.Reference;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// The brute-force double reference of each public method a user calls, read from the same arguments as the call:
/// pair by pair, subset by subset, no factorisation. A method without one here fails <see cref="ContractPropertyTests"/>.
/// </summary>
internal static class ContractReferences
{
    /// <summary>The loss the method returns; null where the method returns no loss (it is listed with the test that checks it).</summary>
    public static readonly IReadOnlyDictionary<string, Func<CallArguments, double>?> Loss = new Dictionary<string, Func<CallArguments, double>?>
    {
        ["Losses.SoftmaxCrossEntropy"] = a => Catalogue(a, Family.Softmax),
        ["Losses.SoftmaxCrossEntropyBatch"] = a => Catalogue(a, Family.Softmax),
        ["Losses.MultiLabelCrossEntropy"] = a => Catalogue(a, Family.MultiLabel),
        ["Losses.MultiLabelCrossEntropyBatch"] = a => Catalogue(a, Family.MultiLabel),
        ["Losses.UnifiedPairwise"] = a => Catalogue(a, Family.Unified),
        ["Losses.UnifiedPairwiseBatch"] = a => Catalogue(a, Family.Unified),
        ["Losses.BinaryCrossEntropy"] = a => Catalogue(a, Family.Binary),
        ["Losses.BinaryCrossEntropyBatch"] = a => Catalogue(a, Family.Binary),
        ["Losses.ThresholdCrossEntropy"] = a => Catalogue(a, Family.Threshold),
        ["Losses.ThresholdCrossEntropyBatch"] = a => Catalogue(a, Family.Threshold),
        ["Losses.MultiLabelMargin"] = a => Declared(a, new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Pos }) }, Margin: 1, PerPair: true, Labels: RefLabels.Hard, Shape: PairShape.Hinge)),
        ["Losses.MultiLabelMarginBatch"] = a => Declared(a, new RefDeclaration(new[] { new RefWant(new[] { RefSide.Neg, RefSide.Pos }) }, Margin: 1, PerPair: true, Labels: RefLabels.Hard, Shape: PairShape.Hinge)),
        ["Losses.MultiMargin"] = a => Declared(a, new RefDeclaration(new[] { new RefWant(new[] { RefSide.Others, RefSide.Target }) }, PerPair: true, HasTarget: true, RuntimeMargin: true, Shape: PairShape.Hinge)),
        ["Losses.MultiMarginBatch"] = a => Declared(a, new RefDeclaration(new[] { new RefWant(new[] { RefSide.Others, RefSide.Target }) }, PerPair: true, HasTarget: true, RuntimeMargin: true, Shape: PairShape.Hinge)),
        ["Losses.CircleLoss"] = Circle,
        ["CircleLoss.Pairs"] = Circle,
        ["Losses.TasksOfClassesLoss"] = a => LiteralReference.OthersBelowPositive(a.Numbers("scores"), Labels(a), a.Int("classes"), a.Number("gamma"), a.Number("margin")),
        ["ClassTerms.OthersBelowPositive"] = a => LiteralReference.OthersBelowPositive(a.Numbers("scores"), Labels(a), a.Int("classes"), a.Number("gamma"), a.Number("margin")),
        ["Losses.TasksOfClassesMeanLoss"] = a => LiteralReference.MeanBelowPositive(a.Numbers("scores"), Labels(a), a.Int("classes"), a.Number("gamma"), a.Number("margin")),
        ["ClassTerms.MeanBelowPositive"] = a => LiteralReference.MeanBelowPositive(a.Numbers("scores"), Labels(a), a.Int("classes"), a.Number("gamma"), a.Number("margin")),
        ["TopKSoftmax.LogPartition"] = a => LogPartition(a.Numbers("scores"), a.Int("k"), padded: false),
        ["TopKSoftmax.InclusionProbabilities"] = a => LogPartition(a.Numbers("scores"), a.Int("k"), padded: false),
        ["TopKSoftmax.Loss"] = a => TopK(a.Numbers("scores"), a.Ints("targets"), padded: false),
        ["TopKSoftmax.PaddedLogPartition"] = a => LogPartition(a.Numbers("scores"), a.Int("k"), padded: true),
        ["TopKSoftmax.PaddedLoss"] = a => TopK(a.Numbers("scores"), a.Ints("targets"), padded: true),
        ["TopKSoftmax.Batch"] = a => TopKBatch(a, padded: false),
        ["TopKSoftmax.PaddedBatch"] = a => TopKBatch(a, padded: true),
        ["GradedLogTerm.Loss"] = a => RankingReference.GradedLogTerm(a.Numbers("scores"), Grades(a), a.Number("gamma"), a.Number("margin"), Weight(a, GradedWeight.One)),
        ["GradedLogTerm.Batch"] = a => RankingBatch(a, (s, g) => RankingReference.GradedLogTerm(s, g, a.Number("gamma"), a.Number("margin"), Weight(a, GradedWeight.One))),
        ["ListMle.Loss"] = a => RankingReference.ListMle(a.Numbers("scores"), Grades(a), a.Number("gamma"), a.Number("margin")),
        ["ListMle.Batch"] = a => RankingBatch(a, (s, g) => RankingReference.ListMle(s, g, a.Number("gamma"), a.Number("margin"))),
        ["GradedPairLoss.Loss"] = a => RankingReference.GradedPair(a.Numbers("scores"), Grades(a), a.Enum<PairFunction>("function"), Weight(a, PairWeight.One), a.Number("gamma"), a.Number("margin")),
        ["GradedPairLoss.Batch"] = a => RankingBatch(a, (s, g) => RankingReference.GradedPair(s, g, a.Enum<PairFunction>("function"), Weight(a, PairWeight.One), a.Number("gamma"), a.Number("margin"))),
        ["LambdaLoss.Loss"] = a => RankingReference.LambdaLoss(a.Numbers("scores"), a.Numbers("grades"), a.Enum<LambdaScheme>("scheme"), a.Number("sigma"), a.Int("topK"), a.Number("mu")),
        ["LambdaLoss.Batch"] = a => RankingBatch(a, (s, g) => RankingReference.LambdaLoss(s, g, a.Enum<LambdaScheme>("scheme"), a.Number("sigma"), a.Int("topK"), a.Number("mu"))),
        ["GradedCircleLoss.Loss"] = a => RankingReference.GradedCircle(a.Numbers("scores"), a.Numbers("grades"), a.Number("gamma"), a.Number("margin"), a.Bool("clipToUnitInterval")),
        ["GradedCircleLoss.Batch"] = a => RankingBatch(a, (s, g) => RankingReference.GradedCircle(s, g, a.Number("gamma"), a.Number("margin"), a.Bool("clipToUnitInterval"))),
        ["SoftmaxTargets.Loss"] = a => RankingReference.SoftmaxCrossEntropy(a.Numbers("scores"), a.Numbers("targets")),
        ["SoftmaxTargets.Batch"] = a => RankingBatch(a, (s, y) => RankingReference.SoftmaxCrossEntropy(s, y), "targets", (s, y) => Enumerable.Range(0, s.Length).Any(i => !double.IsNegativeInfinity(s[i]) && y[i] > 0)),
        ["SoftmaxTargets.ListNet"] = a => ListNet(a.Numbers("scores"), a.Numbers("grades"), a.Enum<ListNetTargets>("targets")),
        ["SoftmaxTargets.ListNetBatch"] = a => RankingBatch(a, (s, g) => ListNet(s, g, a.Enum<ListNetTargets>("targets")), "grades", (s, g) => RankingReference.ListNetTargets(s, g, a.Enum<ListNetTargets>("targets")).Sum() > 0),

        // No loss to compare: checked by their own tests against references.
        ["CircleLoss.Batch"] = null, // CircleLossTests: cosines from scratch, per-anchor Circle Loss, finite differences; TorchSharp autograd
        ["PairSimilarities.Forward"] = null, // RuntimePropertyTests.PairSimilaritiesAreBoundedForAnyFiniteEmbeddingAndTheirBackwardIsTheDerivative
        ["Losses.PredictLabels"] = null, // DecisionRuleTests.The_catalogue_predicts_with_its_losses_decision_rules
        ["Losses.PredictClass"] = null, // DecisionRuleTests.The_catalogue_predicts_with_its_losses_decision_rules
        ["Losses.PredictClasses"] = null, // DecisionRuleTests.The_catalogue_predicts_with_its_losses_decision_rules
        ["TopKSoftmax.TopK"] = null, // RuntimePropertyTests.TopKPredictionsAreTheHighestScores
        ["TopKSoftmax.PredictPadded"] = null, // RuntimePropertyTests.TopKPredictionsAreTheHighestScores
        ["LambdaLoss.PairWeights"] = null, // its matrix: Written below
    };

    /// <summary>Methods whose result is a span they write: its name and its reference.</summary>
    public static readonly IReadOnlyDictionary<string, (string Span, Func<CallArguments, double[]> Reference)> Written = new Dictionary<string, (string, Func<CallArguments, double[]>)>
    {
        ["LambdaLoss.PairWeights"] = ("weights", a =>
        {
            var (s, g) = (a.Numbers("scores"), a.Numbers("grades"));
            var (scheme, k) = (a.Enum<LambdaScheme>("scheme"), a.Int("topK"));
            var ranks = RankingReference.Ranks(s, g);
            var weights = new double[s.Length * s.Length];
            foreach (var (lo, hi) in RankingReference.Pairs(s, g).Where(p => RankingReference.InTopK(scheme, k, ranks[p.Lo], ranks[p.Hi])))
            {
                weights[(lo * s.Length) + hi] = RankingReference.LambdaWeight(s, g, scheme, k, a.Number("mu"), lo, hi);
            }

            return weights;
        }),
    };

    private static double[] Labels(CallArguments a) => a.Numbers("labels");

    private static double Catalogue(CallArguments a, Family family)
    {
        var soft = a.Spans.TryGetValue("labels", out var span) && span is SpanArgument<float> or SpanArgument<double>;
        return Declared(a, CatalogueEntry.All.First(l => l.Family == family && (family == Family.Softmax || l.Soft == soft)).Declaration);
    }

    /// <summary>A generated loss from its declaration, per row or (with <c>classes</c>) as the mean over the rows that count.</summary>
    private static double Declared(CallArguments a, RefDeclaration declaration)
    {
        var labels = a.Spans.TryGetValue("labels", out var span) ? span : null;
        var soft = labels is SpanArgument<float> or SpanArgument<double>;
        var scores = a.Numbers("scores");
        var classes = a.Has("classes") ? a.Int("classes") : scores.Length;
        var rows = new List<RefInput>();
        for (var r = 0; r < scores.Length / classes; r++)
        {
            var row = scores.Skip(r * classes).Take(classes).ToArray();
            var rowLabels = labels?.Numbers().Skip(r * classes).Take(classes).ToArray();
            rows.Add(new RefInput(
                new[] { row },
                rowLabels is null || soft ? null : rowLabels.Select(v => v != 0).ToArray(),
                soft ? rowLabels : null,
                a.Has("target") ? a.Int("target") : a.Has("targets") ? a.Ints("targets")[r] : 0,
                a.Has("gamma") ? a.Number("gamma") : 1,
                a.Has("margin") ? a.Number("margin") : 0));
        }

        return a.Has("classes") ? PairwiseReference.EvaluateBatch(declaration, rows).Loss : PairwiseReference.Evaluate(declaration, rows[0]).Loss;
    }

    /// <summary>Circle Loss of one anchor: every negative below every positive, Circle logits, run-time γ and m.</summary>
    private static double Circle(CallArguments a)
    {
        var declaration = new RefDeclaration(
            new[] { new RefWant(new[] { RefSide.SpanSide(1), RefSide.SpanSide(0) }) },
            RuntimeGamma: true,
            RuntimeMargin: true,
            SpanNames: new[] { "sp", "sn" },
            Logit: RefLogit.Circle);
        return PairwiseReference.Evaluate(declaration, new RefInput(new[] { a.Numbers("sp"), a.Numbers("sn") }, Gamma: a.Number("gamma"), Margin: a.Number("margin"))).Loss;
    }

    /// <summary>
    /// log Z_k by enumerating every k-subset (padded: every K-multiset where only class 0 repeats), skipping absent
    /// (−∞) classes; −∞ when none exists.
    /// </summary>
    private static double LogPartition(double[] s, int k, bool padded)
    {
        var first = padded ? 1 : 0;
        var n = s.Length - first;
        var logs = new List<double>();
        for (var zeros = 0; zeros <= (padded ? k : 0); zeros++)
        {
            if (zeros > 0 && double.IsNegativeInfinity(s[0]))
            {
                break;
            }

            for (var mask = 0; mask < 1 << n; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) != k - zeros)
                {
                    continue;
                }

                var sum = zeros == 0 ? 0 : zeros * s[0];
                for (var i = 0; i < n; i++)
                {
                    sum += (mask & (1 << i)) != 0 ? s[first + i] : 0;
                }

                if (!double.IsNegativeInfinity(sum))
                {
                    logs.Add(sum);
                }
            }
        }

        return logs.Count == 0 ? double.NegativeInfinity : logs.Max() + Math.Log(logs.Sum(v => Math.Exp(v - logs.Max())));
    }

    /// <summary>log Z − Σ_t s_t; no subset at all (Z = 0): 0, not counted.</summary>
    private static (double Loss, bool Counted) TopKRow(double[] scores, int[] targets, bool padded)
    {
        var logZ = LogPartition(scores, targets.Length, padded);
        return double.IsNegativeInfinity(logZ) ? (0, false) : (logZ - targets.Sum(t => scores[t]), true);
    }

    private static double TopK(double[] scores, int[] targets, bool padded) => TopKRow(scores, targets, padded).Loss;

    /// <summary>The mean of the rows' top-k losses over the rows that have a subset (each row has k = targets per row).</summary>
    private static double TopKBatch(CallArguments a, bool padded)
    {
        var scores = a.Numbers("scores");
        var classes = a.Int("classes");
        var rows = scores.Length / classes;
        var targets = a.Ints("targets");
        var k = targets.Length / rows;
        var counted = Enumerable.Range(0, rows).Select(r => TopKRow(scores.Skip(r * classes).Take(classes).ToArray(), targets.Skip(r * k).Take(k).ToArray(), padded)).Where(r => r.Counted).ToList();
        return counted.Count == 0 ? 0 : counted.Average(r => r.Loss);
    }

    /// <summary>The grades of a call: its grades span, or the positions its list order stands for (row by row of a batch).</summary>
    private static double[] Grades(CallArguments a)
    {
        if (a.Has("grades"))
        {
            return a.Numbers("grades");
        }

        var n = a.Numbers("scores").Length;
        var items = a.Has("items") ? a.Int("items") : Math.Max(n, 1);
        var row = RankingReference.Positions(items, a.Enum<ListOrder>("order"));
        return Enumerable.Range(0, n).Select(i => row[i % items]).ToArray();
    }

    /// <summary>The weight argument, or the one an overload without it uses.</summary>
    private static TEnum Weight<TEnum>(CallArguments a, TEnum absent)
        where TEnum : struct, Enum => a.Has("weight") ? a.Enum<TEnum>("weight") : absent;

    private static double ListNet(double[] s, double[] g, ListNetTargets kind) =>
        RankingReference.SoftmaxCrossEntropy(s, RankingReference.ListNetTargets(s, g, kind), g);

    /// <summary>
    /// A batched ranking loss from its per-list reference: rows with a valid pair (or target) are counted; Mean divides
    /// Σ w·L by the counted rows, WeightedMean by their weights, Sum not at all.
    /// </summary>
    private static double RankingBatch(CallArguments a, Func<double[], double[], double> row, string labels = "grades", Func<double[], double[], bool>? counts = null)
    {
        counts ??= (s, g) => RankingReference.Pairs(s, g).Any();
        var scores = a.Numbers("scores");
        var second = labels == "grades" ? Grades(a) : a.Numbers(labels);
        var items = a.Int("items");
        var weights = a.Has("rowWeights") && a.Numbers("rowWeights").Length > 0 ? a.Numbers("rowWeights") : null;
        var reduction = a.Enum<RankingReduction>("reduction");
        var (total, denominator) = (0.0, 0.0);
        for (var r = 0; r < scores.Length / items; r++)
        {
            var s = scores.Skip(r * items).Take(items).ToArray();
            var g = second.Skip(r * items).Take(items).ToArray();
            if (!counts(s, g))
            {
                continue;
            }

            var w = weights?[r] ?? 1;
            total += w * row(s, g);
            denominator += reduction == RankingReduction.WeightedMean ? w : 1;
        }

        return reduction == RankingReduction.Sum ? total : denominator == 0 ? 0 : total / denominator;
    }
}
