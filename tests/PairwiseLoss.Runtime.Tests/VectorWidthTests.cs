using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// The vector kernels against a double reference, for every length up to a few vectors (so each width's loop and the
/// 512 → 256 → 128 → scalar tails all run), float and double. CI runs this project again with
/// <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>, so each width is the
/// widest somewhere. (.NET 10 ignores <c>DOTNET_EnableAVX512F</c>, the .NET 8/9 name: checked, Vector512 stays on.)
/// <see cref="EachSwitchTurnsItsWidthOffInAChildProcess"/> shows on any machine, not only in CI, that each switch
/// really turns its width off: it starts this assembly (<see cref="WidthProbe"/>) in a child process per switch.
/// </summary>
public sealed class VectorWidthTests
{
    private static readonly string[] Switches = { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" };
    private readonly ITestOutputHelper _output;

    public VectorWidthTests(ITestOutputHelper output) => _output = output;

    /// <summary>In CI's reruns under a switch, this process itself has the width turned off.</summary>
    [Fact]
    public void InstructionSetSwitchesTakeEffectInThisProcess()
    {
        bool[] here = { Vector512.IsHardwareAccelerated, Vector256.IsHardwareAccelerated, Vector128.IsHardwareAccelerated };
        for (var width = 0; width < Switches.Length; width++)
        {
            if (Environment.GetEnvironmentVariable(Switches[width]) == "0")
            {
                Assert.False(here[width], $"{Switches[width]}=0 is set but Vector{512 >> width} is accelerated");
            }
        }

        _output.WriteLine($"this process: Vector512 {here[0]}, Vector256 {here[1]}, Vector128 {here[2]}; switches set: " +
            string.Join(", ", Switches.Where(s => Environment.GetEnvironmentVariable(s) is not null).Select(s => $"{s}={Environment.GetEnvironmentVariable(s)}").DefaultIfEmpty("none")));
    }

    /// <summary>
    /// Each switch, in a child process of its own (<c>dotnet exec</c> of this assembly's <see cref="WidthProbe"/>, started
    /// without any of the parent's switches, then with only that one set to 0): the width it turns off is off there,
    /// and the wider ones with it. A baseline child gives the machine's widths; a width the machine does not have
    /// cannot show its switch changing anything, and that is printed, not passed silently. At least one switch must
    /// be shown to change something.
    /// </summary>
    [Fact]
    public void EachSwitchTurnsItsWidthOffInAChildProcess()
    {
        var baseline = ChildWidths(null);
        _output.WriteLine($"child without switches: Vector512 {baseline[0]}, Vector256 {baseline[1]}, Vector128 {baseline[2]}");
        var shown = 0;
        for (var width = 0; width < Switches.Length; width++)
        {
            var widths = ChildWidths(Switches[width]);
            for (var wider = 0; wider <= width; wider++)
            {
                Assert.False(widths[wider], $"{Switches[width]}=0 left Vector{512 >> wider} on in the child");
            }

            // A switch touches only its own width and the wider ones.
            for (var narrower = width + 1; narrower < Switches.Length; narrower++)
            {
                Assert.True(widths[narrower] == baseline[narrower], $"{Switches[width]}=0 changed Vector{512 >> narrower} in the child");
            }

            if (baseline[width])
            {
                shown++;
                _output.WriteLine($"{Switches[width]}=0: Vector{512 >> width} on → off (checked)");
            }
            else
            {
                _output.WriteLine($"{Switches[width]}=0: NOT CHECKED — this machine has no Vector{512 >> width} (off without the switch too), so the switch cannot be shown to change anything here");
            }
        }

        _output.WriteLine($"{shown} of {Switches.Length} switches shown to take effect");
        Assert.True(shown > 0, "no vector width is accelerated on this machine: no switch could be shown to take effect");
    }

    /// <summary>Vector512/256/128 acceleration in a child process with none of the switches set except <paramref name="off"/> = 0.</summary>
    private static bool[] ChildWidths(string? off)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", typeof(WidthProbe).Assembly.Location, WidthProbe.Argument })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Switches)
        {
            start.Environment.Remove(name);
        }

        if (off is not null)
        {
            start.Environment[off] = "0";
        }

        using var child = System.Diagnostics.Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(1)), $"{off ?? "no switch"}: the child did not exit");
        Assert.True(child.ExitCode == 0, $"{off ?? "no switch"}: the child failed ({child.ExitCode}):\n{output}\n{error.Result}");
        var words = output.Trim().Split(' ');
        Assert.True(words.Length == 3, $"{off ?? "no switch"}: unexpected child output '{output}'");
        return words.Select(bool.Parse).ToArray();
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
