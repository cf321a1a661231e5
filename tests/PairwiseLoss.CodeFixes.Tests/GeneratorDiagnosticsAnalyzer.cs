using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PairwiseLoss.Generator;
using PairwiseLoss.Generator.Diagnostics;

namespace PairwiseLoss.CodeFixes.Tests;

/// <summary>
/// The code fix test framework fixes what analyzers report; the PL diagnostics come from a source generator. This thin
/// analyzer runs the generator on the compilation (as the compiler would) and reports the generator's diagnostics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        // Per syntax tree, so that the diagnostics are local to the document the code fix edits (the test framework
        // fixes no diagnostic reported from a compilation action).
        context.RegisterSemanticModelAction(static model =>
        {
            var parseOptions = model.SemanticModel.SyntaxTree.Options as CSharpParseOptions;
            var driver = CSharpGeneratorDriver.Create(new[] { new PairwiseLossGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
                .RunGenerators(model.SemanticModel.Compilation, model.CancellationToken);
            foreach (var diagnostic in driver.GetRunResult().Diagnostics)
            {
                if (diagnostic.Location.SourceTree == model.SemanticModel.SyntaxTree)
                {
                    model.ReportDiagnostic(diagnostic);
                }
            }
        });
    }
}
