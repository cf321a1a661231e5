using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;

namespace PairwiseLoss.Tests.Shared.Hardening;

/// <summary>
/// The numbers the README quotes: every fuzz and property test records what it ran here, and the file
/// <c>artifacts/hardening-counts/&lt;test project&gt;.txt</c> (repository root; one per test project, as the projects run
/// in parallel processes) is rewritten after each record, so it always holds the latest complete picture of the last run.
/// </summary>
internal static class HardeningCounts
{
    private static readonly ConcurrentDictionary<string, string> Lines = new(StringComparer.Ordinal);
    private static readonly object FileLock = new();

    public static void Record(string key, string line)
    {
        Lines[key] = line;
        lock (FileLock)
        {
            try
            {
                var path = Path.Combine(RepositoryRoot(), "artifacts", "hardening-counts", typeof(HardeningCounts).Assembly.GetName().Name + ".txt");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var text = new StringBuilder()
                    .AppendLine($"# PairwiseLoss hardening counts ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)")
                    .AppendLine("# dotnet test Generator.sln --filter \"Category=Fuzz|Category=Property\" --logger \"console;verbosity=detailed\"");
                foreach (var entry in Lines.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.AppendLine(entry.Value);
                }

                var cases = Lines.Values
                    .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^property .*?: (\d+) cases"))
                    .Where(match => match.Success)
                    .Sum(match => long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                text.AppendLine($"property cases in total: {cases}");

                File.WriteAllText(path, text.ToString());
            }
            catch (IOException)
            {
                // The counts are also in the test output; a read-only checkout must not fail the tests.
            }
        }
    }

    /// <summary>Seed for the random tests: <c>PAIRWISE_SEED</c> if set, else a fixed default (printed by each test).</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("PAIRWISE_SEED"), out var seed) ? seed : fallback;

    /// <summary>A count scaled by <c>PAIRWISE_PROPERTY_SCALE</c> (default 1) for longer property runs.</summary>
    public static long Scaled(long count) =>
        double.TryParse(Environment.GetEnvironmentVariable("PAIRWISE_PROPERTY_SCALE"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? Math.Max(1, (long)(count * scale))
            : count;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generator.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
