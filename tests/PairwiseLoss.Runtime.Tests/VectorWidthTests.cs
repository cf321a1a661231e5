using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// The vector kernels against a double reference, for every length up to a few vectors (so each width's loop and the
/// 512 → 256 → 128 → scalar tails all run), float and double. CI runs this project again with
/// <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>, so each width is the
/// widest somewhere. (.NET 10 ignores <c>DOTNET_EnableAVX512F</c>, the .NET 8/9 name: checked, Vector512 stays on.)
/// Outside CI, <see cref="EachSwitchTurnsItsWidthOffInAChildProcess"/> starts a child process per switch, so the switches
/// are shown to work on any machine that has the widths.
/// </summary>
public sealed class VectorWidthTests
{
    /// <summary>The ISA switches really change the path taken (otherwise the CI reruns test nothing new).</summary>
    [Fact]
    public void InstructionSetSwitchesTakeEffect()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.False(Vector512.IsHardwareAccelerated);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.False(Vector256.IsHardwareAccelerated);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated);
        }
    }

    /// <summary>Writes this process's widths where a parent asked (only in a child started below; elsewhere nothing).</summary>
    [Fact]
    public void ReportWidthsToTheParentProcess()
    {
        if (Environment.GetEnvironmentVariable("PAIRWISE_WIDTH_REPORT") is { Length: > 0 } path)
        {
            System.IO.File.WriteAllText(path, $"{Vector512.IsHardwareAccelerated} {Vector256.IsHardwareAccelerated} {Vector128.IsHardwareAccelerated}");
        }
    }

    /// <summary>
    /// Each switch, in a child process of its own (so this holds on any machine, not only in CI's reruns): the width it
    /// turns off is off there. A width this machine never had cannot show the switch working; that is said, not hidden.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task EachSwitchTurnsItsWidthOffInAChildProcess()
    {
        if (Environment.GetEnvironmentVariable("PAIRWISE_WIDTH_REPORT") is { Length: > 0 })
        {
            return; // the child itself: it only reports
        }

        // The machine's widths from a child without any switch (this process may run under one: CI's reruns).
        var switches = new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" };
        var here = await ChildWidths(switches, null);
        var checkedAny = false;
        for (var width = 0; width < switches.Length; width++)
        {
            var widths = await ChildWidths(switches, switches[width]);
            Assert.False(widths[width], $"{switches[width]}=0 left width {512 >> width} on");
            checkedAny |= here[width];
            Console.WriteLine(here[width]
                ? $"{switches[width]}=0 turns Vector{512 >> width} off"
                : $"{switches[width]}=0: this machine has no Vector{512 >> width}, so the switch cannot be shown to change anything here");
        }

        Assert.True(checkedAny, "no vector width is accelerated on this machine: no switch could be checked");
    }

    /// <summary>Vector512/256/128 acceleration in a child test process with only <paramref name="off"/> set to 0.</summary>
    private static async System.Threading.Tasks.Task<bool[]> ChildWidths(string[] switches, string? off)
    {
        var report = System.IO.Path.GetTempFileName();
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "test", typeof(VectorWidthTests).Assembly.Location, "--filter", $"FullyQualifiedName={typeof(VectorWidthTests).FullName}.{nameof(ReportWidthsToTheParentProcess)}" })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var name in switches)
            {
                start.Environment.Remove(name);
            }

            if (off is not null)
            {
                start.Environment[off] = "0";
            }

            start.Environment["PAIRWISE_WIDTH_REPORT"] = report;
            using var child = System.Diagnostics.Process.Start(start)!;
            var output = child.StandardOutput.ReadToEndAsync();
            var error = child.StandardError.ReadToEndAsync();
            using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(2));
            await child.WaitForExitAsync(timeout.Token);
            Assert.True(child.ExitCode == 0, $"{off ?? "no switch"}: the child failed:\n{await output}\n{await error}");
            return System.IO.File.ReadAllText(report).Split(' ').Select(bool.Parse).ToArray();
        }
        finally
        {
            System.IO.File.Delete(report);
        }
    }

    private static double[] Scores(Random rng, int n, double absentFraction)
    {
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = rng.NextDouble() < absentFraction ? double.NegativeInfinity : (rng.NextDouble() * 8) - 4;
        }

        return s;
    }

    /// <summary>log Σ e^{scale·x} over a side, and its softmax terms (relative to the side's own shift).</summary>
    private static (double LogSum, double[] Softmax) Side(double[] s, bool[] labels, bool positive, double scale)
    {
        var logits = s.Select((x, i) => labels[i] == positive && x != double.NegativeInfinity ? scale * x : double.NegativeInfinity).ToArray();
        var max = logits.Aggregate(double.NegativeInfinity, Math.Max);
        if (max == double.NegativeInfinity)
        {
            return (double.NegativeInfinity, new double[s.Length]);
        }

        var sum = logits.Sum(z => Math.Exp(z - max));
        return (max + Math.Log(sum), logits.Select(z => Math.Exp(z - max) / sum).ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LabelledLogSumExpMatchesDoubleReferenceAtEveryLength(bool isFloat)
    {
        var rng = new Random(12);
        for (var n = 0; n <= 70; n++)
        {
            for (var sample = 0; sample < 4; sample++)
            {
                var s = Scores(rng, n, sample == 3 ? 0.5 : 0.1);
                var labels = s.Select(_ => rng.Next(3) == 0).ToArray();
                var neg = Side(s, labels, false, 1);
                var pos = Side(s, labels, true, -1);
                double[] softmax;
                double negLog, posLog;
                if (isFloat)
                {
                    var f = s.Select(x => (float)x).ToArray();
                    var terms = new float[n];
                    var sums = SetKernels.LabelledLogSumExp<float>(f, labels, 1f, -1f, terms);
                    SetKernels.ScaleLabelled<float>(labels, terms, sums.Negative.InverseSum, sums.Positive.InverseSum);
                    (negLog, posLog, softmax) = (sums.Negative.LogSum, sums.Positive.LogSum, terms.Select(t => (double)t).ToArray());
                }
                else
                {
                    var terms = new double[n];
                    var sums = SetKernels.LabelledLogSumExp<double>(s, labels, 1, -1, terms);
                    SetKernels.ScaleLabelled<double>(labels, terms, sums.Negative.InverseSum, sums.Positive.InverseSum);
                    (negLog, posLog, softmax) = (sums.Negative.LogSum, sums.Positive.LogSum, terms);
                }

                var tolerance = isFloat ? 2e-6 : 1e-13;
                var what = $"n={n} sample={sample} {(isFloat ? "float" : "double")}";
                Close(neg.LogSum, negLog, tolerance, what + " neg");
                Close(pos.LogSum, posLog, tolerance, what + " pos");
                for (var i = 0; i < n; i++)
                {
                    Close(labels[i] ? pos.Softmax[i] : neg.Softmax[i], softmax[i], tolerance, what + $" term {i}");
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BlockCombineMatchesDoubleReferenceAtEveryCount(bool isFloat)
    {
        var rng = new Random(7);
        const int Blocks = 3;
        for (var count = 0; count <= 70; count++)
        {
            var stride = count + 5;
            var logits = Scores(rng, Blocks * stride, 0.2).Select(x => 4 * x).ToArray();
            var expectedLoss = new double[count];
            var expectedP = new double[Blocks * stride];
            for (var i = 0; i < count; i++)
            {
                var max = 0.0;
                for (var b = 0; b < Blocks; b++)
                {
                    max = Math.Max(max, logits[(b * stride) + i]);
                }

                var sum = Math.Exp(-max);
                for (var b = 0; b < Blocks; b++)
                {
                    sum += Math.Exp(logits[(b * stride) + i] - max);
                }

                expectedLoss[i] = max + Math.Log(sum);
                for (var b = 0; b < Blocks; b++)
                {
                    expectedP[(b * stride) + i] = 2 * Math.Exp(logits[(b * stride) + i] - max) / sum;
                }
            }

            double[] losses, p;
            if (isFloat)
            {
                var f = logits.Select(x => (float)x).ToArray();
                var l = new float[count];
                BlockKernels.LogOnePlusSumExp<float>(f, Blocks, stride, count, l, 2f);
                (losses, p) = (l.Select(x => (double)x).ToArray(), f.Select(x => (double)x).ToArray());
            }
            else
            {
                var d = (double[])logits.Clone();
                var l = new double[count];
                BlockKernels.LogOnePlusSumExp<double>(d, Blocks, stride, count, l, 2.0);
                (losses, p) = (l, d);
            }

            var tolerance = isFloat ? 2e-6 : 1e-13;
            for (var i = 0; i < count; i++)
            {
                Close(expectedLoss[i], losses[i], tolerance, $"count={count} row {i} loss");
                for (var b = 0; b < Blocks; b++)
                {
                    Close(expectedP[(b * stride) + i], p[(b * stride) + i], tolerance, $"count={count} row {i} block {b}");
                }
            }
        }
    }

    internal static void Close(double expected, double actual, double tolerance, string what)
    {
        if (expected == actual)
        {
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
    }
}
