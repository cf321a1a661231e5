using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// Every C# block of the README and of <c>docs/</c>, so the documentation cannot drift from the product: a block compiles
/// through the generator with no error or warning (with the usings of a new console project); a block marked
/// <c>&lt;!-- generated from the block above … --&gt;</c> is what the generator writes for the previous block, every line
/// shown in the generated file in that order (<c>...</c> stands for lines left out; a marker that names
/// PairwiseLoss.TorchSharp runs the generator with that package's surface referenced, so the tensor forms are written); a block marked
/// <c>&lt;!-- excerpt: … --&gt;</c> uses names of the reader's program and is skipped, by that marker.
/// </summary>
public sealed class DocumentationExampleTests
{
    /// <summary>The implicit usings of <c>dotnet new console</c>.</summary>
    private const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    public sealed record Block(string File, int Line, string Marker, string Code)
    {
        public override string ToString() => $"{File}:{Line}";
    }

    public static IEnumerable<object[]> Blocks() => AllBlocks().Select(b => new object[] { b.ToString() });

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Generator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Generator.sln not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyList<Block> AllBlocks()
    {
        var root = Root();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories));
        var blocks = new List<Block>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var marker = i > 0 && lines[i - 1].TrimStart().StartsWith("<!--", StringComparison.Ordinal) ? lines[i - 1].Trim() : string.Empty;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                blocks.Add(new Block(Path.GetRelativePath(root, file), i + 1, marker, string.Join("\n", lines[(i + 1)..end])));
                i = end;
            }
        }

        return blocks;
    }

    [Fact]
    public void The_documentation_has_examples_of_each_kind()
    {
        var blocks = AllBlocks();
        Assert.Contains(blocks, b => b.Marker.Length == 0);
        Assert.Contains(blocks, b => b.Marker.StartsWith("<!-- generated from the block above", StringComparison.Ordinal));
        Assert.All(blocks.Where(b => b.Marker.Length > 0), b => Assert.Matches(@"^<!-- (excerpt: .+|generated from the block above.*) -->$", b.Marker));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_example_compiles_or_is_what_the_generator_writes(string where)
    {
        var blocks = AllBlocks();
        var index = blocks.ToList().FindIndex(b => b.ToString() == where);
        var block = blocks[index];
        if (block.Marker.StartsWith("<!-- excerpt:", StringComparison.Ordinal))
        {
            return;
        }

        if (block.Marker.StartsWith("<!-- generated from the block above", StringComparison.Ordinal))
        {
            var sources = block.Marker.Contains("PairwiseLoss.TorchSharp", StringComparison.Ordinal)
                ? new[] { ImplicitUsings, blocks[index - 1].Code, TorchSharpStub.Source }
                : new[] { ImplicitUsings, blocks[index - 1].Code };
            var generated = string.Join("\n", GeneratorHarness.Run(sources).Sources.Select(s => s.SourceText.ToString()));
            var position = 0;
            foreach (var line in block.Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l != "..."))
            {
                // The version in the attribute is the package's: any version matches.
                var pattern = Regex.Escape(line).Replace(Regex.Escape("\"0.1.0.0\""), "\"[^\"]+\"");
                var match = new Regex(pattern).Match(generated, position);
                Assert.True(match.Success, $"{where}: not in the generated file (after what the lines before it matched): {line}\n--- generated ---\n{generated}");
                position = match.Index + match.Length;
            }

            return;
        }

        var run = GeneratorHarness.Run(ImplicitUsings, block.Code);
        Assert.Null(run.Exception);
        var problems = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS8019")
            .ToList();
        Assert.True(problems.Count == 0, $"{where}:\n{string.Join("\n", problems)}\n--- code ---\n{block.Code}");
    }

    /// <summary>
    /// Nothing internal reaches the README, <c>docs/</c> or the XML docs that ship in the package: no reference to an
    /// internal spec, a work session ("this round", "a later step"), an issue number, or a build machine's load.
    /// </summary>
    [Fact]
    public void Nothing_internal_is_published()
    {
        var root = Root();
        var internalWords = new Regex(@"\bSPEC\b|SPEC\.md|§|this round|a later (generator )?step|load average [0-9]|\b[Ii]ssue #?[0-9]+|seeds/", RegexOptions.CultureInvariant);
        var published = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Select(file => (file, lines: File.ReadAllLines(file)))
            .Concat(Directory.GetFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(file => (file, lines: File.ReadAllLines(file).Select(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal) ? l : string.Empty).ToArray())));
        var hits = published
            .SelectMany(f => f.lines.Select((line, i) => (f.file, line, i)))
            .Where(x => internalWords.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "internal references published:\n" + string.Join("\n", hits));
        Assert.True(published.Count() > 20, "the scan found too few files: the paths are wrong");
    }
}
