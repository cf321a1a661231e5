using System;
using System.Linq;
using Xunit;
using PairwiseLoss.Tests.Shared.ClassTermLosses;

namespace PairwiseLoss.Runtime.Tests.ClassTermLosses;

/// <summary>
/// The observations of Su Jianlin, "不成功的尝试：将多标签交叉熵推广到“n个m分类”上去", https://kexue.fm/archives/9158, section "结果倒推": eq. loss-3 can be small while the labelled score is not the
/// row's largest; eq. loss-1 cannot. And the post's remark that for m = 2 classes both reduce to the multi-label
/// cross-entropy.
/// </summary>
public sealed class SeedObservationTests
{
    private static readonly double Log2 = Math.Log(2);

    /// <summary>
    /// A worked hard-label example for eq. loss-3 of https://kexue.fm/archives/9158: s_i = (10, 5, −5), the true class is the 2nd. s̄_i = 10/3, s_{i,2} − s̄_i = 1.67 > 0, "但 s_{i,2}
    /// 不是最大值！模型会错误地预测第1类" (but s_{i,2} is not the maximum: the model predicts class 1). Su Jianlin: "只要
    /// s_{i,j} ≫ s̄_i，损失就会很接近于0 … s_{i,j} 不一定是 … 中的最大者，这就无法实现分类目标了" (as soon as s_ij ≫ s̄_i
    /// the loss is close to 0, yet s_ij need not be the largest, so the classification goal is not achieved).
    /// </summary>
    [Fact]
    public void Seed_example_loss3_is_small_while_the_target_is_not_the_largest_and_loss1_is_not()
    {
        double[] s = [10, 5, -5];
        bool[] t = [false, true, false];
        Assert.NotEqual(1, Array.IndexOf(s, s.Max())); // the labelled class is not the argmax

        var loss3 = ClassTerms.MeanBelowPositive<double>(s, t, 3, 1.0, 0.0, Span<double>.Empty);
        var loss1 = ClassTerms.OthersBelowPositive<double>(s, t, 3, 1.0, 0.0, Span<double>.Empty);

        Assert.Equal(Math.Log(1 + Math.Exp((10.0 / 3) - 5)), loss3, 1e-14); // ≈ 0.172
        Assert.Equal(Math.Log(1 + Math.Exp(5) + Math.Exp(-10)), loss1, 1e-13); // ≈ 5.007
        Assert.True(loss3 < 0.2, $"loss-3 = {loss3}");
        Assert.True(loss1 > Log2, $"loss-1 = {loss1}"); // at least one other class is above the target: inner sum ≥ 1
        Assert.True(loss1 > 25 * loss3);
    }

    /// <summary>Scaling the same row drives loss-3 to 0 with the wrong argmax unchanged, while loss-1 grows.</summary>
    [Fact]
    public void Scaling_the_seed_row_drives_loss3_to_zero_but_not_loss1()
    {
        double[] row = [10, 5, -5];
        bool[] t = [false, true, false];
        var previous3 = double.PositiveInfinity;
        var previous1 = 0.0;
        foreach (var scale in new[] { 1.0, 2, 4, 8, 16 })
        {
            var s = row.Select(x => x * scale).ToArray();
            var loss3 = ClassTerms.MeanBelowPositive<double>(s, t, 3, 1.0, 0.0, Span<double>.Empty);
            var loss1 = ClassTerms.OthersBelowPositive<double>(s, t, 3, 1.0, 0.0, Span<double>.Empty);
            Assert.True(loss3 < previous3 && loss1 > previous1 && loss1 >= Log2);
            previous3 = loss3;
            previous1 = loss1;
        }

        Assert.True(previous3 < 1e-10, $"loss-3 = {previous3}"); // 16·(5 − 10/3) ≈ 26.7: e^{-26.7}
        Assert.Equal(80, previous1, 1e-12); // log(1 + e^{16·5} + e^{-16·10}) = 80 to double precision
    }

    /// <summary>
    /// The property behind it, over random inputs: with hard labels, γ > 0 and m ≥ 0, any labelled score that is not its
    /// row's strict maximum makes some pair e^{γ(s_ik − s_ij + m)} ≥ 1, so loss-1 ≥ log 2; loss-3 gives no such bound.
    /// </summary>
    [Fact]
    public void Loss1_is_at_least_log2_whenever_a_labelled_score_is_not_its_rows_maximum()
    {
        var random = new Random(7);
        var sawSmallLoss3 = false;
        for (var trial = 0; trial < 400; trial++)
        {
            var rows = random.Next(1, 6);
            var classes = random.Next(2, 8);
            var s = Enumerable.Range(0, rows * classes).Select(_ => -5 + (10 * random.NextDouble())).ToArray();
            var t = new bool[s.Length];
            var wrong = false;
            for (var i = 0; i < rows; i++)
            {
                var j = random.Next(classes);
                t[(i * classes) + j] = true;
                var row = s.AsSpan(i * classes, classes);
                wrong |= row[j] < row.ToArray().Max();
            }

            var gamma = 0.5 + (3.5 * random.NextDouble());
            var margin = 0.5 * random.NextDouble();
            var loss1 = ClassTerms.OthersBelowPositive<double>(s, t, classes, gamma, margin, Span<double>.Empty);
            var loss3 = ClassTerms.MeanBelowPositive<double>(s, t, classes, gamma, margin, Span<double>.Empty);
            if (wrong)
            {
                Assert.True(loss1 >= Log2, $"trial {trial}: loss-1 = {loss1}");
                sawSmallLoss3 |= loss3 < Log2;
            }
        }

        Assert.True(sawSmallLoss3, "some wrong argmax should have had loss-3 below log 2");
    }

    /// <summary>
    /// Su Jianlin (https://kexue.fm/archives/9158): "特别地，当m=2时，式loss-1和式loss-3都能退化为多标签交叉熵" (for 2 classes both reduce to the
    /// multi-label cross-entropy): s̄_i − s_ij = (s_ik − s_ij)/2, so loss-3 at (γ, m) is loss-1 at (γ/2, 2m).
    /// </summary>
    [Fact]
    public void Two_classes_loss3_is_loss1_at_half_gamma_and_double_margin()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var rows = random.Next(1, 9);
            var s = Enumerable.Range(0, 2 * rows).Select(_ => -3 + (6 * random.NextDouble())).ToArray();
            var t = Enumerable.Range(0, 2 * rows).Select(_ => random.NextDouble()).ToArray();
            var gamma = 0.5 + (3.5 * random.NextDouble());
            var margin = -0.5 + random.NextDouble();
            var g3 = new double[s.Length];
            var g1 = new double[s.Length];
            var loss3 = ClassTerms.MeanBelowPositive<double>(s, t, 2, gamma, margin, g3);
            var loss1 = ClassTerms.OthersBelowPositive<double>(s, t, 2, gamma / 2, 2 * margin, g1);
            Near.Equal(loss1, loss3, 1e-13, 1e-13, $"trial {trial}");
            Near.Gradient(g1, g3, 1e-12, gamma * 1e-3, $"trial {trial} gradient");
        }
    }
}
