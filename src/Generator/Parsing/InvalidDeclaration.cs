using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// A declaration that has errors, kept as text so that the generator can still complete the partial method: with a
/// body that throws (<see cref="IsDefinition"/> false), or with the defining declaration when the user wrote only the
/// body. Then the build shows the PL diagnostics alone, not CS8795 ("must have an implementation part") or CS0759 beside them.
/// </summary>
/// <param name="ContainingTypes">Each containing type's header as C# text, outermost first: <c>partial class Losses</c>.</param>
/// <param name="Signature">The method's declaration without body: modifiers, return type, name, parameters, constraints.</param>
/// <param name="Message">What the body throws: which declaration and which diagnostics.</param>
/// <param name="TypeKey">Namespace and type names (<c>Tests.Losses</c>, <c>Generic.Trainer{TModel}</c>): one file per containing type.</param>
internal sealed record InvalidDeclaration(
    string Namespace,
    EquatableArray<string> ContainingTypes,
    string Signature,
    bool IsDefinition,
    string Message,
    string TypeKey);

/// <summary>Decides whether a declaration with errors can be completed, and writes its signature as text.</summary>
internal static class InvalidDeclarations
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The declaration to emit for a method whose errors are in <paramref name="diagnostics"/>, or null when the method
    /// needs none (not partial, already complete) or none could compile (a containing type is not partial, a type does
    /// not resolve): the compiler then reports that mistake itself.
    /// </summary>
    public static InvalidDeclaration? Create(MethodDeclarationSyntax syntax, IMethodSymbol method, IEnumerable<DiagnosticInfo> diagnostics)
    {
        var ids = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error && !ids.Contains(diagnostic.Descriptor.Id))
            {
                ids.Add(diagnostic.Descriptor.Id);
            }
        }

        if (ids.Count == 0 || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.ExplicitInterfaceSpecifier is not null)
        {
            return null;
        }

        if (!DeclarationParser.HasAccessibility(syntax))
        {
            // Without an accessibility the compiler already reports CS8796 on the user's line (PL0030 says the same);
            // an implementation would repeat CS8796 in the generated file.
            return null;
        }

        var hasBody = syntax.Body is not null || syntax.ExpressionBody is not null;
        var otherPart = hasBody ? method.PartialDefinitionPart : method.PartialImplementationPart;
        if (otherPart is not null)
        {
            return null; // both parts are the user's
        }

        var types = new List<string>();
        var names = new List<string>();
        for (var node = syntax.Parent; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return null; // CS0751 on the user's method already says it; another part of the type would add CS0260
            }

            var keyword = type is RecordDeclarationSyntax record
                ? record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record"
                : type.Keyword.Text;
            var name = type.Identifier.Text + (type.TypeParameterList?.ToString() ?? string.Empty);
            types.Insert(0, $"partial {keyword} {name}");
            names.Insert(0, name.Replace('<', '{').Replace('>', '}').Replace(" ", string.Empty));
        }

        var @namespace = method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString();
        if (@namespace.Length > 0)
        {
            names.Insert(0, @namespace);
        }

        if (types.Count == 0 || syntax.Parent is not TypeDeclarationSyntax || HasErrorType(method))
        {
            return null;
        }

        if (!method.IsStatic && method.ContainingType.IsStatic)
        {
            return null; // CS0708 on the user's line already; an instance implementation would repeat it
        }

        var signature = Signature(syntax, method, hasBody);
        var message = $"The [PairwiseLoss] declaration of {method.Name} has errors: see {string.Join(", ", ids)}.";
        return new InvalidDeclaration(@namespace, types.ToEquatableArray(), signature, hasBody, message, string.Join(".", names));
    }

    /// <summary>[Want] without [PairwiseLoss]: the message names PL0032.</summary>
    public static InvalidDeclaration? ForWantWithoutLoss(MethodDeclarationSyntax syntax, IMethodSymbol method, IEnumerable<DiagnosticInfo> diagnostics) =>
        Create(syntax, method, diagnostics) is { } declaration
            ? declaration with { Message = $"{method.Name} has [Want] but no [PairwiseLoss]: see PL0032." }
            : null;

    private static string Signature(MethodDeclarationSyntax syntax, IMethodSymbol method, bool forDefinition)
    {
        var text = new StringBuilder();
        foreach (var modifier in syntax.Modifiers)
        {
            // A defining declaration has no body, so it cannot be async (CS1994) or extern.
            if (forDefinition && modifier.Kind() is SyntaxKind.AsyncKeyword or SyntaxKind.ExternKeyword)
            {
                continue;
            }

            text.Append(modifier.Text).Append(' ');
        }

        if (method.ReturnsByRefReadonly)
        {
            text.Append("ref readonly ");
        }
        else if (method.ReturnsByRef)
        {
            text.Append("ref ");
        }

        text.Append(method.ReturnType.ToDisplayString(TypeFormat)).Append(' ').Append(Escape(method.Name));
        if (method.TypeParameters.Length > 0)
        {
            text.Append('<');
            for (var i = 0; i < method.TypeParameters.Length; i++)
            {
                text.Append(i > 0 ? ", " : string.Empty).Append(Escape(method.TypeParameters[i].Name));
            }

            text.Append('>');
        }

        text.Append('(');
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(Parameter(method.Parameters[i]));
        }

        text.Append(')');
        foreach (var typeParameter in method.TypeParameters)
        {
            var constraints = Constraints(typeParameter);
            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(Escape(typeParameter.Name)).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    private static string Parameter(IParameterSymbol parameter)
    {
        var text = new StringBuilder();
        if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        {
            text.Append("this ");
        }

        if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out) // out is scoped already
        {
            text.Append("scoped ");
        }

        if (parameter.IsParams)
        {
            text.Append("params ");
        }

        text.Append(parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.None => string.Empty,
            _ => "ref readonly ",
        });
        return text.Append(parameter.Type.ToDisplayString(TypeFormat)).Append(' ').Append(Escape(parameter.Name)).ToString();
    }

    private static List<string> Constraints(ITypeParameterSymbol typeParameter)
    {
        var constraints = new List<string>();
        if (typeParameter.HasUnmanagedTypeConstraint)
        {
            constraints.Add("unmanaged");
        }
        else if (typeParameter.HasValueTypeConstraint)
        {
            constraints.Add("struct");
        }
        else if (typeParameter.HasReferenceTypeConstraint)
        {
            constraints.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (typeParameter.HasNotNullConstraint)
        {
            constraints.Add("notnull");
        }

        foreach (var type in typeParameter.ConstraintTypes)
        {
            constraints.Add(type.ToDisplayString(TypeFormat));
        }

        if (typeParameter.HasConstructorConstraint)
        {
            constraints.Add("new()");
        }

        return constraints;
    }

    private static bool HasErrorType(IMethodSymbol method)
    {
        if (IsError(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsError(parameter.Type))
            {
                return true;
            }
        }

        foreach (var typeParameter in method.TypeParameters)
        {
            foreach (var type in typeParameter.ConstraintTypes)
            {
                if (IsError(type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsError(ITypeSymbol type)
    {
        switch (type)
        {
            case { TypeKind: TypeKind.Error }:
                return true;
            case IArrayTypeSymbol array:
                return IsError(array.ElementType);
            case IPointerTypeSymbol pointer:
                return IsError(pointer.PointedAtType);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (IsError(argument))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
