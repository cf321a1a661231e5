using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>What a quantified constraint ranges over.</summary>
internal enum QuantifiedKind
{
    /// <summary><c>s[i] &lt; s[j] where g[i] &lt; g[j]</c>: every item below every item of a higher grade.</summary>
    Grades,

    /// <summary><c>s[j] &lt; s[i] where i &lt; j</c>: every item below every earlier one (or later, with the variables swapped).</summary>
    Order,
}

/// <summary>A name or variable as written, with its position inside the constraint string.</summary>
internal readonly record struct QuantifiedToken(string Text, int Start, int Length);

/// <summary>
/// A parsed quantified constraint. <see cref="EarlierAbove"/> (orders only): <c>s[j] &lt; s[i] where i &lt; j</c>, earlier items
/// above later ones; false for <c>s[i] &lt; s[j] where i &lt; j</c>.
/// </summary>
internal sealed record QuantifiedConstraint(QuantifiedKind Kind, QuantifiedToken Scores, QuantifiedToken Grades, bool EarlierAbove);

/// <summary>
/// Parses constraints over every pair of a list:
/// <c>quantified := item '&lt;' item 'where' (item '&lt;' item | var '&lt;' var)</c>, <c>item := name '[' var ']'</c>.
/// The pair and its condition must relate the same two variables the same way (a lower grade below a higher one); an order
/// may run either way. Errors carry the position of the characters that are wrong.
/// </summary>
internal static class QuantifiedConstraintParser
{
    private static readonly Regex Marker = new(@"\bwhere\b|\[\s*[A-Za-z_]", RegexOptions.CultureInvariant);

    /// <summary>Whether the text is meant as a quantified constraint: a <c>where</c>, or an index that is a variable.</summary>
    public static bool Applies(string text) => Marker.IsMatch(text);

    public static QuantifiedConstraint? Parse(string text, out ConstraintError? error)
    {
        error = null;
        var tokens = Tokenize(text, out var bad);
        if (bad is { } unexpected)
        {
            error = Syntax($"Unexpected '{text[unexpected]}' at position {unexpected}: a quantified constraint reads \"s[i] < s[j] where g[i] < g[j]\" (grades) or \"s[j] < s[i] where i < j\" (a list order)", unexpected, 1);
            return null;
        }

        var position = 0;
        if (!Item(tokens, ref position, text, out var leftScores, out var a, out error)
            || !Expect(tokens, ref position, "<", text, "'<' after the first item", out error)
            || !Item(tokens, ref position, text, out var rightScores, out var b, out error))
        {
            return null;
        }

        if (rightScores.Text != leftScores.Text)
        {
            error = Syntax($"Both sides index the same scores: write '{leftScores.Text}[{b.Text}]'", rightScores.Start, rightScores.Length);
            return null;
        }

        if (a.Text == b.Text)
        {
            error = Syntax($"'{leftScores.Text}[{a.Text}]' is compared with itself: use two variables, e.g. \"{leftScores.Text}[i] < {leftScores.Text}[j]\"", b.Start, b.Length);
            return null;
        }

        if (position == tokens.Count || tokens[position].Text != "where")
        {
            var (start, length) = position == tokens.Count ? (System.Math.Max(0, text.Length - 1), 1) : (tokens[position].Start, tokens[position].Length);
            error = Syntax($"Expected 'where' and a condition: \"where g[{a.Text}] < g[{b.Text}]\" (grades) or \"where {b.Text} < {a.Text}\" (a list order, earlier items above)", start, length);
            return null;
        }

        position++;
        if (position == tokens.Count)
        {
            error = Syntax($"Expected a condition after 'where': \"g[{a.Text}] < g[{b.Text}]\" or \"{b.Text} < {a.Text}\"", text.Length - 1, 1);
            return null;
        }

        var conditionStart = tokens[position].Start;
        QuantifiedToken grades = default, c, d;
        var kind = position + 1 < tokens.Count && tokens[position + 1].Text == "[" ? QuantifiedKind.Grades : QuantifiedKind.Order;
        if (kind == QuantifiedKind.Grades)
        {
            if (!Item(tokens, ref position, text, out grades, out c, out error)
                || !Expect(tokens, ref position, "<", text, "'<' in the condition", out error)
                || !Item(tokens, ref position, text, out var rightGrades, out d, out error))
            {
                return null;
            }

            if (rightGrades.Text != grades.Text)
            {
                error = Syntax($"The condition compares one grades span: write '{grades.Text}[{d.Text}]'", rightGrades.Start, rightGrades.Length);
                return null;
            }
        }
        else if (!Variable(tokens, ref position, text, out c, out error)
            || !Expect(tokens, ref position, "<", text, "'<' in the condition", out error)
            || !Variable(tokens, ref position, text, out d, out error))
        {
            return null;
        }

        if (position < tokens.Count)
        {
            error = Syntax($"Unexpected '{tokens[position].Text}' after the condition: a quantified constraint ends there", tokens[position].Start, tokens[position].Length);
            return null;
        }

        var conditionLength = tokens[position - 1].Start + tokens[position - 1].Length - conditionStart;
        var same = c.Text == a.Text && d.Text == b.Text;
        var swapped = c.Text == b.Text && d.Text == a.Text;
        if (!same && !swapped)
        {
            var expected = kind == QuantifiedKind.Grades ? $"{grades.Text}[{a.Text}] < {grades.Text}[{b.Text}]" : $"{b.Text} < {a.Text}";
            error = new ConstraintError(ConstraintErrorKind.Quantifier, $"The condition must relate the pair's variables '{a.Text}' and '{b.Text}': write \"where {expected}\"", conditionStart, conditionLength);
            return null;
        }

        if (kind == QuantifiedKind.Grades && swapped)
        {
            error = new ConstraintError(ConstraintErrorKind.Quantifier,
                $"This wants the higher-graded item below the lower one: write \"{leftScores.Text}[{a.Text}] < {leftScores.Text}[{b.Text}] where {grades.Text}[{a.Text}] < {grades.Text}[{b.Text}]\" (the lower grade below), or negate the grades",
                conditionStart, conditionLength);
            return null;
        }

        return new QuantifiedConstraint(kind, leftScores, grades, EarlierAbove: swapped);
    }

    private static bool Item(List<QuantifiedToken> tokens, ref int position, string text, out QuantifiedToken name, out QuantifiedToken variable, out ConstraintError? error)
    {
        variable = default;
        if (!Variable(tokens, ref position, text, out name, out error))
        {
            return false;
        }

        return Expect(tokens, ref position, "[", text, $"'[' after '{name.Text}': an item reads {name.Text}[i]", out error)
            && Variable(tokens, ref position, text, out variable, out error)
            && Expect(tokens, ref position, "]", text, "']' after the variable", out error);
    }

    private static bool Variable(List<QuantifiedToken> tokens, ref int position, string text, out QuantifiedToken token, out ConstraintError? error)
    {
        token = default;
        error = null;
        if (position == tokens.Count)
        {
            error = Syntax("Expected a name at the end of the constraint", System.Math.Max(0, text.Length - 1), 1);
            return false;
        }

        token = tokens[position];
        if (!IsName(token.Text) || token.Text == "where")
        {
            error = Syntax($"Unexpected '{token.Text}' at position {token.Start}: expected a name (a literal index belongs in a chain such as \"s1 < s0\")", token.Start, token.Length);
            return false;
        }

        position++;
        return true;
    }

    private static bool Expect(List<QuantifiedToken> tokens, ref int position, string symbol, string text, string what, out ConstraintError? error)
    {
        error = null;
        if (position < tokens.Count && tokens[position].Text == symbol)
        {
            position++;
            return true;
        }

        var (start, length) = position < tokens.Count ? (tokens[position].Start, tokens[position].Length) : (System.Math.Max(0, text.Length - 1), 1);
        error = Syntax($"Expected {what}", start, length);
        return false;
    }

    private static bool IsName(string text) => text.Length > 0 && (char.IsLetter(text[0]) || text[0] is '_' or '@');

    private static ConstraintError Syntax(string message, int start, int length) => new(ConstraintErrorKind.Syntax, message, start, length);

    /// <summary>Names, numbers (reported where a name is expected), and the symbols '[', ']', '&lt;'; <paramref name="bad"/> is the first other character.</summary>
    private static List<QuantifiedToken> Tokenize(string text, out int? bad)
    {
        var tokens = new List<QuantifiedToken>();
        bad = null;
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else if (char.IsLetterOrDigit(ch) || ch is '_' or '@')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || (i == start && text[i] == '@')))
                {
                    i++;
                }

                tokens.Add(new QuantifiedToken(text.Substring(start, i - start), start, i - start));
            }
            else if (ch is '[' or ']' or '<')
            {
                tokens.Add(new QuantifiedToken(ch.ToString(), i, 1));
                i++;
            }
            else
            {
                bad = i;
                return tokens;
            }
        }

        return tokens;
    }
}
