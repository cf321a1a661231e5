using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// Parses the constraint language: <c>chain := side ('&lt;' side)+</c>,
/// <c>side := number | name | name '[' integer ']'</c>. Positions are offsets into the string.
/// </summary>
internal static class ConstraintParser
{
    public static ConstraintChain Parse(string text)
    {
        var sides = new List<SideSyntax>();
        var position = SkipSpaces(text, 0);
        if (position == text.Length)
        {
            return Fail(sides, ConstraintErrorKind.Empty, "The constraint is empty", 0, text.Length);
        }

        var needsRewrite = false;
        var operators = new List<char>();
        while (true)
        {
            var sideError = ParseSide(text, ref position, out var side);
            if (sideError is { } error)
            {
                return new ConstraintChain(sides, error);
            }

            sides.Add(side);
            position = SkipSpaces(text, position);
            if (position == text.Length)
            {
                break;
            }

            var op = text[position];
            operators.Add(op);
            if (op == '>')
            {
                needsRewrite = true;
            }
            else if (op != '<')
            {
                var expected = sides.Count == 1 ? "'<' after the first side" : "'<' or the end of the constraint";
                return Fail(sides, ConstraintErrorKind.Syntax, $"Unexpected '{Describe(op)}' at position {position}: expected {expected}", position, 1);
            }

            if (position + 1 < text.Length && text[position + 1] == '=')
            {
                // "<=" and ">=" mean '<' and '>' here: the loss is smooth, and a margin (not the operator) sets the gap.
                needsRewrite = true;
                position++;
            }

            position = SkipSpaces(text, position + 1);
            if (position == text.Length)
            {
                return Fail(sides, ConstraintErrorKind.Syntax, $"Expected a side after '{op}' at position {position - 1}: a score such as s[0], a number or a set", text.Length - 1, 1);
            }
        }

        if (sides.Count == 1)
        {
            return Fail(sides, ConstraintErrorKind.Syntax, "A constraint compares at least two sides: write \"left < right\"", sides[0].Start, sides[0].Length);
        }

        if (needsRewrite)
        {
            return Fail(sides, ConstraintErrorKind.GreaterThan, Rewritten(text, sides, operators), 0, text.Length);
        }

        return new ConstraintChain(sides, null);
    }

    private static ConstraintError? ParseSide(string text, ref int position, out SideSyntax side)
    {
        side = default;
        var start = position;
        var c = text[position];
        if (IsNumberStart(text, position))
        {
            return ParseNumber(text, ref position, out side);
        }

        if (!IsIdentifierStart(c))
        {
            return new ConstraintError(ConstraintErrorKind.Syntax, $"Unexpected '{Describe(c)}' at position {position}: expected a side (a score such as s[0], a number, or a set such as pos)", position, 1);
        }

        while (position < text.Length && IsIdentifierPart(text[position]))
        {
            position++;
        }

        var name = text.Substring(start, position - start);
        var afterName = SkipSpaces(text, position);
        if (afterName == text.Length || text[afterName] != '[')
        {
            side = new SideSyntax(SideSyntaxKind.Name, name, 0, 0, start, position - start);
            return null;
        }

        position = SkipSpaces(text, afterName + 1);
        var indexStart = position;
        if (position < text.Length && text[position] == '-')
        {
            position++;
            while (position < text.Length && char.IsDigit(text[position]))
            {
                position++;
            }

            return new ConstraintError(ConstraintErrorKind.NegativeIndex, text.Substring(indexStart, position - indexStart), indexStart, position - indexStart);
        }

        while (position < text.Length && text[position] >= '0' && text[position] <= '9')
        {
            position++;
        }

        if (position == indexStart)
        {
            var at = position < text.Length ? position : text.Length - 1;
            return new ConstraintError(ConstraintErrorKind.Syntax, $"Expected a non-negative integer index after '{name}[' at position {indexStart}", at, 1);
        }

        var digits = text.Substring(indexStart, position - indexStart);
        position = SkipSpaces(text, position);
        if (position == text.Length || text[position] != ']')
        {
            var at = position < text.Length ? position : text.Length - 1;
            return new ConstraintError(ConstraintErrorKind.Syntax, $"Expected ']' after '{name}[{digits}' at position {position}", at, 1);
        }

        position++;
        var index = digits.Length > 18 ? long.MaxValue : long.Parse(digits, CultureInfo.InvariantCulture);
        side = new SideSyntax(SideSyntaxKind.Indexed, name, index, 0, start, position - start);
        return null;
    }

    private static ConstraintError? ParseNumber(string text, ref int position, out SideSyntax side)
    {
        var start = position;
        if (text[position] is '+' or '-')
        {
            position++;
        }

        SkipDigits(text, ref position);
        if (position < text.Length && text[position] == '.')
        {
            position++;
            SkipDigits(text, ref position);
        }

        if (position < text.Length && text[position] is 'e' or 'E')
        {
            var exponentStart = position;
            position++;
            if (position < text.Length && text[position] is '+' or '-')
            {
                position++;
            }

            var digitsStart = position;
            SkipDigits(text, ref position);
            if (position == digitsStart)
            {
                position = exponentStart;
            }
        }

        var literal = text.Substring(start, position - start);
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value) || double.IsNaN(value))
        {
            side = default;
            return new ConstraintError(ConstraintErrorKind.Syntax, $"'{literal}' is not a finite number: write a threshold such as 0 or -0.5", start, position - start);
        }

        side = new SideSyntax(SideSyntaxKind.Number, literal, 0, value, start, position - start);
        return null;
    }

    /// <summary>
    /// The constraint with '&lt;' only. All '&gt;': the chain reversed (<c>a &gt; b &gt; c</c> is <c>c &lt; b &lt; a</c>).
    /// Mixed: one constraint per comparison, because a chain means every earlier side below every later one and
    /// <c>a &lt; b &gt; c</c> says nothing about a and c (reversing it whole would invent <c>c &lt; a</c>).
    /// </summary>
    private static string Rewritten(string text, List<SideSyntax> sides, List<char> operators)
    {
        if (!operators.Contains('>'))
        {
            return Joined(text, sides);
        }

        if (operators.Contains('<'))
        {
            var builder = new StringBuilder();
            for (var i = 0; i < operators.Count; i++)
            {
                var (low, high) = operators[i] == '<' ? (sides[i], sides[i + 1]) : (sides[i + 1], sides[i]);
                if (i > 0)
                {
                    builder.Append("\" and \"");
                }

                builder.Append(text, low.Start, low.Length).Append(" < ").Append(text, high.Start, high.Length);
            }

            return builder.ToString();
        }

        return Reversed(text, sides);
    }

    private static string Joined(string text, List<SideSyntax> sides)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < sides.Count; i++)
        {
            builder.Append(i > 0 ? " < " : string.Empty).Append(text, sides[i].Start, sides[i].Length);
        }

        return builder.ToString();
    }

    private static string Reversed(string text, List<SideSyntax> sides)
    {
        var builder = new StringBuilder();
        for (var i = sides.Count - 1; i >= 0; i--)
        {
            builder.Append(text, sides[i].Start, sides[i].Length);
            if (i > 0)
            {
                builder.Append(" < ");
            }
        }

        return builder.ToString();
    }

    private static ConstraintChain Fail(List<SideSyntax> sides, ConstraintErrorKind kind, string message, int start, int length) =>
        new(sides, new ConstraintError(kind, message, start, length));

    private static bool IsNumberStart(string text, int position)
    {
        var c = text[position];
        if (c is '+' or '-')
        {
            return position + 1 < text.Length && (char.IsDigit(text[position + 1]) || text[position + 1] == '.');
        }

        return c is (>= '0' and <= '9') or '.';
    }

    private static void SkipDigits(string text, ref int position)
    {
        while (position < text.Length && text[position] >= '0' && text[position] <= '9')
        {
            position++;
        }
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is >= '0' and <= '9';

    private static string Describe(char c) => char.IsControl(c) || char.IsSurrogate(c)
        ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
        : c.ToString();
}
