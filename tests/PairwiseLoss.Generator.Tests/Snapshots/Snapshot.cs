using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace PairwiseLoss.Generator.Tests.Snapshots;

/// <summary>One file a snapshot consists of: its suffix after <c>{TestClass}.{TestMethod}</c> and its text.</summary>
public sealed record SnapshotFile(string Suffix, string Text);

/// <summary>
/// Snapshot tests in the Verify.SourceGenerators style (Verify itself is not served here).
/// <list type="bullet">
/// <item>One <c>{TestClass}.{TestMethod}#{hint name without .cs}.verified.cs</c> per generated source, ordered by hint
/// name, starting with <c>//HintName: …</c>; the generator's diagnostics, when any, in
/// <c>{TestClass}.{TestMethod}.verified.txt</c>, one sorted line each. The files live in <c>Snapshots/</c> beside the
/// test file (found with [CallerFilePath]; the test class is the file's name).</item>
/// <item>Text is normalised to '\n' and written as UTF-8 without BOM; the version in <c>[GeneratedCode]</c> is scrubbed.</item>
/// <item>On a mismatch or a missing file, <c>*.received.*</c> is written beside and the test fails with the first
/// differing line; a verified file that is no longer produced also fails.</item>
/// <item><c>SNAPSHOT_ACCEPT=1</c> accepts: verified files are overwritten, orphans and received files deleted.</item>
/// </list>
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "SNAPSHOT_ACCEPT";

    private static readonly Regex GeneratedCodeVersion = new(
        "(GeneratedCode\\(\\s*\"[^\"]*\"\\s*,\\s*\")[^\"]*(\"\\s*\\))", RegexOptions.Compiled);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static bool AcceptFromEnvironment => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>
    /// Verifies a generator run: it must not throw, its output must compile without errors or warnings, and its
    /// sources and diagnostics must match the verified files.
    /// </summary>
    public static void Verify(GeneratorRun run, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        if (run.Exception is not null)
        {
            Assert.Fail($"The generator threw: {run.Exception}");
        }

        var compilation = run.CompilationDiagnostics;
        if (compilation.Count > 0)
        {
            Assert.Fail("The generated code does not compile cleanly:\n" + string.Join("\n", compilation.Select(d => d.ToString()))
                + "\n\n" + string.Join("\n", run.Sources.Select(s => s.SourceText.ToString())));
        }

        var failure = Compare(DirectoryOf(testFile), BaseName(testFile, testMethod), FilesOf(run), AcceptFromEnvironment);
        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>The snapshot of a run: one file per generated source (by hint name), plus the diagnostics when any.</summary>
    public static IReadOnlyList<SnapshotFile> FilesOf(GeneratorRun run)
    {
        var files = run.Sources
            .OrderBy(source => source.HintName, StringComparer.Ordinal)
            .Select(source => new SnapshotFile(
                "#" + StripExtension(source.HintName) + ".verified.cs",
                Scrub($"//HintName: {source.HintName}\n{source.SourceText}")))
            .ToList();
        if (run.GeneratorDiagnostics.Length > 0)
        {
            var lines = run.GeneratorDiagnostics.Select(Describe).OrderBy(line => line, StringComparer.Ordinal);
            files.Add(new SnapshotFile(".verified.txt", string.Join("\n", lines) + "\n"));
        }

        return files;
    }

    /// <summary>One line per diagnostic: id, severity, file(line,col)-(line,col) 1-based, message (invariant culture).</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var position = diagnostic.Location == Location.None
            ? "(no location)"
            : $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})";
        return $"{diagnostic.Id} {diagnostic.Severity} {position}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Line endings to '\n', and the generator version inside <c>[GeneratedCode(…)]</c> replaced.</summary>
    public static string Scrub(string text) =>
        GeneratedCodeVersion.Replace(Normalize(text), "${1}{version}${2}");

    /// <summary>
    /// Compares <paramref name="files"/> with the verified files named <c>{baseName}{suffix}</c> in
    /// <paramref name="directory"/>. Returns null when they match (or were accepted), else a failure message.
    /// </summary>
    public static string? Compare(string directory, string baseName, IReadOnlyList<SnapshotFile> files, bool accept)
    {
        Directory.CreateDirectory(directory);
        var failures = new List<string>();
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var verifiedPath = Path.Combine(directory, baseName + file.Suffix);
            var receivedPath = ReceivedPath(verifiedPath);
            produced.Add(Path.GetFileName(verifiedPath));
            var text = Normalize(file.Text);
            if (accept)
            {
                File.WriteAllText(verifiedPath, text, Utf8NoBom);
                File.Delete(receivedPath);
                continue;
            }

            string? difference;
            if (!File.Exists(verifiedPath))
            {
                difference = $"{Path.GetFileName(verifiedPath)}: no verified file; the output is in {Path.GetFileName(receivedPath)}";
            }
            else
            {
                difference = FirstDifference(Normalize(File.ReadAllText(verifiedPath, Encoding.UTF8)), text) is { } d
                    ? $"{Path.GetFileName(verifiedPath)}: {d}"
                    : null;
            }

            if (difference is null)
            {
                File.Delete(receivedPath);
            }
            else
            {
                File.WriteAllText(receivedPath, text, Utf8NoBom);
                failures.Add(difference);
            }
        }

        foreach (var orphan in VerifiedFiles(directory, baseName).Where(path => !produced.Contains(Path.GetFileName(path))))
        {
            if (accept)
            {
                File.Delete(orphan);
            }
            else
            {
                failures.Add($"{Path.GetFileName(orphan)}: verified, but no longer produced (run with {AcceptVariable}=1 to delete it)");
            }
        }

        if (accept)
        {
            foreach (var received in ReceivedFiles(directory, baseName))
            {
                File.Delete(received);
            }
        }

        return failures.Count == 0
            ? null
            : $"Snapshot mismatch in {directory} (run with {AcceptVariable}=1 to accept):\n" + string.Join("\n", failures);
    }

    /// <summary>"line N: verified '…' / received '…'" for the first line that differs, or null when equal.</summary>
    public static string? FirstDifference(string verified, string received)
    {
        if (verified == received)
        {
            return null;
        }

        var left = verified.Split('\n');
        var right = received.Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l != r)
            {
                return $"first difference at line {i + 1}\n    verified: {Show(l)}\n    received: {Show(r)}";
            }
        }

        return "the files differ"; // unreachable: equal line lists mean equal texts
    }

    private static string Show(string? line) => line is null ? "<end of file>" : $"'{line}'";

    /// <summary>The files a test owns: exactly <c>{baseName}.verified.txt</c> and <c>{baseName}#….verified.cs</c>.</summary>
    private static IEnumerable<string> VerifiedFiles(string directory, string baseName) =>
        Directory.EnumerateFiles(directory, baseName + "*")
            .Where(path => Path.GetFileName(path) is var name
                && (name == baseName + ".verified.txt" || (name.StartsWith(baseName + "#", StringComparison.Ordinal) && name.EndsWith(".verified.cs", StringComparison.Ordinal))));

    private static IEnumerable<string> ReceivedFiles(string directory, string baseName) =>
        Directory.EnumerateFiles(directory, baseName + "*")
            .Where(path => Path.GetFileName(path) is var name
                && (name == baseName + ".received.txt" || (name.StartsWith(baseName + "#", StringComparison.Ordinal) && name.EndsWith(".received.cs", StringComparison.Ordinal))));

    private static string ReceivedPath(string verifiedPath) =>
        Path.Combine(Path.GetDirectoryName(verifiedPath)!, Path.GetFileName(verifiedPath).Replace(".verified.", ".received."));

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').TrimStart('\uFEFF');

    private static string StripExtension(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - 3) : hintName;

    private static string DirectoryOf(string testFile)
    {
        var directory = Path.GetDirectoryName(testFile);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The test file's folder '{directory}' does not exist: snapshots need [CallerFilePath] to be a real path (no PathMap).");
        }

        return Path.Combine(directory, "Snapshots");
    }

    private static string BaseName(string testFile, string testMethod) =>
        Path.GetFileNameWithoutExtension(testFile) + "." + testMethod;
}
