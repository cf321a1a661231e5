using System.Globalization;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>Element-type specific spellings: keywords, numeric literals (invariant, round-trip) and math calls.</summary>
internal readonly struct CSharpText
{
    public CSharpText(ElementType element) => Element = element;

    public ElementType Element { get; }

    public string Keyword => Element == ElementType.Float ? "float" : "double";

    private string MathClass => Element == ElementType.Float ? "global::System.MathF" : "global::System.Math";

    public string Exp(string argument) => $"{MathClass}.Exp({argument})";

    public string Log(string argument) => $"{MathClass}.Log({argument})";

    public string Max(string a, string b) => $"global::System.Math.Max({a}, {b})";

    public string Literal(double value)
    {
        if (Element == ElementType.Float)
        {
            return ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') < 0 && text.IndexOf('E') < 0 ? text + ".0" : text;
    }

    /// <summary><c>expression + c</c>, or just the expression when c is 0; a negative c reads as a subtraction.</summary>
    public string Plus(string expression, double constant)
    {
        if (constant == 0)
        {
            return expression;
        }

        return constant < 0 ? $"{expression} - {Literal(-constant)}" : $"{expression} + {Literal(constant)}";
    }

    public string Set(string factory) => $"global::PairwiseLoss.ScoreSet<{Keyword}>.{factory}";
}
