using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Table 3. Batched softmax cross-entropy loss + gradient, float, 256 rows × C classes, one target per row.
/// Baseline: the generated code.
/// </summary>
[Elements(Rows)]
public class SoftmaxBatch
{
    public const int Rows = 256;

    [Params(16, 1024)]
    public int C;

    private float[] scores = Array.Empty<float>();
    private int[] targets = Array.Empty<int>();
    private float[] gradient = Array.Empty<float>();
    private float[] scratch = Array.Empty<float>();
    private TorchSoftmax? torch;

    [GlobalSetup]
    public void Setup()
    {
        Prepare();
        TorchThreads.Use(1);
    }

    [GlobalSetup(Target = nameof(TorchSharpDefaultThreads))]
    public void SetupDefaultThreads()
    {
        Prepare();
        TorchThreads.Use(TorchThreads.Default);
    }

    /// <summary>Creates the inputs and checks that the generated loss agrees with cross_entropy (relative 1e-4).</summary>
    public void Prepare()
    {
        int n = Rows * C;
        scores = Data.Normal(n, 2f, seed: 3000 + C);
        targets = Data.Targets(Rows, C, seed: 4000 + C);
        gradient = new float[n];
        scratch = new float[n];
        torch?.Dispose();
        torch = new TorchSoftmax(scores, targets, Rows, C);

        float generated = Losses.SoftmaxCrossEntropyBatch(scores, targets, C, gradient);
        var other = new float[n];
        float viaTorch = torch.Run(other);
        Agreement.Check($"softmax C={C}: TorchSharp vs generated", generated, viaTorch, gradient, other);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torch?.Dispose();
        torch = null;
    }

    [Benchmark(Baseline = true, Description = "Generated")]
    public float Generated()
    {
        // One thread, like the floors: the fair per-core comparison.
        PairwiseLossOptions.MaxDegreeOfParallelism = 1;
        return Losses.SoftmaxCrossEntropyBatch(scores, targets, C, gradient);
    }

    [Benchmark(Description = "Generated, 2 threads")]
    public float GeneratedTwoThreads()
    {
        // Row blocks on both cores above RowBlocks.ParallelThreshold scores (B·C ≥ 65,536); the same result.
        PairwiseLossOptions.MaxDegreeOfParallelism = 2;
        return Losses.SoftmaxCrossEntropyBatch(scores, targets, C, gradient);
    }

    [Benchmark(Description = "TorchSharp 1 thread")]
    public float TorchSharp1Thread() => torch!.Run();

    [Benchmark(Description = "TorchSharp default threads")]
    public float TorchSharpDefaultThreads() => torch!.Run();

    [Benchmark(Description = "Floor: Exp")]
    public float ExpFloor()
    {
        TensorPrimitives.Exp(scores, scratch);
        return scratch[0];
    }
}
