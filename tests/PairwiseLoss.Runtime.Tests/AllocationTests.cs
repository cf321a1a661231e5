using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// Steady-state training calls allocate nothing: every catalogue loss, per row and batched, float and double, short and
/// long rows (long ones take their scratch from the stack or ArrayPool, never from the heap), measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around many calls after a warm-up.
/// </summary>
public sealed class AllocationTests
{
    private const int Calls = 20;
    private readonly ITestOutputHelper output;

    public AllocationTests(ITestOutputHelper output) => this.output = output;

    /// <summary>
    /// Bytes per call on this thread after warm-up (tier-up, pools filled): the fewest over up to five windows of
    /// <see cref="Calls"/> calls, because a one-off event in one window (the runtime's tiering, a pool refilled after
    /// a trim) is not a per-call cost; a call that allocates every time allocates in every window.
    /// </summary>
    internal static double BytesPerCall(Action call)
    {
        for (var i = 0; i < 40; i++)
        {
            call();
        }

        var fewest = double.PositiveInfinity;
        for (var window = 0; window < 5 && fewest > 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Calls; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls);
        }

        return fewest;
    }

    /// <summary>Every catalogue loss as (name, call) at <paramref name="classes"/> classes (batched: <paramref name="rows"/> rows).</summary>
    internal static IEnumerable<(string Name, Action Call)> Catalogue(int rows, int classes)
    {
        var rng = new Random(classes);
        var n = rows * classes;
        var sf = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 6) - 3)).ToArray();
        var sd = sf.Select(x => (double)x).ToArray();
        var hard = Enumerable.Range(0, n).Select(_ => rng.Next(5) == 0).ToArray();
        var softF = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
        var softD = softF.Select(x => (double)x).ToArray();
        var targets = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
        var gf = new float[n];
        var gd = new double[n];
        var rf = sf.AsMemory(0, classes);
        var rd = sd.AsMemory(0, classes);
        var hr = hard.AsMemory(0, classes);
        var sfr = softF.AsMemory(0, classes);
        var sdr = softD.AsMemory(0, classes);
        var gfr = gf.AsMemory(0, classes);
        var gdr = gd.AsMemory(0, classes);
        var half = classes / 2;

        yield return ("SoftmaxCrossEntropy (float)", () => Losses.SoftmaxCrossEntropy(rf.Span, targets[0], gfr.Span));
        yield return ("SoftmaxCrossEntropy (double)", () => Losses.SoftmaxCrossEntropy(rd.Span, targets[0], gdr.Span));
        yield return ("MultiLabelCrossEntropy (float, hard)", () => Losses.MultiLabelCrossEntropy(rf.Span, hr.Span, gfr.Span));
        yield return ("MultiLabelCrossEntropy (double, hard)", () => Losses.MultiLabelCrossEntropy(rd.Span, hr.Span, gdr.Span));
        yield return ("MultiLabelCrossEntropy (float, soft)", () => Losses.MultiLabelCrossEntropy(rf.Span, sfr.Span, gfr.Span));
        yield return ("MultiLabelCrossEntropy (double, soft)", () => Losses.MultiLabelCrossEntropy(rd.Span, sdr.Span, gdr.Span));
        yield return ("UnifiedPairwise (float, hard)", () => Losses.UnifiedPairwise(rf.Span, hr.Span, 2f, 0.1f, gfr.Span));
        yield return ("UnifiedPairwise (double, hard)", () => Losses.UnifiedPairwise(rd.Span, hr.Span, 2, 0.1, gdr.Span));
        yield return ("UnifiedPairwise (float, soft)", () => Losses.UnifiedPairwise(rf.Span, sfr.Span, 2f, 0.1f, gfr.Span));
        yield return ("UnifiedPairwise (double, soft)", () => Losses.UnifiedPairwise(rd.Span, sdr.Span, 2, 0.1, gdr.Span));
        yield return ("BinaryCrossEntropy (float, hard)", () => Losses.BinaryCrossEntropy(rf.Span, hr.Span, gfr.Span));
        yield return ("BinaryCrossEntropy (double, hard)", () => Losses.BinaryCrossEntropy(rd.Span, hr.Span, gdr.Span));
        yield return ("BinaryCrossEntropy (float, soft)", () => Losses.BinaryCrossEntropy(rf.Span, sfr.Span, gfr.Span));
        yield return ("BinaryCrossEntropy (double, soft)", () => Losses.BinaryCrossEntropy(rd.Span, sdr.Span, gdr.Span));
        yield return ("ThresholdCrossEntropy (float, hard)", () => Losses.ThresholdCrossEntropy(rf.Span, hr.Span, gfr.Span));
        yield return ("ThresholdCrossEntropy (double, hard)", () => Losses.ThresholdCrossEntropy(rd.Span, hr.Span, gdr.Span));
        yield return ("ThresholdCrossEntropy (float, soft)", () => Losses.ThresholdCrossEntropy(rf.Span, sfr.Span, gfr.Span));
        yield return ("ThresholdCrossEntropy (double, soft)", () => Losses.ThresholdCrossEntropy(rd.Span, sdr.Span, gdr.Span));
        yield return ("CircleLoss (float)", () => Losses.CircleLoss(rf.Span[..half], rf.Span[half..], 80f, 0.4f, gf.AsSpan(0, half), gf.AsSpan(half, classes - half)));
        yield return ("CircleLoss (double)", () => Losses.CircleLoss(rd.Span[..half], rd.Span[half..], 80, 0.4, gd.AsSpan(0, half), gd.AsSpan(half, classes - half)));

        yield return ("SoftmaxCrossEntropyBatch (float)", () => Losses.SoftmaxCrossEntropyBatch(sf, targets, classes, gf));
        yield return ("SoftmaxCrossEntropyBatch (double)", () => Losses.SoftmaxCrossEntropyBatch(sd, targets, classes, gd));
        yield return ("MultiLabelCrossEntropyBatch (float, hard)", () => Losses.MultiLabelCrossEntropyBatch(sf, hard, classes, gf));
        yield return ("MultiLabelCrossEntropyBatch (double, hard)", () => Losses.MultiLabelCrossEntropyBatch(sd, hard, classes, gd));
        yield return ("MultiLabelCrossEntropyBatch (float, soft)", () => Losses.MultiLabelCrossEntropyBatch(sf, softF, classes, gf));
        yield return ("MultiLabelCrossEntropyBatch (double, soft)", () => Losses.MultiLabelCrossEntropyBatch(sd, softD, classes, gd));
        yield return ("UnifiedPairwiseBatch (float, hard)", () => Losses.UnifiedPairwiseBatch(sf, hard, classes, 2f, 0.1f, gf));
        yield return ("UnifiedPairwiseBatch (double, hard)", () => Losses.UnifiedPairwiseBatch(sd, hard, classes, 2, 0.1, gd));
        yield return ("UnifiedPairwiseBatch (float, soft)", () => Losses.UnifiedPairwiseBatch(sf, softF, classes, 2f, 0.1f, gf));
        yield return ("UnifiedPairwiseBatch (double, soft)", () => Losses.UnifiedPairwiseBatch(sd, softD, classes, 2, 0.1, gd));
        yield return ("BinaryCrossEntropyBatch (float, hard)", () => Losses.BinaryCrossEntropyBatch(sf, hard, classes, gf));
        yield return ("BinaryCrossEntropyBatch (double, hard)", () => Losses.BinaryCrossEntropyBatch(sd, hard, classes, gd));
        yield return ("BinaryCrossEntropyBatch (float, soft)", () => Losses.BinaryCrossEntropyBatch(sf, softF, classes, gf));
        yield return ("BinaryCrossEntropyBatch (double, soft)", () => Losses.BinaryCrossEntropyBatch(sd, softD, classes, gd));
        yield return ("ThresholdCrossEntropyBatch (float, hard)", () => Losses.ThresholdCrossEntropyBatch(sf, hard, classes, gf));
        yield return ("ThresholdCrossEntropyBatch (double, hard)", () => Losses.ThresholdCrossEntropyBatch(sd, hard, classes, gd));
        yield return ("ThresholdCrossEntropyBatch (float, soft)", () => Losses.ThresholdCrossEntropyBatch(sf, softF, classes, gf));
        yield return ("ThresholdCrossEntropyBatch (double, soft)", () => Losses.ThresholdCrossEntropyBatch(sd, softD, classes, gd));
        yield return ("TasksOfClassesLoss (float, hard)", () => Losses.TasksOfClassesLoss(sf, hard, classes, 1f, 0f, gf));
        yield return ("TasksOfClassesLoss (double, hard)", () => Losses.TasksOfClassesLoss(sd, hard, classes, 1, 0, gd));
        yield return ("TasksOfClassesLoss (float, soft)", () => Losses.TasksOfClassesLoss(sf, softF, classes, 1f, 0f, gf));
        yield return ("TasksOfClassesLoss (double, soft)", () => Losses.TasksOfClassesLoss(sd, softD, classes, 1, 0, gd));
        yield return ("TasksOfClassesMeanLoss (float, hard)", () => Losses.TasksOfClassesMeanLoss(sf, hard, classes, 1f, 0f, gf));
        yield return ("TasksOfClassesMeanLoss (double, hard)", () => Losses.TasksOfClassesMeanLoss(sd, hard, classes, 1, 0, gd));
        yield return ("TasksOfClassesMeanLoss (float, soft)", () => Losses.TasksOfClassesMeanLoss(sf, softF, classes, 1f, 0f, gf));
        yield return ("TasksOfClassesMeanLoss (double, soft)", () => Losses.TasksOfClassesMeanLoss(sd, softD, classes, 1, 0, gd));
    }

    /// <summary>
    /// 0 bytes per call for every catalogue loss on one thread, at short (16), long (1,024) and very long (8,192: per-class
    /// scratch beyond the stack limit comes from ArrayPool) rows.
    /// </summary>
    [Theory]
    [InlineData(64, 16)]
    [InlineData(16, 1024)]
    [InlineData(4, 8192)]
    public void SteadyStateCallsAllocateNothing(int rows, int classes)
    {
        var failures = new List<string>();
        var previous = PairwiseLossOptions.MaxDegreeOfParallelism;
        try
        {
            PairwiseLossOptions.MaxDegreeOfParallelism = 1;
            foreach (var (name, call) in Catalogue(rows, classes))
            {
                var bytes = BytesPerCall(call);
                output.WriteLine($"{name}, B={rows}, C={classes}: {bytes:F1} bytes/call");
                if (bytes != 0)
                {
                    failures.Add($"{name}: {bytes:F1} bytes/call");
                }
            }
        }
        finally
        {
            PairwiseLossOptions.MaxDegreeOfParallelism = previous;
        }

        Assert.True(failures.Count == 0, $"B={rows}, C={classes}: " + string.Join("; ", failures));
    }

    /// <summary>
    /// The several-thread path (B·C ≥ RowBlocks.ParallelThreshold and MaxDegreeOfParallelism &gt; 1) does allocate:
    /// Parallel.For's tasks and the closure, about 2 KB per call on the calling thread, independent of B and C.
    /// Measured (not 0), bounded so that a per-row or per-element allocation would show. (Tests of other classes run
    /// at the same time, so the count is the calling thread's, not the process's.)
    /// </summary>
    [Fact]
    public void SeveralThreadPathAllocatesOnlyParallelForBookkeeping()
    {
        var rows = 256;
        var classes = 1024;
        var scores = new float[rows * classes];
        var labels = new bool[rows * classes];
        var gradient = new float[rows * classes];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = (i % 17) - 8;
            labels[i] = i % 7 == 0;
        }

        var previous = PairwiseLossOptions.MaxDegreeOfParallelism;
        try
        {
            PairwiseLossOptions.MaxDegreeOfParallelism = 2;
            for (var i = 0; i < 10; i++)
            {
                Losses.MultiLabelCrossEntropyBatch(scores, labels, classes, gradient);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Calls; i++)
            {
                Losses.MultiLabelCrossEntropyBatch(scores, labels, classes, gradient);
            }

            var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
            output.WriteLine($"MultiLabelCrossEntropyBatch (float), B={rows}, C={classes}, 2 threads: {bytes:F0} bytes/call (calling thread)");
            Assert.True(bytes < 16384, $"{bytes:F0} bytes/call");
        }
        finally
        {
            PairwiseLossOptions.MaxDegreeOfParallelism = previous;
        }
    }
}
