using System.Collections.Generic;

namespace PairwiseLoss.Generator.Parsing;

internal enum SideSyntaxKind
{
    /// <summary>A bare name: <c>pos</c>, <c>target</c>, <c>s2</c>, a span parameter.</summary>
    Name,

    /// <summary>A name with a literal index: <c>s[2]</c>.</summary>
    Indexed,

    /// <summary>A number: <c>0</c>, <c>-0.5</c>, <c>1e-3</c>.</summary>
    Number,
}

/// <summary>One side as written, with its position inside the constraint string.</summary>
internal readonly record struct SideSyntax(SideSyntaxKind Kind, string Name, long Index, double Number, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>A parse failure inside the constraint string.</summary>
internal readonly record struct ConstraintError(ConstraintErrorKind Kind, string Message, int Start, int Length);

internal enum ConstraintErrorKind
{
    Syntax,
    Empty,
    GreaterThan,
    NegativeIndex,

    /// <summary>A quantified constraint whose condition does not relate its pair's variables the way the pair does.</summary>
    Quantifier,
}

/// <summary>The result of parsing one constraint string: the chain of sides, or the first error.</summary>
internal sealed class ConstraintChain
{
    public ConstraintChain(IReadOnlyList<SideSyntax> sides, ConstraintError? error)
    {
        Sides = sides;
        Error = error;
    }

    public IReadOnlyList<SideSyntax> Sides { get; }

    public ConstraintError? Error { get; }
}
