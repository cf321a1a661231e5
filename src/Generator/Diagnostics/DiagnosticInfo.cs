using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain data. Roslyn's <see cref="Diagnostic"/> and <see cref="Location"/> have no value
/// equality, so holding them in the pipeline would defeat caching.
/// </summary>
internal sealed record DiagnosticInfo(
    DiagnosticDescriptor Descriptor,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    EquatableArray<string> Arguments)
{
    /// <summary>
    /// The message arguments also travel as <see cref="Diagnostic.Properties"/> under these keys ("Arg0", "Arg1", …),
    /// so a code fix reads the suggested text (e.g. PL0022's rewritten constraint) without parsing the message.
    /// </summary>
    public const string ArgumentPropertyPrefix = PairwiseLoss.Diagnostics.DiagnosticIds.ArgumentPropertyPrefix;

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
    {
        var lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(descriptor, lineSpan.Path ?? string.Empty, location.SourceSpan, lineSpan.Span, arguments.ToEquatableArray());
    }

    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        var tree = FindTree(compilation);
        var location = tree is not null
            ? Location.Create(tree, Span)
            : FilePath.Length == 0 && Span.IsEmpty ? Location.None : Location.Create(FilePath, Span, LineSpan);
        var arguments = new object[Arguments.Count];
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
            properties[ArgumentPropertyPrefix + i.ToString(CultureInfo.InvariantCulture)] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, location, properties.ToImmutable(), arguments);
    }

    private SyntaxTree? FindTree(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && Span.End <= tree.Length)
            {
                return tree;
            }
        }

        return null;
    }

    // DiagnosticDescriptor compares by id; the record's generated equality uses that.
}
