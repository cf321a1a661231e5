using System;
using System.IO;
using System.Linq;
using System.Text;
using PairwiseLoss.Generator.Tests.Snapshots;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>The snapshot helper itself, on a temporary folder: it must fail when it should and clean up when accepting.</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pairwiseloss-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static SnapshotFile Code(string stem, string text) => new($"#{stem}.verified.cs", text);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void MissingVerifiedFileFailsAndWritesReceived()
    {
        var failure = Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "line 1\n") }, accept: false);

        Assert.NotNull(failure);
        Assert.Contains("T.M#A.g.verified.cs", failure, StringComparison.Ordinal);
        Assert.Equal("line 1\n", File.ReadAllText(PathOf("T.M#A.g.received.cs")));
        Assert.False(File.Exists(PathOf("T.M#A.g.verified.cs")));
    }

    [Fact]
    public void MismatchFailsWithTheFirstDifferingLineAndWritesReceived()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(PathOf("T.M#A.g.verified.cs"), "same\nold line\nsame\n");

        var failure = Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "same\nnew line\nsame\n") }, accept: false);

        Assert.NotNull(failure);
        Assert.Contains("line 2", failure, StringComparison.Ordinal);
        Assert.Contains("verified: 'old line'", failure, StringComparison.Ordinal);
        Assert.Contains("received: 'new line'", failure, StringComparison.Ordinal);
        Assert.Equal("same\nnew line\nsame\n", File.ReadAllText(PathOf("T.M#A.g.received.cs")));
        Assert.Equal("same\nold line\nsame\n", File.ReadAllText(PathOf("T.M#A.g.verified.cs")));
    }

    [Fact]
    public void ALongerOrShorterFileReportsTheEndOfFile()
    {
        Assert.Equal(
            "first difference at line 3\n    verified: <end of file>\n    received: 'c'",
            Snapshot.FirstDifference("a\nb", "a\nb\nc"));
        Assert.Contains("received: <end of file>", Snapshot.FirstDifference("a\nb\nc", "a\nb"), StringComparison.Ordinal);
        Assert.Null(Snapshot.FirstDifference("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void AVerifiedFileNoLongerProducedFails()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(PathOf("T.M#A.g.verified.cs"), "a\n");
        File.WriteAllText(PathOf("T.M#Gone.g.verified.cs"), "b\n");
        File.WriteAllText(PathOf("T.M.verified.txt"), "PL0018 …\n");
        File.WriteAllText(PathOf("T.Method2#Other.g.verified.cs"), "not ours\n"); // another test's file is no orphan
        File.WriteAllText(PathOf("T.M2#Other.g.verified.cs"), "not ours either\n");

        var failure = Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "a\n") }, accept: false);

        Assert.NotNull(failure);
        Assert.Contains("T.M#Gone.g.verified.cs: verified, but no longer produced", failure, StringComparison.Ordinal);
        Assert.Contains("T.M.verified.txt: verified, but no longer produced", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Other", failure, StringComparison.Ordinal);
        Assert.True(File.Exists(PathOf("T.M#Gone.g.verified.cs")));
    }

    [Fact]
    public void AcceptOverwritesAndDeletesOrphansAndReceivedFiles()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(PathOf("T.M#A.g.verified.cs"), "old\n");
        File.WriteAllText(PathOf("T.M#A.g.received.cs"), "stale\n");
        File.WriteAllText(PathOf("T.M#Gone.g.verified.cs"), "b\n");
        File.WriteAllText(PathOf("T.M#Gone.g.received.cs"), "b\n");
        File.WriteAllText(PathOf("T.Other#X.g.verified.cs"), "keep\n");

        var failure = Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "new\r\n"), new SnapshotFile(".verified.txt", "PL0018 Warning\n") }, accept: true);

        Assert.Null(failure);
        Assert.Equal(
            new[] { "T.M#A.g.verified.cs", "T.M.verified.txt", "T.Other#X.g.verified.cs" },
            Directory.GetFiles(_directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(Encoding.UTF8.GetBytes("new\n"), File.ReadAllBytes(PathOf("T.M#A.g.verified.cs"))); // '\n', no BOM
        Assert.Null(Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "new\n"), new SnapshotFile(".verified.txt", "PL0018 Warning\n") }, accept: false));
    }

    [Fact]
    public void AMatchPassesAndRemovesAStaleReceivedFile()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(PathOf("T.M#A.g.verified.cs"), Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("x\r\ny\r\n")).ToArray());
        File.WriteAllText(PathOf("T.M#A.g.received.cs"), "stale\n");

        Assert.Null(Snapshot.Compare(_directory, "T.M", new[] { Code("A.g", "x\ny\n") }, accept: false));
        Assert.False(File.Exists(PathOf("T.M#A.g.received.cs")));
    }

    [Fact]
    public void ScrubsTheGeneratorVersionAndLineEndings()
    {
        Assert.Equal(
            "[global::System.CodeDom.Compiler.GeneratedCode(\"PairwiseLoss.Generator\", \"{version}\")]\nx",
            Snapshot.Scrub("[global::System.CodeDom.Compiler.GeneratedCode(\"PairwiseLoss.Generator\", \"1.2.3.4\")]\r\nx"));
    }

    [Fact]
    public void SnapshotOfARunOrdersSourcesByHintNameAndSortsDiagnostics()
    {
        var zeta = TestSource.InClass("[PairwiseLoss, Want(\"s1 < s0\"), Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);", "public static partial class Zeta");
        var alpha = TestSource.InClass("[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);", "public static partial class Alpha");
        var broken = TestSource.InClass("[PairwiseLoss, Want(\"s0 < foo\")] public static partial float Bad(ReadOnlySpan<float> s, Span<float> grad);", "public static partial class Broken");
        var run = GeneratorHarness.Run(zeta, alpha, broken);

        static string Position(string source, int start, int length)
        {
            var lines = Microsoft.CodeAnalysis.Text.SourceText.From(source).Lines;
            var (a, b) = (lines.GetLinePosition(start), lines.GetLinePosition(start + length));
            return $"({a.Line + 1},{a.Character + 1})-({b.Line + 1},{b.Character + 1})";
        }

        var files = Snapshot.FilesOf(run);

        Assert.Equal(
            new[] { "#Tests.Alpha.PairwiseLoss.g.verified.cs", "#Tests.Broken.PairwiseLoss.Errors.g.verified.cs", "#Tests.Zeta.PairwiseLoss.g.verified.cs", ".verified.txt" },
            files.Select(f => f.Suffix));
        Assert.StartsWith("//HintName: Tests.Alpha.PairwiseLoss.g.cs\n// <auto-generated/>", files[0].Text, StringComparison.Ordinal);
        Assert.Contains("\"{version}\")]", files[0].Text, StringComparison.Ordinal);
        Assert.Contains("\"{version}\")]", files[1].Text, StringComparison.Ordinal);
        var lines = files[3].Text.TrimEnd('\n').Split('\n');
        Assert.Equal(
            new[]
            {
                $"PL0011 Error Input2.cs{Position(broken, broken.IndexOf("foo", StringComparison.Ordinal), 3)}: 'foo' is not a side: write a score such as s[0], a number, pos, neg, target, others, or the name of a span parameter",
                $"PL0018 Warning Input0.cs{Position(zeta, zeta.LastIndexOf("s1 < s0", StringComparison.Ordinal), 7)}: 's1 < s0' is already wanted by an earlier constraint: remove it, or use Weight to count it more",
            },
            lines);
    }

    [Fact]
    public void AGeneratorExceptionFailsTheTest()
    {
        var run = GeneratorHarness.Run("class C { }") with { Exception = new InvalidOperationException("boom") };
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Snapshot.Verify(run, testFile: PathOf("T.cs"), testMethod: "M"));
        Assert.Contains("The generator threw", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory)); // nothing stored
    }

    [Fact]
    public void GeneratedCodeThatDoesNotCompileFailsTheTest()
    {
        var run = GeneratorHarness.Run(TestSource.InClass(
            "[PairwiseLoss, Want(\"s1 < s0\")] public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);\n    private static int Broken = \"text\";"));
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Snapshot.Verify(run, testFile: PathOf("T.cs"), testMethod: "M"));
        Assert.Contains("does not compile cleanly", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CS0029", failure.Message, StringComparison.Ordinal);
    }
}
