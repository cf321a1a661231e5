using System;
using System.Linq;
using Xunit;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>Losses and the decision rules the generator writes beside them.</summary>
public static partial class DecidedLosses
{
    [PairwiseLoss, Want("neg < 0.5 < pos")]
    public static partial float Shifted(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

    [DecisionRule(nameof(Shifted))]
    public static partial void PredictShifted(ReadOnlySpan<float> s, Span<bool> labels);

    [PairwiseLoss(Terms = LossTerms.PerPair), Want("neg < 0"), Want("0 < pos")]
    public static partial double Bce(ReadOnlySpan<double> s, ReadOnlySpan<double> labels, Span<double> grad);

    [DecisionRule(nameof(Bce))]
    public static partial void PredictBce(ReadOnlySpan<double> s, Span<bool> labels);

    [PairwiseLoss(Batched = true), Want("neg < s0 < pos")]
    public static partial float Padded(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);

    [DecisionRule(nameof(Padded))]
    public static partial void PredictPadded(ReadOnlySpan<float> s, int classes, Span<bool> labels);

    [PairwiseLoss, Want("others < target")]
    public static partial float Softmax(ReadOnlySpan<float> s, int target, Span<float> grad);

    [DecisionRule(nameof(Softmax))]
    public static partial int PredictClass(ReadOnlySpan<float> s);

    [PairwiseLoss(Batched = true), Want("others < target")]
    public static partial float SoftmaxBatch(ReadOnlySpan<float> s, ReadOnlySpan<int> targets, int classes, Span<float> grad);

    [DecisionRule(nameof(SoftmaxBatch))]
    public static partial void PredictClasses(ReadOnlySpan<float> s, int classes, Span<int> predictions);

    [PairwiseLoss(Batched = true, Terms = LossTerms.PerItem), Want("s[j] < s[i] where i < j")]
    public static partial float ListMle(ReadOnlySpan<float> s, int items, Span<float> grad);

    [DecisionRule(nameof(ListMle))]
    public static partial void Order(ReadOnlySpan<float> s, int items, Span<int> order);
}

/// <summary>
/// Each rule is the prediction its loss's constraints imply: where every wanted pair holds, the loss is at its smallest and the
/// rule predicts the labels, class or order the constraints describe.
/// </summary>
public sealed class DecisionRuleTests
{
    [Fact]
    public void A_threshold_between_negatives_and_positives_predicts_the_scores_above_it()
    {
        float[] s = { 0.4f, 0.6f, -3, 0.5f, 9 };
        var labels = new bool[s.Length];
        DecidedLosses.PredictShifted(s, labels);
        Assert.Equal(new[] { false, true, false, false, true }, labels);

        var predicted = new bool[3];
        DecidedLosses.PredictBce(new[] { -0.1, 0.0, 1e-300 }, predicted);
        Assert.Equal(new[] { false, false, true }, predicted);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => DecidedLosses.PredictShifted(s, new bool[4])).ParamName);
    }

    [Fact]
    public void A_padding_class_predicts_the_classes_above_it_in_each_row()
    {
        float[] s = { 1, 2, 0.5f, 3, /* row 2 */ -1, -2, 0, -1 };
        var labels = new bool[s.Length];
        DecidedLosses.PredictPadded(s, 4, labels);
        Assert.Equal(new[] { false, true, false, true, false, false, true, false }, labels);
        Assert.Equal("classes", Assert.ThrowsAny<ArgumentException>(() => DecidedLosses.PredictPadded(s, 0, labels)).ParamName);
    }

    [Fact]
    public void Others_below_a_target_predicts_the_argmax()
    {
        Assert.Equal(2, DecidedLosses.PredictClass(new[] { 0.1f, -1, 4, 4, 2 })); // ties: the first
        Assert.Equal("s", Assert.ThrowsAny<ArgumentException>(() => DecidedLosses.PredictClass(ReadOnlySpan<float>.Empty)).ParamName);
        var predictions = new int[2];
        DecidedLosses.PredictClasses(new[] { 0f, 1, 2, /* row 2 */ 5, 1, 2 }, 3, predictions);
        Assert.Equal(new[] { 2, 0 }, predictions);
        Assert.Equal("predictions", Assert.Throws<ArgumentException>(() => DecidedLosses.PredictClasses(new float[6], 3, new int[3])).ParamName);
    }

    [Fact]
    public void An_order_predicts_the_items_by_descending_score_per_row()
    {
        float[] s = { 0.3f, 2, -1, 2, /* row 2 */ float.NaN, 1, 5, 0 };
        var order = new int[s.Length];
        DecidedLosses.Order(s, 4, order);
        Assert.Equal(new[] { 1, 3, 0, 2, 2, 1, 3, 0 }, order); // ties: the earlier item first; NaN last
        Assert.Equal("order", Assert.Throws<ArgumentException>(() => DecidedLosses.Order(s, 4, new int[7])).ParamName);
    }

    /// <summary>The rule agrees with its loss: the loss is smallest when the scores are ordered as the rule reads them.</summary>
    [Fact]
    public void The_order_the_rule_predicts_is_the_order_the_loss_wants()
    {
        var random = new Random(4);
        var s = Enumerable.Range(0, 6).Select(_ => (float)random.NextDouble()).ToArray();
        var order = new int[6];
        DecidedLosses.Order(s, 6, order);
        var sorted = order.Select(i => s[i]).ToArray(); // the scores rearranged into the predicted order: best first
        var shuffled = sorted.Reverse().ToArray();
        Assert.True(DecidedLosses.ListMle(sorted, 6, new float[6]) < DecidedLosses.ListMle(shuffled, 6, new float[6]));
    }

    [Fact]
    public void The_catalogue_predicts_with_its_losses_decision_rules()
    {
        var labels = new bool[4];
        Losses.PredictLabels(new[] { 0.5f, -0.5f, 0f, float.PositiveInfinity }, labels);
        Assert.Equal(new[] { true, false, false, true }, labels);
        Losses.PredictLabels(new[] { 1e-300, -1e-300, 0, double.NaN }, labels);
        Assert.Equal(new[] { true, false, false, false }, labels);
        Assert.Equal(1, Losses.PredictClass(new[] { 0f, 3, 3 }));
        Assert.Equal(0, Losses.PredictClass(new[] { 2.0 }));
        var classes = new int[2];
        Losses.PredictClasses(new[] { 0.0, 1, 5, 4, 1, 2 }, 3, classes);
        Assert.Equal(new[] { 2, 0 }, classes);
        Losses.PredictClasses(new[] { 0f, 1, 5, 4, 1, 2 }, 2, new int[3]);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Losses.PredictLabels(new float[3], labels)).ParamName);
        Assert.Equal("scores", Assert.ThrowsAny<ArgumentException>(() => Losses.PredictClass(ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("predictions", Assert.Throws<ArgumentException>(() => Losses.PredictClasses(new float[6], 3, new int[3])).ParamName);
    }
}
