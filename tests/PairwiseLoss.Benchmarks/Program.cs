using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// Entry point. <c>--quick</c> (or PAIRWISE_BENCH_QUICK=1): every benchmark once, in process, no warm-up (CI smoke
/// test). <c>--check</c>: only the agreement checks, no timing. <c>--interleaved</c>: the README's ratio table, every
/// contender timed in one process in interleaved rounds (see <see cref="Interleaved"/>). Otherwise the full run for the README numbers.
/// Other arguments go to BenchmarkDotNet (e.g. <c>--filter *Zlpr*</c>); without a filter every table runs.
/// Start it through run.sh, which provides the libstdc++ TorchSharp needs on Debian 12.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var rest = new List<string>(args);
        bool quick = rest.Remove("--quick") || Environment.GetEnvironmentVariable("PAIRWISE_BENCH_QUICK") == "1";
        bool check = rest.Remove("--check");
        bool interleaved = rest.Remove("--interleaved");
        if (quick || check || interleaved)
        {
            // Everything runs in this process, which already loaded the newer libstdc++ (run.sh preloads it for this
            // process only): the tools BenchmarkDotNet starts (lscpu, cat, bash) must not get it.
            Environment.SetEnvironmentVariable("LD_PRELOAD", null);
            Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", null);
        }

        try
        {
            Console.WriteLine($"TorchSharp default intra-op threads: {TorchThreads.Default}");
        }
        catch (TypeInitializationException e)
        {
            Console.Error.WriteLine("TorchSharp does not load: " + e.InnerException?.Message);
            Console.Error.WriteLine("On Debian 12 and older run through tests/PairwiseLoss.Benchmarks/run.sh (it provisions a newer libstdc++).");
            return 2;
        }

        if (check)
        {
            return Checks.RunAll();
        }

        if (interleaved)
        {
            return Interleaved.Run(rest);
        }

        if (!rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f"))
        {
            rest.Add("--filter");
            rest.Add("*");
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), BenchConfig.Create(quick));
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

/// <summary>The BenchmarkDotNet configuration of both modes.</summary>
public static class BenchConfig
{
    public static IConfig Create(bool quick)
    {
        Job job = quick
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick")
            : Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(20)
                .WithIterationTime(TimeInterval.FromMilliseconds(150))
                .WithId("Full");

        if (!quick)
        {
            job = MoveNativeEnvironmentToJob(job);
        }

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median)
            .AddColumn(new NsPerElementColumn())
            .AddColumn(new RatioToMethodColumn(nameof(ZlprBatch.TorchSharp1Thread), "vs Torch 1T (median)"))
            .AddColumn(new RatioToMethodColumn(nameof(ZlprBatch.ExpFloor), "vs Exp floor (median)"))
            .AddExporter(MarkdownExporter.GitHub)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(20))
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithOption(ConfigOptions.DisableLogFile, false);
    }

    /// <summary>
    /// run.sh exports LD_LIBRARY_PATH / LD_PRELOAD (a newer libstdc++ for TorchSharp on Debian 12). Out of process,
    /// BenchmarkDotNet first builds a host project with the SDK, whose compiler would trip over the preloaded library
    /// (the loader's "weak version GLIBC_2.38" line on stderr fails the build). So the variables move from this process's
    /// environment (inherited by the build) to the job's (given to each benchmark process only).
    /// </summary>
    private static Job MoveNativeEnvironmentToJob(Job job)
    {
        // Dynamic PGO off for every benchmark alike: on this VM it left TensorPrimitives.Exp (the floor) and our kernels
        // 10× slower in some benchmark processes and not in others (checked with a plain Stopwatch loop: 3 ns/elem with
        // PGO, 0.38 ns/elem without, after 2,000 warm-up calls), which made ratios between processes meaningless.
        var variables = new List<EnvironmentVariable> { new("DOTNET_TieredPGO", "0") };
        foreach (var name in new[] { "LD_LIBRARY_PATH", "LD_PRELOAD" })
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value))
            {
                variables.Add(new EnvironmentVariable(name, value));
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        return job.WithEnvironmentVariables(variables.ToArray());
    }
}

/// <summary><c>--check</c>: runs every table's agreement check for every parameter value, without timing anything.</summary>
public static class Checks
{
    public static int RunAll()
    {
        var watch = Stopwatch.StartNew();
        int failures = 0;
        void Run(string name, Action action)
        {
            try
            {
                action();
                Console.WriteLine($"ok    {name}");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"FAIL  {name}: {e.Message}");
            }
        }

        foreach (int c in new[] { 16, 128, 1024, 8192 })
        {
            var b = new ZlprBatch { C = c };
            Run($"ZLPR batch C={c}: generated = naive = TorchSharp", () => { b.Prepare(); b.Cleanup(); });
        }

        foreach (int c in new[] { 16, 1024 })
        {
            var b = new SoftmaxBatch { C = c };
            Run($"softmax batch C={c}: generated = TorchSharp", () => { b.Prepare(); b.Cleanup(); });
        }

        var tiny = new TinyRank();
        Run("tiny rank: generated = hand-written = TorchSharp", () => { tiny.Setup(); tiny.Cleanup(); });
        var circle = new CircleUnified();
        Run("circle: generated = TorchSharp", () => { circle.Setup(); circle.Cleanup(); });

        Console.WriteLine($"{(failures == 0 ? "all agree" : failures + " failed")} (relative {Agreement.Tolerance:g}) in {watch.Elapsed.TotalSeconds:F1} s");
        return failures == 0 ? 0 : 1;
    }
}
