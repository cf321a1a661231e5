using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Table 1. Batched ZLPR (multi-label categorical cross-entropy) loss + gradient, float, 256 rows × C classes,
/// hard labels with ~10% positives. Baseline: the Exp floor (one TensorPrimitives.Exp over the same B·C floats).
/// </summary>
[Elements(Rows)]
public class ZlprBatch
{
    public const int Rows = 256;

    [Params(16, 128, 1024, 8192)]
    public int C;

    private float[] scores = Array.Empty<float>();
    private bool[] labels = Array.Empty<bool>();
    private float[] gradient = Array.Empty<float>();
    private float[] scratch = Array.Empty<float>();
    private TorchZlpr? torch;

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

    /// <summary>Creates the inputs and checks that the generated, naive and TorchSharp losses agree (relative 1e-4).</summary>
    public void Prepare()
    {
        int n = Rows * C;
        scores = Data.Normal(n, 2f, seed: 1000 + C);
        labels = Data.Labels(n, 0.1, seed: 2000 + C);
        gradient = new float[n];
        scratch = new float[n];
        torch?.Dispose();
        torch = new TorchZlpr(scores, labels, Rows, C);

        float generated = Losses.MultiLabelCrossEntropyBatch(scores, labels, C, gradient);
        var expected = (float[])gradient.Clone();
        var other = new float[n];
        float naive = HandWritten.MultiLabelBatch(scores, labels, C, other);
        Agreement.Check($"ZLPR C={C}: naive vs generated", generated, naive, expected, other);
        float viaTorch = torch.Run(other);
        Agreement.Check($"ZLPR C={C}: TorchSharp vs generated", generated, viaTorch, expected, other);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torch?.Dispose();
        torch = null;
    }

    [Benchmark(Description = "Generated")]
    public float Generated()
    {
        // One thread, like the floors: the fair per-core comparison.
        PairwiseLossOptions.MaxDegreeOfParallelism = 1;
        return Losses.MultiLabelCrossEntropyBatch(scores, labels, C, gradient);
    }

    [Benchmark(Description = "Generated, 2 threads")]
    public float GeneratedTwoThreads()
    {
        // Row blocks on both cores above RowBlocks.ParallelThreshold scores (B·C ≥ 65,536); the same result.
        PairwiseLossOptions.MaxDegreeOfParallelism = 2;
        return Losses.MultiLabelCrossEntropyBatch(scores, labels, C, gradient);
    }

    [Benchmark(Description = "Naive scalar")]
    public float NaiveScalar() => HandWritten.MultiLabelBatch(scores, labels, C, gradient);

    [Benchmark(Description = "TorchSharp 1 thread")]
    public float TorchSharp1Thread() => torch!.Run();

    [Benchmark(Description = "TorchSharp default threads")]
    public float TorchSharpDefaultThreads() => torch!.Run();

    [Benchmark(Baseline = true, Description = "Floor: Exp")]
    public float ExpFloor()
    {
        TensorPrimitives.Exp(scores, scratch);
        return scratch[0];
    }

    [Benchmark(Description = "Floor: copy")]
    public float CopyFloor()
    {
        scores.AsSpan().CopyTo(gradient);
        return gradient[0];
    }
}
