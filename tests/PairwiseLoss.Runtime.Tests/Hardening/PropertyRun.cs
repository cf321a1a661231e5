using System;
using System.Threading;
using CsCheck;
using PairwiseLoss.Tests.Shared.Hardening;
using Xunit.Abstractions;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// One CsCheck property run as the hardening suites report it: <c>PAIRWISE_CSCHECK_SEED</c> replays a seed, the count is
/// scaled by <c>PAIRWISE_PROPERTY_SCALE</c>, and the number of cases goes to the test output and
/// <see cref="HardeningCounts"/> under <paramref name="key"/>.
/// </summary>
internal static class PropertyRun
{
    public static void Check<T>(ITestOutputHelper output, string key, string name, Gen<T> gen, Action<T> property, Func<T, string> print, long iterations)
    {
        var count = HardeningCounts.Scaled(iterations);
        var ran = 0L;
        var seed = Environment.GetEnvironmentVariable("PAIRWISE_CSCHECK_SEED");
        gen.Sample(x =>
        {
            Interlocked.Increment(ref ran);
            property(x);
        }, seed: string.IsNullOrEmpty(seed) ? null : seed, iter: count, threads: 1, print: print);
        output.WriteLine($"{name}: {ran} cases, 0 failures");
        HardeningCounts.Record(key, $"property {name}: {ran} cases, failures: 0");
    }
}
