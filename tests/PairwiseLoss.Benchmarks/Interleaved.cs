using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// <c>--interleaved</c>: every contender of a case timed in this one process, in rounds (each round times every
/// contender once for about <c>--ms</c> milliseconds, in a rotating order, as the fastest of 5 sub-slices), and the ratio
/// to the case's reference taken per round. The table reports the median of the per-round ratios and their min–max spread. On a shared machine the
/// load changes between processes and within seconds; a ratio of two timings taken a few milliseconds apart in the same
/// process cancels most of it, which separate BenchmarkDotNet processes do not (their absolute numbers stay the
/// reference for "how many ns"). Options: <c>--rounds N</c> (default 15), <c>--ms M</c> (default 20).
/// </summary>
public static class Interleaved
{
    private const int SubSlices = 5;

    private static float sink;

    /// <summary>One timed function; returns a value so that the call cannot be optimised away.</summary>
    private sealed record Contender(string Name, Func<float> Run)
    {
        public int CallsPerSlice { get; set; } = 1;

        public List<double> NanosecondsPerCall { get; } = new();
    }

    /// <summary>A case: its contenders, and which ratios the table shows (numerator / denominator, both contender names).</summary>
    private sealed record Case(string Name, Contender[] Contenders, (string Numerator, string Denominator, string Label)[] Ratios);

    public static int Run(IList<string> args)
    {
        int rounds = Option(args, "--rounds", 15);
        int sliceMs = Option(args, "--ms", 20);
        PairwiseLossOptions.MaxDegreeOfParallelism = 1;
        TorchThreads.Use(1);

        var cases = new List<Case>();
        var disposables = new List<IDisposable>();
        var only = args.IndexOf("--only") is var at and >= 0 && at + 1 < args.Count ? args[at + 1] : null;
        foreach (int c in new[] { 16, 128, 1024, 8192 })
        {
            cases.Add(Zlpr(c, disposables));
        }

        cases.Add(Softmax(16, disposables));
        cases.Add(Tiny(disposables));
        foreach (int c in new[] { 16, 128, 1024 })
        {
            cases.Add(Tensors(c, disposables));
        }

        if (only is not null)
        {
            // --only <text>: the cases whose name contains it (e.g. "tensors").
            cases.RemoveAll(c => !c.Name.Contains(only, StringComparison.Ordinal));
        }

        Console.WriteLine($"interleaved: {rounds} rounds × ~{sliceMs} ms per contender; float, B = {ZlprBatch.Rows} rows, loss + gradient, 1 thread each; "
            + $"Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, "
            + $"{RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores");
        var watch = Stopwatch.StartNew();
        foreach (var @case in cases)
        {
            Measure(@case, rounds, sliceMs);
        }

        Console.WriteLine();
        Console.WriteLine(Table(cases));
        Console.WriteLine($"({watch.Elapsed.TotalSeconds:F0} s)");
        foreach (var d in disposables)
        {
            d.Dispose();
        }

        return sink == 12345.678f ? 1 : 0;
    }

    private static Case Zlpr(int classes, List<IDisposable> disposables)
    {
        var rows = ZlprBatch.Rows;
        var n = rows * classes;
        var scores = Data.Normal(n, 2f, seed: 1000 + classes);
        var labels = Data.Labels(n, 0.1, seed: 2000 + classes);
        var gradient = new float[n];
        var scratch = new float[n];
        var torch = new TorchZlpr(scores, labels, rows, classes);
        disposables.Add(torch);

        var generated = Losses.MultiLabelCrossEntropyBatch(scores, labels, classes, gradient);
        var other = new float[n];
        Agreement.Check($"interleaved ZLPR C={classes}: TorchSharp vs generated", generated, torch.Run(other), gradient, other);
        Agreement.Check($"interleaved ZLPR C={classes}: naive vs generated", generated, HandWritten.MultiLabelBatch(scores, labels, classes, other), gradient, other);

        return new Case(
            $"ZLPR C={classes}",
            new Contender[]
            {
                new("generated", () => Losses.MultiLabelCrossEntropyBatch(scores, labels, classes, gradient)),
                new("exp floor", () => ExpFloor.Run(scores, scratch)),
                new("TorchSharp 1T", () => torch.Run()),
            },
            new[] { ("generated", "exp floor", "generated / exp floor"), ("TorchSharp 1T", "generated", "TorchSharp 1T / generated") });
    }

    private static Case Softmax(int classes, List<IDisposable> disposables)
    {
        var rows = SoftmaxBatch.Rows;
        var n = rows * classes;
        var scores = Data.Normal(n, 2f, seed: 3000 + classes);
        var targets = Data.Targets(rows, classes, seed: 4000 + classes);
        var gradient = new float[n];
        var scratch = new float[n];
        var torch = new TorchSoftmax(scores, targets, rows, classes);
        disposables.Add(torch);

        var generated = Losses.SoftmaxCrossEntropyBatch(scores, targets, classes, gradient);
        var other = new float[n];
        Agreement.Check($"interleaved softmax C={classes}: TorchSharp vs generated", generated, torch.Run(other), gradient, other);

        return new Case(
            $"softmax CE C={classes}",
            new Contender[]
            {
                new("generated", () => Losses.SoftmaxCrossEntropyBatch(scores, targets, classes, gradient)),
                new("exp floor", () => ExpFloor.Run(scores, scratch)),
                new("TorchSharp cross_entropy 1T", () => torch.Run()),
            },
            new[] { ("generated", "exp floor", "generated / exp floor"), ("TorchSharp cross_entropy 1T", "generated", "TorchSharp 1T / generated") });
    }

    private static Case Tiny(List<IDisposable> disposables)
    {
        var scores = Data.Normal(8, 1f, seed: 5000);
        var gradient = new float[8];
        var other = new float[8];
        var torch = new TorchRank(scores, TinyRank.Left, TinyRank.Right, gamma: 2f, margin: 0.1f);
        disposables.Add(torch);
        var generated = Declared.Rank8(scores, gradient);
        Agreement.Check("interleaved tiny rank: hand-written vs generated", generated, HandWritten.Rank8(scores, other), gradient, other);

        return new Case(
            "tiny rank (8 scores, 12 wishes)",
            new Contender[]
            {
                new("generated", () => Declared.Rank8(scores, gradient)),
                new("hand-written", () => HandWritten.Rank8(scores, gradient)),
                new("TorchSharp 1T", () => torch.Run()),
            },
            new[] { ("generated", "hand-written", "generated / hand-written"), ("TorchSharp 1T", "generated", "TorchSharp 1T / generated") });
    }

    /// <summary>Tensors in autograd, forward + backward: PairwiseLoss.TorchSharp against TorchSharp's fused losses (see <see cref="TensorStep"/>).</summary>
    private static Case Tensors(int classes, List<IDisposable> disposables)
    {
        var step = new TensorStep(ZlprBatch.Rows, classes, seed: 6000 + classes);
        disposables.Add(step);
        return new Case(
            $"tensors in autograd C={classes}",
            new Contender[]
            {
                new("TorchLosses BCE", step.BceOurs),
                new("torch bce_with_logits", step.BceTorch),
                new("TorchLosses softmax CE", step.SoftmaxOurs),
                new("torch cross_entropy", step.SoftmaxTorch),
                new("TorchLosses multi-label hinge", step.MarginOurs),
                new("torch multi_label_margin_loss", step.MarginTorch),
                new("TorchLosses ZLPR", step.ZlprOurs),
            },
            new[]
            {
                ("torch bce_with_logits", "TorchLosses BCE", "bce_with_logits / TorchLosses BCE"),
                ("torch cross_entropy", "TorchLosses softmax CE", "cross_entropy / TorchLosses softmax CE"),
                ("torch multi_label_margin_loss", "TorchLosses multi-label hinge", "multi_label_margin_loss / TorchLosses hinge"),
                ("torch bce_with_logits", "TorchLosses ZLPR", "bce_with_logits / TorchLosses ZLPR"),
            });
    }

    private static void Measure(Case @case, int rounds, int sliceMs)
    {
        // Warm-up: tier-1 code for every contender (≥ 300 ms or 3,000 calls each), then calls per slice from the last timing.
        foreach (var contender in @case.Contenders)
        {
            var warm = Stopwatch.StartNew();
            long calls = 0;
            while (warm.ElapsedMilliseconds < 300 || calls < 3000)
            {
                sink += contender.Run();
                calls++;
                if (warm.ElapsedMilliseconds > 3000)
                {
                    break;
                }
            }

            // Per call from a short timed run after the warm-up: up to 1,000 calls, fewer for a slow contender (one that
            // needed the whole 3 s for few calls), so that estimating never takes longer than the warm-up did.
            var estimateCalls = (int)Math.Clamp(calls / 3, 1, 1000);
            var perCall = Time(contender.Run, estimateCalls) / estimateCalls;
            contender.CallsPerSlice = (int)Math.Clamp(sliceMs * 1e6 / SubSlices / Math.Max(perCall, 1), 1, 50_000_000);
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < @case.Contenders.Length; k++)
            {
                var contender = @case.Contenders[(k + round) % @case.Contenders.Length];
                // The fastest of a few sub-slices: a slice the scheduler cut into (5 other builds share 2 cores) is dropped.
                var ns = double.PositiveInfinity;
                for (int sub = 0; sub < SubSlices; sub++)
                {
                    ns = Math.Min(ns, Time(contender.Run, contender.CallsPerSlice));
                }

                contender.NanosecondsPerCall.Add(ns / contender.CallsPerSlice);
            }
        }

        Console.Write('.');
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Time(Func<float> run, int calls)
    {
        var start = Stopwatch.GetTimestamp();
        float total = 0;
        for (int i = 0; i < calls; i++)
        {
            total += run();
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        sink += total;
        return elapsed.TotalNanoseconds;
    }

    private static string Table(List<Case> cases)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | ratio | median of per-round ratios | spread (min–max) | median ns/call (numerator, denominator) |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var @case in cases)
        {
            foreach (var (numerator, denominator, label) in @case.Ratios)
            {
                var a = @case.Contenders.Single(c => c.Name == numerator).NanosecondsPerCall;
                var b = @case.Contenders.Single(c => c.Name == denominator).NanosecondsPerCall;
                var ratios = a.Zip(b, (x, y) => x / y).ToList();
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {@case.Name} | {label} | {Median(ratios):F2}× | {ratios.Min():F2}–{ratios.Max():F2} | {Ns(Median(a))}, {Ns(Median(b))} |"));
            }
        }

        return text.ToString();
    }

    private static string Ns(double ns) => ns >= 1e6
        ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms")
        : ns >= 1e3 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F1} µs") : string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns");

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(IList<string> args, string name, int fallback)
    {
        var i = args.IndexOf(name);
        if (i < 0 || i + 1 >= args.Count)
        {
            return fallback;
        }

        var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        args.RemoveAt(i + 1);
        args.RemoveAt(i);
        return value;
    }
}

/// <summary>
/// The exp floor, written here as a plain vector loop over the same B·C scores (one exp per score, read and write once):
/// what any loss + gradient over those scores must at least do. <c>Vector512.Exp</c>/<c>Vector256.Exp</c>
/// (.NET 9+) rather than <c>TensorPrimitives.Exp</c>, whose speed varied 2× between processes on this machine.
/// </summary>
public static class ExpFloor
{
    public static float Run(ReadOnlySpan<float> source, Span<float> destination)
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        int i = 0, n = source.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.Exp(Vector512.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.Exp(Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128.Exp(Vector128.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = MathF.Exp(Unsafe.Add(ref s, i));
        }

        return destination[0];
    }
}
