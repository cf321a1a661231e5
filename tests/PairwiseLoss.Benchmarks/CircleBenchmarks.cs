using System;
using BenchmarkDotNet.Attributes;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Table 4. Circle Loss (unified form, γ = 80, m = 0.4) over 16 positive and 1000 negative similarities, loss +
/// gradient for both spans. Baseline: the generated code.
/// </summary>
[Elements(1, Positives + Negatives)]
public class CircleUnified
{
    public const int Positives = 16;
    public const int Negatives = 1000;
    public const float Gamma = 80f;
    public const float Margin = 0.4f;

    private readonly float[] sp = Data.Uniform(Positives, 0.2f, 1.0f, seed: 6000);
    private readonly float[] sn = Data.Uniform(Negatives, -0.5f, 0.6f, seed: 6001);
    private readonly float[] gradSp = new float[Positives];
    private readonly float[] gradSn = new float[Negatives];
    private TorchCircle? torch;

    [GlobalSetup]
    public void Setup()
    {
        torch?.Dispose();
        torch = new TorchCircle(sp, sn, Gamma, Margin);
        TorchThreads.Use(1);

        float generated = Declared.Circle(sp, sn, gradSp, gradSn);
        var otherP = new float[Positives];
        var otherN = new float[Negatives];
        float viaTorch = torch.Run(otherP, otherN);
        Agreement.Check("circle: TorchSharp vs generated (sp)", generated, viaTorch, gradSp, otherP);
        Agreement.Check("circle: TorchSharp vs generated (sn)", generated, viaTorch, gradSn, otherN);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torch?.Dispose();
        torch = null;
    }

    [Benchmark(Baseline = true, Description = "Generated")]
    public float Generated() => Declared.Circle(sp, sn, gradSp, gradSn);

    [Benchmark(Description = "TorchSharp 1 thread")]
    public float TorchSharp1Thread() => torch!.Run();
}
