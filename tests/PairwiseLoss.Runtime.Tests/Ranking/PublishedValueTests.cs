using System;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>
/// Numbers from the unit tests of TF-Ranking (tensorflow/ranking, tensorflow_ranking/python/losses_impl_test.py) and allRank
/// (allegro/allRank, tests/test_lambdaloss.py, tests/test_listnet.py), on their literal inputs. Where their test states the
/// expectation as a formula, the literal below is that formula evaluated in double (shown beside it).
/// </summary>
public sealed class PublishedValueTests
{
    private const double Tolerance = 1e-5;

    // allegro/allRank tests/test_lambdaloss.py, test_ndcgloss2_ignores_padded: ndcgLoss2PP_scheme (μ = 10), binary log, sum.
    [Fact]
    public void AllRankNdcgLoss2PlusPlus()
    {
        var loss = LambdaLoss.Loss<double>(new[] { 0.5, 0.3, 0.5 }, new[] { 0.5, 0.3, 0.5 }, LambdaScheme.NdcgLoss2PlusPlus, 1, 0, 10, default);
        Assert.Equal(1.1244146823, loss, Tolerance);

        // ... and with a padded item (y_true = −1, PADDED_Y_VALUE), which must not change it.
        var padded = LambdaLoss.Loss<double>(new[] { 0.5, 0.3, 0.5, 1.0 }, new[] { 0.5, 0.3, 0.5, -1 }, LambdaScheme.NdcgLoss2PlusPlus, 1, 0, 10, default);
        Assert.Equal(1.1244146823, padded, Tolerance);
    }

    // allegro/allRank tests/test_lambdaloss.py, test_ranknet_ignores_padded: rankNet_scheme, natural log (= binary × ln 2), sum.
    [Fact]
    public void AllRankRankNet()
    {
        var loss = LambdaLoss.Loss<double>(new[] { 0.5, 0.3, 0.5, 1.0 }, new[] { 0.5, 0.3, 0.5, -1 }, LambdaScheme.RankNet, 1, 0, 10, default);
        Assert.Equal(1.1962778568, loss * Math.Log(2), Tolerance);

        // The same loss as the per-pair logistic form.
        Assert.Equal(1.1962778568, GradedPairLoss.Loss<double>(new[] { 0.5, 0.3, 0.5, 1.0 }, new[] { 0.5, 0.3, 0.5, -1 }, PairFunction.Logistic, PairWeight.One, 1, 0, default), Tolerance);
    }

    // allegro/allRank tests/test_listnet.py, test_listnet_simple (eps = 0): −Σ softmax(y_true)·log softmax(y_pred) = 0.6350376708795256.
    // test_listnet_ignores_padded_value: the padded third item changes nothing.
    [Fact]
    public void AllRankListNet()
    {
        Assert.Equal(0.6350376708795256, SoftmaxTargets.ListNet<double>(new[] { 0.5, 0.2 }, new[] { 1.0, 0.0 }, ListNetTargets.Softmax, default), Tolerance);
        Assert.Equal(0.6350376708795256, SoftmaxTargets.ListNet<double>(new[] { 0.5, 0.2, 0.5 }, new[] { 1.0, 0.0, -1 }, ListNetTargets.Softmax, default), Tolerance);

        // test_listnet_stable_for_very_small_prediction: y_pred = [0.5, −1e30] is finite (allRank adds ε = 1e-10 inside the log; we need none).
        var loss = SoftmaxTargets.ListNet<double>(new[] { 0.5, -1e30 }, new[] { 1.0, 0.0 }, ListNetTargets.Softmax, default);
        Assert.True(double.IsFinite(loss));
    }

    // tensorflow/ranking losses_impl_test.py, PairwiseLogisticLossTest.test_pairwise_logistic_loss (MEAN over the 4 pairs):
    // (logloss(1) + logloss(−1) + logloss(2) + logloss(1))/4 = 0.5166782683994103.
    [Fact]
    public void TfRankingPairwiseLogistic()
    {
        var scores = new[] { 1.0, 3.0, 2.0, 1.0, 2.0, 3.0 };
        var labels = new[] { 0.0, 0.0, 1.0, 0.0, 0.0, 2.0 };
        var sum = GradedPairLoss.Batch<double>(scores, labels, 3, PairFunction.Logistic, PairWeight.One, 1, 0, RankingReduction.Sum, default, default);
        Assert.Equal(0.5166782683994103, sum / 4, Tolerance);
    }

    // PairwiseHingeLossTest.test_pairwise_hinge_loss: (hinge(1) + hinge(−1) + hinge(2) + hinge(1))/4 = 0.5, hinge(x) = max(0, 1 − x).
    [Fact]
    public void TfRankingPairwiseHinge()
    {
        var scores = new[] { 1.0, 3.0, 2.0, 1.0, 2.0, 3.0 };
        var labels = new[] { 0.0, 0.0, 1.0, 0.0, 0.0, 2.0 };
        var sum = GradedPairLoss.Batch<double>(scores, labels, 3, PairFunction.Hinge, PairWeight.One, 1, 1, RankingReduction.Sum, default, default);
        Assert.Equal(0.5, sum / 4, Tolerance);
    }

    // PairwiseSoftZeroOneLossTest.test_pairwise_soft_zero_one_loss: mean of 1/(1 + e^{x}) over the 4 pairs = 0.34703608584802814.
    [Fact]
    public void TfRankingPairwiseSoftZeroOne()
    {
        var scores = new[] { 1.0, 3.0, 2.0, 1.0, 2.0, 3.0 };
        var labels = new[] { 0.0, 0.0, 1.0, 0.0, 0.0, 2.0 };
        var sum = GradedPairLoss.Batch<double>(scores, labels, 3, PairFunction.Sigmoid, PairWeight.One, 1, 0, RankingReduction.Sum, default, default);
        Assert.Equal(0.34703608584802814, sum / 4, Tolerance);
    }

    // SoftmaxLossTest.test_softmax_loss, SUM_BY_NONZERO_WEIGHTS: the all-zero third list is not counted:
    // −(log p_0[2] + 2·log p_1[2])/2 = 1.1114089466665704. Our batched Mean over counted rows with y = labels is exactly that.
    [Fact]
    public void TfRankingSoftmax()
    {
        var scores = new[] { 1.0, 3.0, 2.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0 };
        var labels = new[] { 0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0 };
        Assert.Equal(1.1114089466665704, SoftmaxTargets.Batch<double>(scores, labels, 3, RankingReduction.Mean, default, default), Tolerance);
    }

    // CircleLossTest.test_circle_loss (γ = 64, m = 0.25, MEAN over lists; TF-Ranking clips scores to [0, 1]): 36.16324390034248.
    // test_circle_loss_should_handle_parameters (γ = 4, m = 0.1): 3.0803830859963717. test_circle_loss_with_invalid_labels: 33.6.
    [Fact]
    public void TfRankingCircle()
    {
        var a = GradedCircleLoss.Loss<double>(new[] { 0.1, 0.3, 0.2 }, new[] { 0.0, 0.0, 1.0 }, 64, 0.25, true, default);
        var b = GradedCircleLoss.Loss<double>(new[] { 0.1, 0.2, 0.3 }, new[] { 0.0, 1.0, 2.0 }, 64, 0.25, true, default);
        Assert.Equal(36.16324390034248, (a + b) / 2, Tolerance);

        var c = GradedCircleLoss.Loss<double>(new[] { 0.1, 0.3, 0.2 }, new[] { 0.0, 0.0, 1.0 }, 4, 0.1, true, default);
        var d = GradedCircleLoss.Loss<double>(new[] { 0.1, 0.2, 0.3 }, new[] { 0.0, 0.0, 2.0 }, 4, 0.1, true, default);
        Assert.Equal(3.0803830859963717, (c + d) / 2, Tolerance);

        Assert.Equal(33.6, GradedCircleLoss.Loss<double>(new[] { 0.1, 0.3, 0.2 }, new[] { 0.0, -1.0, 1.0 }, 64, 0.25, true, default), Tolerance);
    }
}
