using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PairwiseLoss.Generator.Tests.Fuzz;

/// <summary>One fuzzed declaration: a whole source file whose outermost type is <c>C{Id}</c>.</summary>
/// <param name="Kind">Which generator made it (for the counts and for reproducing).</param>
/// <param name="ValidCSharp">False when the fuzzer deliberately wrote C# the compiler rejects (wrong attribute argument types, …).</param>
public sealed record FuzzCase(int Id, string Kind, string Source, bool ValidCSharp)
{
    /// <summary>Deep chains and thousands of constraints compile slowly (every pair is unrolled): run them in small batches.</summary>
    public bool Heavy => Kind is "deep-chain" or "many-constraints";
}

/// <summary>
/// Writes random <c>[PairwiseLoss]</c> declarations: grammar-aware mutations of valid constraints, raw random text and
/// unicode, huge numbers and indices, deep chains, thousands of constraints, wrong and missing parameters, attribute
/// arguments of the wrong type and odd literal forms. Deterministic for a seed.
/// </summary>
public sealed class DeclarationFuzzer
{
    private readonly Random _random;

    public DeclarationFuzzer(int seed) => _random = new Random(seed);

    private static readonly string[] Unicode =
    {
        "\u00A0", "\u2003", "\u200B", "\u200E", "\u202E", "\uFEFF", "＜", "﹤", "‹", "≤", "⩽", "ｓ", "ѕ", "∞", "−", "–", "é", "e\u0301",
        "\U0001F600", "\uD800", "\uDFFF", "\0", "\n", "\r\n", "\t", "\u0085", "\u2028", "\u00B2", "٣", "𝟘", "ß", "İ", "ı", "\"", "\\", "{", "}", "'",
    };

    private static readonly string[] HugeNumbers =
    {
        "1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e309", "1e39", "-1e39", "3.4028235e38", "3.5e38", "1e-320", "4.9e-324",
        "1e-400", "0", "-0", "+0", ".5", "-.5", "5.", "1e", "1e+", "1e-", "0x10", "1_000", "NaN", "Infinity", "-Infinity", "1e30", "-1e30",
        new string('9', 400), "0." + new string('0', 400) + "1", "1" + new string('0', 309), "1e2147483648", "1e-2147483649", "--1", "+-1", "1.2.3", "1e5e5",
    };

    private static readonly string[] Keywords = { "pos", "neg", "target", "others", "s", "sp", "sn", "labels", "grad", "gamma", "margin", "classes", "x", "_", "S0", "s_0" };

    public FuzzCase Next(int id)
    {
        var roll = _random.Next(1000);
        return roll switch
        {
            < 300 => ValidDeclaration(id),
            < 550 => MutatedDeclaration(id),
            < 650 => RawTextDeclaration(id),
            < 700 => HugeNumberDeclaration(id),
            < 704 => DeepChainDeclaration(id),
            < 705 => ManyConstraintsDeclaration(id),
            < 830 => WrongSignatureDeclaration(id),
            < 900 => WrongAttributeArgumentsDeclaration(id),
            < 960 => LiteralFormDeclaration(id),
            _ => StructuralDeclaration(id),
        };
    }

    // ---- signatures -------------------------------------------------------------------------------------------

    /// <summary>A valid signature shape and the sides its constraints may use.</summary>
    private sealed record Shape(string Parameters, string[] Sides, bool Batched);

    private Shape RandomShape(string t)
    {
        var gradient = _random.Next(4) != 0;
        var g = gradient ? $", Span<{t}> grad" : string.Empty;
        var runtime = _random.Next(6) switch
        {
            0 => $", {t} gamma",
            1 => $", {t} margin",
            2 => $", {t} gamma, {t} margin",
            _ => string.Empty,
        };
        var literals = new[] { "s0", "s1", "s2", "s3", "s[4]", "s[0]", "s[ 1 ]", "0", "1", "-0.5", "0.25", "-2", "1e-3" };
        switch (_random.Next(7))
        {
            case 0:
                return new Shape($"ReadOnlySpan<{t}> s{runtime}{g}", literals, false);
            case 1:
                return new Shape($"ReadOnlySpan<{t}> s, ReadOnlySpan<bool> labels{runtime}{g}", literals.Concat(new[] { "pos", "neg", "pos", "neg" }).ToArray(), false);
            case 2:
                return new Shape($"ReadOnlySpan<{t}> s, ReadOnlySpan<{t}> labels{runtime}{g}", literals.Concat(new[] { "pos", "neg", "pos", "neg" }).ToArray(), false);
            case 3:
                return new Shape($"ReadOnlySpan<{t}> s, int target{runtime}{g}", literals.Concat(new[] { "target", "others", "target", "others" }).ToArray(), false);
            case 4:
                var g2 = gradient ? $", Span<{t}> gradSp, Span<{t}> gradSn" : string.Empty;
                return new Shape($"ReadOnlySpan<{t}> sp, ReadOnlySpan<{t}> sn{runtime}{g2}", new[] { "sp", "sn", "sp", "sn", "sp[0]", "sp1", "0", "-0.25", "1" }, false);
            case 5:
                return new Shape($"ReadOnlySpan<{t}> s, ReadOnlySpan<bool> labels, int classes{runtime}{g}", new[] { "pos", "neg", "0", "0.5", "-1" }, true);
            default:
                return new Shape($"ReadOnlySpan<{t}> s, ReadOnlySpan<int> targets, int classes{runtime}{g}", new[] { "target", "others", "0", "1" }, true);
        }
    }

    private string Element() => _random.Next(2) == 0 ? "float" : "double";

    // ---- constraints ------------------------------------------------------------------------------------------

    private string ValidChain(string[] sides)
    {
        var count = 2 + (_random.Next(4) == 0 ? _random.Next(5) : 0);
        var parts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            parts.Add(sides[_random.Next(sides.Length)]);
        }

        return string.Join(Pick(" < ", "<", "  <  ", " <\t"), parts);
    }

    private string Mutate(string text)
    {
        var builder = new StringBuilder(text);
        var mutations = 1 + _random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            var position = builder.Length == 0 ? 0 : _random.Next(builder.Length + 1);
            switch (_random.Next(12))
            {
                case 0 when builder.Length > 0 && position < builder.Length:
                    builder.Remove(position, 1);
                    break;
                case 1:
                    builder.Insert(position, Pick("<", ">", "<=", "<<", "> <", "=", "==", "!", " ", "[", "]", "[]", "-", "+", ".", "e", ","));
                    break;
                case 2:
                    builder.Insert(position, Unicode[_random.Next(Unicode.Length)]);
                    break;
                case 3:
                    builder.Insert(position, HugeNumbers[_random.Next(HugeNumbers.Length)]);
                    break;
                case 4:
                    builder.Insert(position, Keywords[_random.Next(Keywords.Length)]);
                    break;
                case 5:
                    builder.Replace('<', '>');
                    break;
                case 6:
                    builder.Insert(position, $"s[{Pick("-1", "65535", "65536", "99999999999999999999999", "2147483648", "9223372036854775807", "", " ", "x", "1.5", "1e3")}]");
                    break;
                case 7:
                    builder.Insert(position, $"s{Pick("65535", "65536", "4294967296", "00", "007", "99999999999999999999")}");
                    break;
                case 8 when builder.Length > 0:
                    var text2 = builder.ToString();
                    builder.Append(" < ").Append(text2); // duplicate chain: self comparisons, cycles, duplicates
                    break;
                case 9:
                    builder.Insert(0, builder.ToString().Split('<').Last() + " < "); // close a cycle
                    break;
                case 10 when builder.Length > 0 && position < builder.Length:
                    builder[position] = (char)_random.Next(0x20, 0x7F);
                    break;
                default:
                    builder.Insert(position, (char)_random.Next(0, 0x3000));
                    break;
            }
        }

        return builder.ToString();
    }

    private string RawText()
    {
        var length = _random.Next(0, 48);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(_random.Next(6) switch
            {
                0 => Unicode[_random.Next(Unicode.Length)],
                1 => ((char)_random.Next(0, 0xFFFF)).ToString(),
                2 => Pick("<", " < ", "s", "0", "[", "]", "-", "."),
                _ => ((char)_random.Next(0x20, 0x7F)).ToString(),
            });
        }

        return builder.ToString();
    }

    // ---- declarations -----------------------------------------------------------------------------------------

    private FuzzCase ValidDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var wants = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Want(ValidChain(shape.Sides))).ToList();
        return Wrap(id, "valid", LossAttribute(shape.Batched), wants, $"public static partial {t} M({shape.Parameters});", true);
    }

    private FuzzCase MutatedDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var wants = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Want(_random.Next(3) == 0 ? ValidChain(shape.Sides) : Mutate(ValidChain(shape.Sides)))).ToList();
        return Wrap(id, "mutated", LossAttribute(shape.Batched), wants, $"public static partial {t} M({shape.Parameters});", true);
    }

    private FuzzCase RawTextDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var wants = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => Want(RawText())).ToList();
        return Wrap(id, "raw-text", LossAttribute(shape.Batched), wants, $"public static partial {t} M({shape.Parameters});", true);
    }

    private FuzzCase HugeNumberDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        string H() => HugeNumbers[_random.Next(HugeNumbers.Length)];
        var chain = _random.Next(3) switch
        {
            0 => $"{shape.Sides[_random.Next(shape.Sides.Length)]} < {H()}",
            1 => $"{H()} < {shape.Sides[_random.Next(shape.Sides.Length)]}",
            _ => $"{H()} < {shape.Sides[_random.Next(shape.Sides.Length)]} < {H()}",
        };
        var attribute = _random.Next(2) == 0
            ? $"[PairwiseLoss(Gamma = {Pick("256", "1e-300", "4.9e-324", "1e300", "1.7976931348623157e308", "0.1", "3.4e38", "1e-45")}, Margin = {Pick("1e308", "-1e308", "1e38", "0", "-1", "1")}{(shape.Batched ? ", Batched = true" : string.Empty)})]"
            : LossAttribute(shape.Batched);
        var want = _random.Next(2) == 0 ? Want(chain) : $"[Want({Quote(chain)}, Margin = {Pick("1e308", "-1e308", "1e39", "1", "-1")}, Weight = {Pick("1e308", "4.9e-324", "0", "-0.0", "1e-300", "1.7976931348623157e308", "2")})]";
        return Wrap(id, "huge-numbers", attribute, new List<string> { want }, $"public static partial {t} M({shape.Parameters});", true);
    }

    private FuzzCase DeepChainDeclaration(int id)
    {
        var t = Element();
        var length = _random.Next(20) == 0 ? 60 + _random.Next(60) : 3 + _random.Next(30);
        var repeats = _random.Next(4) == 0;
        var indices = Enumerable.Range(0, length).Select(i => repeats && _random.Next(8) == 0 ? _random.Next(length) : i).ToList();
        var chain = string.Join(" < ", indices.Select(i => _random.Next(2) == 0 ? $"s{i}" : $"s[{i}]"));
        if (_random.Next(4) == 0)
        {
            chain = "neg < " + chain + " < pos";
            return Wrap(id, "deep-chain", LossAttribute(false), new List<string> { Want(chain) }, $"public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<bool> labels, Span<{t}> grad);", true);
        }

        return Wrap(id, "deep-chain", LossAttribute(false), new List<string> { Want(chain) }, $"public static partial {t} M(ReadOnlySpan<{t}> s, Span<{t}> grad);", true);
    }

    private FuzzCase ManyConstraintsDeclaration(int id)
    {
        var t = Element();
        var count = 300 + _random.Next(1200);
        var wants = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            wants.Add(_random.Next(3) switch
            {
                0 => Want($"s{_random.Next(3000)} < s{_random.Next(3000)}"),
                1 => $"[Want(\"s{i} < s{i + 1}\", Weight = {_random.Next(4)}, Margin = {(_random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture)})]",
                _ => Want($"s{i % 64} < {(_random.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture)}"),
            });
        }

        return Wrap(id, "many-constraints", LossAttribute(false), wants, $"public static partial {t} M(ReadOnlySpan<{t}> s{(_random.Next(2) == 0 ? $", Span<{t}> grad" : string.Empty)});", true);
    }

    private FuzzCase WrongSignatureDeclaration(int id)
    {
        var t = Element();
        var u = t == "float" ? "double" : "float";
        var shape = RandomShape(t);
        var wants = new List<string> { Want(ValidChain(shape.Sides)) };
        var signature = _random.Next(34) switch
        {
            0 => $"public static partial {t} M();",
            1 => $"public static partial {t} M(ReadOnlySpan<{u}> s, Span<{t}> grad);",
            2 => $"public static partial {t} M(ReadOnlySpan<{t}> s, Span<{u}> grad);",
            3 => $"public static partial void M(ReadOnlySpan<{t}> s);",
            4 => $"public static partial int M(ReadOnlySpan<{t}> s);",
            5 => $"public partial {t} M(ReadOnlySpan<{t}> s);",
            6 => $"public static {t} M(ReadOnlySpan<{t}> s) => 0;",
            7 => $"public static partial {t} M(ReadOnlySpan<{t}> s) {{ return 0; }}",
            8 => $"public static partial {t} M<TT>(ReadOnlySpan<{t}> s);",
            9 => $"public static partial {t} M(ref ReadOnlySpan<{t}> s);",
            10 => $"public static partial {t} M(in ReadOnlySpan<{t}> s, Span<{t}> grad);",
            11 => $"public static partial {t} M(ReadOnlySpan<{t}> s, out {t} extra);",
            12 => $"public static partial {t} M(ReadOnlySpan<{t}> s, params {t}[] rest);",
            13 => $"public static partial {t} M({t}[] s);",
            14 => $"public static partial {t} M(Span<{t}> s);",
            15 => $"public static partial {t} M(ReadOnlySpan<{t}> s, Span<{t}> g1, Span<{t}> g2);",
            16 => $"public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<bool> labels, ReadOnlySpan<bool> labels2, Span<{t}> grad);",
            17 => $"public static partial {t} M(ReadOnlySpan<bool> labels, ReadOnlySpan<{t}> s);",
            18 => $"public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<int> labels, Span<{t}> grad);",
            19 => $"public static partial {t} M(ReadOnlySpan<{t}> s, int target, int target2, Span<{t}> grad);",
            20 => $"public static partial {t} M(ReadOnlySpan<{t}> s, string name);",
            21 => $"public static partial {t} M(ReadOnlySpan<{t}> s, {u} gamma, {u} margin);",
            22 => $"public static partial {t} M(ReadOnlySpan<{t}> s, {t} gamma, {t} gamma2, {t} margin, {t} margin2);",
            23 => $"public static partial {t} M(ReadOnlySpan<{t}> s, int target = 0);",
            24 => $"public static partial {t} M(scoped ReadOnlySpan<{t}> s, scoped Span<{t}> grad);",
            25 => $"public static partial {t} M(System.ReadOnlySpan<{t}> s, System.Span<{t}> grad);",
            26 => $"public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<{t}> s2, Span<{t}> grad);",
            27 => $"public static partial {t} M(ReadOnlySpan<{t}?> s);",
            28 => $"public static partial {t} M(ReadOnlySpan<{t}> s, Span<{t}> grad, {t} extra);",
            29 => $"public static partial {t} M(Memory<{t}> s);",
            30 => $"public static partial {t} M(ReadOnlySpan<{t}> @class, Span<{t}> @grad);",
            31 => $"public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<{t}> labels, ReadOnlySpan<{t}> more, Span<{t}> grad);",
            32 => $"public static partial System.Single M(ReadOnlySpan<System.Single> s, Span<System.Single> grad);",
            _ => $"static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<bool> labels, int classes, Span<{t}> grad);",
        };
        return Wrap(id, "wrong-signature", LossAttribute(_random.Next(4) == 0), wants, signature, true);
    }

    private FuzzCase WrongAttributeArgumentsDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var valid = true;
        string loss;
        var wants = new List<string>();
        switch (_random.Next(16))
        {
            case 0: loss = "[PairwiseLoss(Gamma = \"2\")]"; valid = false; break;
            case 1: loss = "[PairwiseLoss(Gamma = true)]"; valid = false; break;
            case 2: loss = "[PairwiseLoss(Margin = null)]"; valid = false; break;
            case 3: loss = "[PairwiseLoss(Terms = 1)]"; valid = false; break;
            case 4: loss = $"[PairwiseLoss(Terms = (LossTerms){Pick("2", "7", "(-1)", "int.MaxValue")})]"; break;
            case 5: loss = "[PairwiseLoss(Batched = 1)]"; valid = false; break;
            case 6: loss = "[PairwiseLoss(2)]"; valid = false; break;
            case 7: loss = $"[PairwiseLoss(Gamma = {Pick("double.NaN", "double.PositiveInfinity", "-1", "0", "-0.0", "1/0.0", "double.Epsilon", "float.MaxValue")})]"; break;
            case 8: loss = $"[PairwiseLoss(Margin = {Pick("double.NaN", "double.NegativeInfinity", "double.MaxValue", "-double.MaxValue")})]"; break;
            case 9: loss = "[PairwiseLoss(Gamma = 2, Gamma = 3)]"; valid = false; break;
            case 10: loss = $"[PairwiseLoss({Pick("Circle = true", "Circle = true, CircleFullGradient = true", "Hard = true", "Circle = true, Hard = true", "CircleFullGradient = true", "Circle = 1")}, Gamma = {Pick("80", "256", "0.1")}, Margin = {Pick("0.25", "0.4", "-1", "2")})]"; valid = !loss.Contains("= 1)", StringComparison.Ordinal) && !loss.Contains("Circle = 1", StringComparison.Ordinal); break;
            case 11: loss = "[PairwiseLoss][PairwiseLoss]"; valid = false; break;
            case 12: loss = LossAttribute(shape.Batched); wants.Add("[Want(" + Pick("1", "null", "(string)null", "default", "'c'", "s", "true", "\"s1 < s0\", \"s2 < s0\"", "") + ")]"); valid = false; break;
            case 13: loss = LossAttribute(shape.Batched); wants.Add($"[Want({Quote(ValidChain(shape.Sides))}, Weight = {Pick("\"2\"", "true", "null")})]"); valid = false; break;
            case 14: loss = LossAttribute(shape.Batched); wants.Add($"[Want({Quote(ValidChain(shape.Sides))}, Weight = {Pick("double.NaN", "-1", "double.PositiveInfinity", "-double.Epsilon", "-0.0", "0")}, Margin = {Pick("double.NaN", "double.NegativeInfinity", "0")})]"); break;
            default: loss = "[PairwiseLoss(Gamma = 1, Margin = 0, Terms = LossTerms.PerPair, Batched = false)]"; break;
        }

        if (wants.Count == 0)
        {
            wants.Add(Want(ValidChain(shape.Sides)));
        }

        return Wrap(id, "attribute-arguments", loss, wants, $"public static partial {t} M({shape.Parameters});", valid);
    }

    private FuzzCase LiteralFormDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var chain = ValidChain(shape.Sides);
        var members = string.Empty;
        var valid = true;
        string argument;
        switch (_random.Next(12))
        {
            case 0: argument = "@" + Quote(chain).Replace("\\", string.Empty); break;
            case 1: argument = "\"\"\"" + chain + "\"\"\""; break;
            case 2: argument = "\"" + string.Concat(chain.Select(c => c == ' ' ? " " : $"\\u{(int)c:X4}")) + "\""; break;
            case 3: argument = "\"\\t" + chain.Replace(" ", "\\x20") + "\\t\""; break;
            case 4: members = $"private const string K = {Quote(chain)};"; argument = "K"; break;
            case 5: members = $"private const string K = {Quote(chain)};"; argument = "K + \"\""; break;
            case 6: argument = $"{Quote(chain.Substring(0, chain.Length / 2))} + {Quote(chain.Substring(chain.Length / 2))}"; break;
            case 7: members = $"private const string K = {Quote(chain)};"; argument = "$\"{K}\""; break;
            case 8: argument = $"constraint: {Quote(chain)}"; break;
            case 9: argument = "@\"s1 < s0\n < s0\""; break;
            case 10: argument = "nameof(M) + \" < 0\""; break;
            default: argument = "\"s1 < s0\" + 1"; valid = false; break;
        }

        return Wrap(id, "literal-forms", LossAttribute(shape.Batched), new List<string> { $"[Want({argument})]" }, $"public static partial {t} M({shape.Parameters});", valid, members);
    }

    private FuzzCase StructuralDeclaration(int id)
    {
        var t = Element();
        var shape = RandomShape(t);
        var wants = new List<string> { Want(ValidChain(shape.Sides)) };
        var method = $"public static partial {t} M({shape.Parameters});";
        var attributes = LossAttribute(shape.Batched) + string.Join(string.Empty, wants);
        string source;
        var valid = true;
        switch (_random.Next(10))
        {
            case 0:
                source = $"public static class C{id} {{ {attributes} {method} }}";
                break;
            case 1:
                source = $"public static partial class C{id} {{ public static class Inner {{ {attributes} {method} }} }}";
                break;
            case 2:
                source = $"public static partial class C{id} {{ public partial struct Inner<TX> {{ {attributes} {method} }} }}";
                break;
            case 3:
                source = $"public partial record C{id} {{ {attributes} {method} }}";
                break;
            case 4:
                source = $"public partial record struct C{id} {{ {attributes} {method} }}";
                break;
            case 5:
                source = $"public partial interface C{id} {{ {attributes} {method} }}";
                break;
            case 6:
                source = $"namespace N{id}.Deep {{ public static partial class C{id} {{ {attributes} {method} }} }}";
                break;
            case 7:
                source = $"public static partial class C{id} {{ {LossAttribute(shape.Batched)} {method} }}"; // no Want at all
                break;
            case 8:
                source = $"public static partial class C{id} {{ {attributes} {method} {method} }}"; // duplicate declaration
                valid = false;
                break;
            default:
                source = $"public static partial class C{id} {{ {attributes} public static partial {t} M(ReadOnlySpan<{t}> s, ReadOnlySpan<{t}> s, Span<{t}> grad); }}";
                valid = false;
                break;
        }

        return new FuzzCase(id, "structure", Header + source, valid);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private const string Header = "using System;\nusing PairwiseLoss;\n";

    private FuzzCase Wrap(int id, string kind, string lossAttribute, List<string> wants, string method, bool valid, string members = "") =>
        new(id, kind, $"{Header}public static partial class C{id}\n{{\n    {members}\n    {lossAttribute}\n    {string.Join("\n    ", wants)}\n    {method}\n}}\n", valid);

    private string LossAttribute(bool batched)
    {
        var settings = new List<string>();
        if (_random.Next(3) == 0)
        {
            settings.Add($"Gamma = {Pick("1", "2", "0.1", "80", "256", "0.5")}");
        }

        if (_random.Next(3) == 0)
        {
            settings.Add($"Margin = {Pick("0", "0.25", "-1", "1", "0.4", "-0.1")}");
        }

        if (_random.Next(3) == 0)
        {
            settings.Add($"Terms = LossTerms.{Pick("Single", "PerPair")}");
        }

        if (_random.Next(8) == 0)
        {
            settings.Add(Pick("Circle = true", "Hard = true", "Circle = true, CircleFullGradient = true"));
        }

        if (batched)
        {
            settings.Add("Batched = true");
        }

        return settings.Count == 0 ? "[PairwiseLoss]" : $"[PairwiseLoss({string.Join(", ", settings)})]";
    }

    private string Want(string constraint) =>
        _random.Next(5) == 0
            ? $"[Want({Quote(constraint)}, {Pick("Margin = 0.5", "Weight = 2", "Weight = 0", "Margin = -0.25, Weight = 0.5")})]"
            : $"[Want({Quote(constraint)})]";

    /// <summary>A regular C# string literal holding exactly <paramref name="text"/> (any char, lone surrogates included).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private string Pick(params string[] options) => options[_random.Next(options.Length)];
}
