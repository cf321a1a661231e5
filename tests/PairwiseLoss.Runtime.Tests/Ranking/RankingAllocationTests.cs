using System;
using System.Linq;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Ranking;

/// <summary>The ranking kernels allocate nothing in steady state: short lists use the stack, long ones the shared pool.</summary>
public sealed class RankingAllocationTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(1000)]
    public void NoAllocation(int n)
    {
        var random = new Random(n);
        var s = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var gi = Enumerable.Range(0, n).Select(_ => random.Next(-1, 5)).ToArray();
        var g = gi.Select(v => (double)v).ToArray();
        var sf = s.Select(v => (float)v).ToArray();
        var gf = g.Select(v => (float)v).ToArray();
        var d = new double[n];
        var f = new float[n];
        var rows = new double[] { 1, 2 };
        var calls = new (string Name, Action Call)[]
        {
            ("GradedLogTerm double", () => GradedLogTerm.Loss<double>(s, g, 1.5, 0.1, GradedWeight.HigherGain, d)),
            ("GradedLogTerm float int", () => GradedLogTerm.Loss<float>(sf, gi, 1.5f, 0.1f, GradedWeight.One, f)),
            ("GradedLogTerm.Batch", () => GradedLogTerm.Batch<double>(s, g, n / 2, 1, 0, GradedWeight.One, RankingReduction.WeightedMean, rows, d)),
            ("GradedPairLoss float", () => GradedPairLoss.Loss<float>(sf, gf, PairFunction.Logistic, PairWeight.GainDifference, 1f, 0f, f)),
            ("GradedPairLoss.Batch", () => GradedPairLoss.Batch<double>(s, g, n / 2, PairFunction.Hinge, PairWeight.One, 1, 1, RankingReduction.Mean, default, d)),
            ("ListNet", () => SoftmaxTargets.ListNet<double>(s, g, ListNetTargets.Softmax, d)),
            ("ListNetBatch", () => SoftmaxTargets.ListNetBatch<float>(sf, gf, n / 2, ListNetTargets.Normalised, RankingReduction.Sum, default, f)),
            ("LambdaLoss", () => LambdaLoss.Loss<double>(s, g, LambdaScheme.NdcgLambdaRank, 1, 10, 10, d)),
            ("LambdaLoss.Batch", () => LambdaLoss.Batch<float>(sf, gi, n / 2, LambdaScheme.NdcgLoss2PlusPlus, 1f, 0, 10f, RankingReduction.Mean, default, f)),
            ("GradedCircleLoss", () => GradedCircleLoss.Loss<double>(s, g, 16, 0.25, true, d)),
        };
        foreach (var (name, call) in calls)
        {
            Assert.True(AllocationTests.BytesPerCall(call) == 0, $"{name} at n = {n} allocates {AllocationTests.BytesPerCall(call)} bytes per call");
        }
    }
}
