using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using PairwiseLoss.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PairwiseLoss.CodeFixes;

/// <summary>
/// Fixes for the common mistakes in a [PairwiseLoss] declaration: a missing <c>static</c> or <c>partial</c>
/// (on the method or a containing type), a missing accessibility, an array (or a span of the wrong element type)
/// instead of a span, a '&gt;' chain, a missing labels or target parameter, and [Want] without [PairwiseLoss]. The suggested texts come from the diagnostic's properties ("Arg0", …: its
/// message arguments), so this assembly shares only the ids with the generator.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PairwiseLossCodeFixProvider)), Shared]
public sealed class PairwiseLossCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.MethodNotPartial,
        DiagnosticIds.MethodNotStatic,
        DiagnosticIds.InvalidParameter,
        DiagnosticIds.TypeNotPartial,
        DiagnosticIds.MissingLabels,
        DiagnosticIds.MissingTarget,
        DiagnosticIds.GreaterThan,
        DiagnosticIds.MissingAccessibility,
        DiagnosticIds.WantWithoutLoss);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var method = node.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            switch (diagnostic.Id)
            {
                case DiagnosticIds.MethodNotPartial when method is not null:
                    Register(context, diagnostic, root, $"Make '{method.Identifier.Text}' a partial declaration the generator implements", method, MakePartialDeclaration(method));
                    break;
                case DiagnosticIds.MethodNotStatic when method is not null:
                    Register(context, diagnostic, root, "Add 'static'", method, AddModifier(method, SyntaxKind.StaticKeyword));
                    break;
                case DiagnosticIds.InvalidParameter when node is TypeSyntax { Parent: ParameterSyntax } wrongType
                                                         && SuggestedType(Argument(diagnostic, 2)) is { } suggested:
                    // An array or a span of the wrong element type: the span the hint names ("write 'Span<float>' …").
                    Register(context, diagnostic, root, $"Write '{suggested}'", wrongType,
                        ParseTypeName("global::System." + suggested).WithTriviaFrom(wrongType).WithAdditionalAnnotations(Simplifier.Annotation));
                    break;
                case DiagnosticIds.MissingAccessibility when method is not null:
                    Register(context, diagnostic, root, "Add 'private'", method, AddModifier(method, SyntaxKind.PrivateKeyword));
                    break;
                case DiagnosticIds.TypeNotPartial when node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type:
                    Register(context, diagnostic, root, $"Make '{type.Identifier.Text}' partial", type, AddModifier(type, SyntaxKind.PartialKeyword));
                    break;
                case DiagnosticIds.MissingLabels when method is not null && AddParameter(method, "labels", "bool") is { } withLabels:
                    Register(context, diagnostic, root, "Add a 'labels' parameter", method, withLabels);
                    break;
                case DiagnosticIds.MissingTarget when method is not null && Argument(diagnostic, 1) is { } target:
                    var withTarget = target.StartsWith("int ", System.StringComparison.Ordinal)
                        ? AddParameter(method, target.Substring(4), elementOfSpan: null)
                        : AddParameter(method, target.Substring(target.LastIndexOf(' ') + 1), "int");
                    if (withTarget is not null)
                    {
                        Register(context, diagnostic, root, $"Add a '{target}' parameter", method, withTarget);
                    }

                    break;
                case DiagnosticIds.GreaterThan when node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                                                    && Argument(diagnostic, 0) is { } rewritten && !rewritten.Contains("\" and \""):
                    // A mixed chain ("a < b > c") becomes several constraints: that rewrite is left to the user.
                    Register(context, diagnostic, root, $"Write \"{rewritten}\"", literal,
                        LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(rewritten)).WithTriviaFrom(literal));
                    break;
                case DiagnosticIds.WantWithoutLoss when node.FirstAncestorOrSelf<AttributeSyntax>() is { Parent: AttributeListSyntax list } want:
                    Register(context, diagnostic, root, "Add [PairwiseLoss]", list, AddLossAttribute(list, want));
                    break;
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, string title, SyntaxNode oldNode, SyntaxNode newNode) =>
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode))),
                // One kind of fix per id, so "fix all" applies every occurrence, whatever text each one writes.
                equivalenceKey: diagnostic.Id),
            diagnostic);

    /// <summary>The span type a PL0005 hint asks for: the first <c>'…Span&lt;…&gt;'</c> after "write".</summary>
    private static string? SuggestedType(string? hint)
    {
        var write = hint?.IndexOf("write '", System.StringComparison.Ordinal) ?? -1;
        if (write < 0)
        {
            return null;
        }

        var start = write + "write '".Length;
        var end = hint!.IndexOf('\'', start);
        var type = end > start ? hint.Substring(start, end - start) : null;
        return type is not null && (type.StartsWith("Span<", System.StringComparison.Ordinal) || type.StartsWith("ReadOnlySpan<", System.StringComparison.Ordinal))
            ? type
            : null;
    }

    private static string? Argument(Diagnostic diagnostic, int index) =>
        diagnostic.Properties.TryGetValue(DiagnosticIds.ArgumentPropertyPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture), out var value)
            ? value
            : null;

    /// <summary>Adds <c>partial</c> and removes a body the user wrote (a missing <c>static</c> is PL0002's fix).</summary>
    private static MethodDeclarationSyntax MakePartialDeclaration(MethodDeclarationSyntax method)
    {
        if (method.Body is not null || method.ExpressionBody is not null)
        {
            var trailing = method.GetLastToken().TrailingTrivia;
            method = method.WithBody(null).WithExpressionBody(null).WithSemicolonToken(default);
            var last = method.GetLastToken();
            method = method.ReplaceToken(last, last.WithTrailingTrivia())
                .WithSemicolonToken(Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
        }

        return method.Modifiers.Any(SyntaxKind.PartialKeyword) ? method : AddModifier(method, SyntaxKind.PartialKeyword);
    }

    /// <summary>
    /// Adds a modifier where C# wants it: an accessibility first, <c>partial</c> last (just before the return type or the
    /// type keyword), anything else just before <c>partial</c>.
    /// </summary>
    private static T AddModifier<T>(T declaration, SyntaxKind kind)
        where T : MemberDeclarationSyntax
    {
        var modifiers = declaration.Modifiers;
        var index = kind switch
        {
            SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword => 0,
            SyntaxKind.PartialKeyword => modifiers.Count,
            _ => modifiers.IndexOf(SyntaxKind.PartialKeyword) is var partial and >= 0 ? partial : modifiers.Count,
        };
        var token = Token(kind).WithTrailingTrivia(Space);
        if (index == 0)
        {
            // The new first modifier takes over the declaration's indentation from the token that had it.
            var first = modifiers.Count > 0 ? modifiers[0] : FirstTokenAfterModifiers(declaration);
            token = token.WithLeadingTrivia(first.LeadingTrivia);
            if (modifiers.Count > 0)
            {
                modifiers = modifiers.Replace(first, first.WithLeadingTrivia());
            }
            else
            {
                declaration = declaration.ReplaceToken(first, first.WithLeadingTrivia());
            }
        }

        return (T)declaration.WithModifiers(modifiers.Insert(index, token));
    }

    private static SyntaxToken FirstTokenAfterModifiers(MemberDeclarationSyntax declaration) => declaration switch
    {
        MethodDeclarationSyntax method => method.ReturnType.GetFirstToken(),
        TypeDeclarationSyntax type => type.Keyword,
        _ => declaration.GetFirstToken(),
    };

    /// <summary>
    /// Adds <paramref name="name"/> right after the scores (the first <c>ReadOnlySpan</c> parameter), typed like the
    /// scores with <paramref name="elementOfSpan"/> as the element (so <c>System.ReadOnlySpan</c> stays qualified), or
    /// <c>int</c> when <paramref name="elementOfSpan"/> is null. Null when there are no scores or the name is taken.
    /// </summary>
    private static MethodDeclarationSyntax? AddParameter(MethodDeclarationSyntax method, string name, string? elementOfSpan)
    {
        var parameters = method.ParameterList.Parameters;
        var scores = parameters.IndexOf(p => p.Type is { } type && SpanName(type)?.Identifier.Text == "ReadOnlySpan");
        if (scores < 0 || parameters.Any(p => p.Identifier.ValueText == name))
        {
            return null;
        }

        TypeSyntax type;
        if (elementOfSpan is null)
        {
            type = PredefinedType(Token(SyntaxKind.IntKeyword));
        }
        else
        {
            var span = SpanName(parameters[scores].Type!)!;
            var element = ParseTypeName(elementOfSpan);
            type = parameters[scores].Type!.ReplaceNode(span, span.WithTypeArgumentList(TypeArgumentList(SingletonSeparatedList(element))))
                .WithoutTrivia();
        }

        var parameter = Parameter(Identifier(name)).WithType(type.WithTrailingTrivia(Space));
        var nodes = new List<ParameterSyntax>(parameters);
        var separators = new List<SyntaxToken>(parameters.GetSeparators());
        nodes.Insert(scores + 1, parameter);
        separators.Insert(scores, Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
        return method.WithParameterList(method.ParameterList.WithParameters(SeparatedList(nodes, separators)));
    }

    /// <summary>The <c>Name&lt;T&gt;</c> part of a type, qualified or not.</summary>
    private static GenericNameSyntax? SpanName(TypeSyntax type) => type switch
    {
        GenericNameSyntax generic => generic,
        QualifiedNameSyntax { Right: GenericNameSyntax generic } => generic,
        AliasQualifiedNameSyntax { Name: GenericNameSyntax generic } => generic,
        _ => null,
    };

    /// <summary>Puts [PairwiseLoss] first in the attribute list that holds the [Want], spelled as the [Want] is.</summary>
    private static AttributeListSyntax AddLossAttribute(AttributeListSyntax list, AttributeSyntax want)
    {
        NameSyntax name = want.Name switch
        {
            QualifiedNameSyntax qualified => qualified.WithRight(IdentifierName("PairwiseLoss")),
            AliasQualifiedNameSyntax alias => alias.WithName(IdentifierName("PairwiseLoss")),
            _ => IdentifierName("PairwiseLoss"),
        };
        var nodes = new List<AttributeSyntax> { Attribute(name.WithoutTrivia()) };
        nodes.AddRange(list.Attributes);
        var separators = new List<SyntaxToken> { Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space) };
        separators.AddRange(list.Attributes.GetSeparators());
        return list.WithAttributes(SeparatedList(nodes, separators));
    }
}
