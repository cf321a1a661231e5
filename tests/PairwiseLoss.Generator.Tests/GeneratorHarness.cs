using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PairwiseLoss.Generator;

namespace PairwiseLoss.Generator.Tests;

/// <summary>The outcome of running the generator on one compilation.</summary>
public sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    Exception? Exception)
{
    /// <summary>Compiler errors and warnings of the generated output (CS…), excluding the generator's own (PL…).</summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

/// <summary>Runs the generator in memory, as the compiler would, and compiles or loads its output.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(PairwiseLossAttribute).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "PairwiseLossTestInput",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new PairwiseLossGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorRun Run(params string[] sources)
    {
        var input = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        return new GeneratorRun(input, output, result.GeneratedSources, result.Diagnostics, result.Exception);
    }

    /// <summary>Runs the generator, fails on any error (generator or compiler), and loads the assembly.</summary>
    public static Assembly CompileAndLoad(params string[] sources) => Load(Run(sources));

    /// <summary>Loads the output of a generator run already made (fails on any error, as <see cref="CompileAndLoad"/>).</summary>
    public static Assembly Load(GeneratorRun run)
    {
        if (run.Exception is not null)
        {
            throw new InvalidOperationException("The generator threw.", run.Exception);
        }

        var errors = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", errors) + "\n" + string.Join("\n", run.Sources.Select(s => s.SourceText.ToString())));
        }

        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        if (!emit.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emit.Diagnostics));
        }

        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }
}
