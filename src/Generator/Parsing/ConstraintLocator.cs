using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// Maps offsets inside a constraint string to source locations on the characters of its literal.
/// Exact for regular literals without escapes and for verbatim literals; otherwise the whole expression.
/// </summary>
internal readonly struct ConstraintLocator
{
    private readonly SyntaxNode _expression;
    private readonly int _contentStart;
    private readonly bool _exact;

    public ConstraintLocator(SyntaxNode expression)
    {
        _expression = expression;
        _contentStart = 0;
        _exact = false;
        if (expression is LiteralExpressionSyntax { Token: var token } && token.IsKind(SyntaxKind.StringLiteralToken))
        {
            var text = token.Text;
            if (text.StartsWith("@\"", System.StringComparison.Ordinal) && text.IndexOf("\"\"", 2, System.StringComparison.Ordinal) < 0)
            {
                _contentStart = token.SpanStart + 2;
                _exact = true;
            }
            else if (text.StartsWith("\"", System.StringComparison.Ordinal) && text.IndexOf('\\') < 0)
            {
                _contentStart = token.SpanStart + 1;
                _exact = true;
            }
        }
    }

    public Location Whole => _expression.GetLocation();

    public Location At(int start, int length)
    {
        if (!_exact)
        {
            return Whole;
        }

        return Location.Create(_expression.SyntaxTree, new TextSpan(_contentStart + start, length));
    }
}
