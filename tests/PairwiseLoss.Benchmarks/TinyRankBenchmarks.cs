using System;
using BenchmarkDotNet.Attributes;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Table 2. Tiny unrolled case: 8 scores, 12 literal constraints, γ = 2, m = 0.1, loss + gradient per call.
/// Baseline: the generated code.
/// </summary>
[Elements(1, 8)]
public class TinyRank
{
    /// <summary>The 12 wishes of <see cref="Declared.Rank8"/>: want s[Left[c]] &lt; s[Right[c]].</summary>
    public static readonly long[] Left = { 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 4, 6 };
    public static readonly long[] Right = { 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 3, 5 };

    private readonly float[] scores = Data.Normal(8, 1f, seed: 5000);
    private readonly float[] gradient = new float[8];
    private TorchRank? torch;

    [GlobalSetup]
    public void Setup()
    {
        torch?.Dispose();
        torch = new TorchRank(scores, Left, Right, gamma: 2f, margin: 0.1f);
        TorchThreads.Use(1);

        float generated = Declared.Rank8(scores, gradient);
        var other = new float[8];
        float hand = HandWritten.Rank8(scores, other);
        Agreement.Check("tiny rank: hand-written vs generated", generated, hand, gradient, other);
        float viaTorch = torch.Run(other);
        Agreement.Check("tiny rank: TorchSharp vs generated", generated, viaTorch, gradient, other);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torch?.Dispose();
        torch = null;
    }

    [Benchmark(Baseline = true, Description = "Generated")]
    public float Generated() => Declared.Rank8(scores, gradient);

    [Benchmark(Description = "Hand-written straight-line")]
    public float HandWrittenStraightLine() => HandWritten.Rank8(scores, gradient);

    [Benchmark(Description = "TorchSharp 1 thread")]
    public float TorchSharp1Thread() => torch!.Run();
}
