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

    /// <summary>
    /// The literal of <c>a·(b + c)</c>, or null when it is 0. The arithmetic is decimal on the shortest round-trip
    /// form of each input, so γ = 3 and m = 0.1 print as <c>0.3</c>, not <c>0.30000000000000004</c>; doubles only
    /// where a value has no exact decimal form.
    /// </summary>
    public string? Product(double a, double b, double c = 0)
    {
        var value = a * (b + c);
        if (value == 0)
        {
            return null;
        }

        if (Exact(a) is { } x && Exact(b) is { } y && Exact(c) is { } z)
        {
            try
            {
                var product = x * (y + z);
                var rounded = (double)product;
                if (rounded != 0 && System.Math.Abs(rounded - value) <= System.Math.Abs(value) * 1e-15)
                {
                    return Literal(rounded);
                }
            }
            catch (System.OverflowException)
            {
            }
        }

        return Literal(value);
    }

    /// <summary>The literal of <c>a + b</c> (decimal, as <see cref="Product"/>), or null when it is 0.</summary>
    public string? Sum(double a, double b) => Product(1, a, b);

    private static decimal? Exact(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return null;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) && (double)exact == value ? exact : null;
    }
}
