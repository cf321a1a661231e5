using System;
using BenchmarkDotNet.Attributes;
using PairwiseLoss.Ranking;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Cost per list of the ranking kernels (PairwiseLoss.Ranking), loss + gradient, float, grades 0..4: the O(n log n) graded
/// one-log-term and ListNet, the O(n²) per-pair logistic (vectorised) and LambdaLoss with NDCG-LambdaRank weights (scalar pairs,
/// two sorts for the ranks and maxDCG). C is the list length.
/// </summary>
[Elements(1)]
public class RankingLists
{
    [Params(32, 128, 1024)]
    public int C { get; set; }

    private float[] scores = Array.Empty<float>();
    private int[] grades = Array.Empty<int>();
    private float[] floatGrades = Array.Empty<float>();
    private float[] gradient = Array.Empty<float>();

    [GlobalSetup]
    public void Setup()
    {
        scores = Data.Normal(C, 1f, seed: 77);
        var random = new Random(78);
        grades = new int[C];
        floatGrades = new float[C];
        for (var i = 0; i < C; i++)
        {
            grades[i] = random.Next(5);
            floatGrades[i] = grades[i];
        }

        gradient = new float[C];
    }

    [Benchmark(Baseline = true, Description = "Graded one log-term (O(n log n))")]
    public float OneLogTerm() => GradedLogTerm.Loss<float>(scores, grades, 1f, 0f, GradedWeight.One, gradient);

    [Benchmark(Description = "ListNet softmax (O(n))")]
    public float ListNet() => SoftmaxTargets.ListNet<float>(scores, floatGrades, ListNetTargets.Normalised, gradient);

    [Benchmark(Description = "RankNet per pair (O(n²), SIMD)")]
    public float RankNet() => GradedPairLoss.Loss<float>(scores, grades, PairFunction.Logistic, PairWeight.One, 1f, 0f, gradient);

    [Benchmark(Description = "LambdaLoss NDCG weights (O(n²))")]
    public float Lambda() => LambdaLoss.Loss<float>(scores, grades, LambdaScheme.NdcgLambdaRank, 1f, 0, 10f, gradient);
}
