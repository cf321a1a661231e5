using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using PairwiseLoss.Tests.Shared.Reference;
using static PairwiseLoss.Tests.Shared.Reference.Precision;

namespace PairwiseLoss.Generator.Tests.Declarations;

/// <summary>
/// Compiles many <see cref="RefDeclaration"/>s in memory in one go (generator + C# compiler, through
/// <see cref="GeneratorHarness"/>): for each, a float and a double method with gradients and a forward-only one (not for
/// per-class terms, which are batched only), and (when the declaration has no extra span) a batched one with gradients
/// and a batched forward-only one; plus wrappers taking arrays, which reflection can call.
/// </summary>
public sealed class CompiledDeclarations
{
    private readonly Type _float;
    private readonly Type _double;

    private CompiledDeclarations(IReadOnlyList<RefDeclaration> declarations, Assembly assembly)
    {
        Declarations = declarations;
        _float = assembly.GetType("Generated.FloatLosses", throwOnError: true)!;
        _double = assembly.GetType("Generated.DoubleLosses", throwOnError: true)!;
    }

    public IReadOnlyList<RefDeclaration> Declarations { get; }

    public static CompiledDeclarations Compile(IReadOnlyList<RefDeclaration> declarations) =>
        new(declarations, GeneratorHarness.CompileAndLoad(Source(declarations, "float", "FloatLosses"), Source(declarations, "double", "DoubleLosses")));

    /// <summary>The generator run on <see cref="Sources"/>, so that its diagnostics can be looked at before <see cref="Load"/>.</summary>
    public static GeneratorRun Run(IReadOnlyList<RefDeclaration> declarations) => GeneratorHarness.Run(Sources(declarations));

    /// <summary>Loads a run of <see cref="Run"/> (fails on any error).</summary>
    public static CompiledDeclarations Load(IReadOnlyList<RefDeclaration> declarations, GeneratorRun run) => new(declarations, GeneratorHarness.Load(run));

    public static string[] Sources(IReadOnlyList<RefDeclaration> declarations) =>
        new[] { Source(declarations, "float", "FloatLosses"), Source(declarations, "double", "DoubleLosses") };

    public static bool SupportsBatch(RefDeclaration declaration) => declaration.Spans.Count == 1;

    /// <summary>Per-class terms exist only batched: no row methods.</summary>
    public static bool SupportsRow(RefDeclaration declaration) => !declaration.PerClass;

    public CompiledLoss Get(int index, bool isFloat) => new(Declarations[index], isFloat ? _float : _double, index, isFloat);

    public static string Source(IReadOnlyList<RefDeclaration> declarations, string t, string className)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("namespace Generated;");
        text.AppendLine($"public static partial class {className}");
        text.AppendLine("{");
        for (var k = 0; k < declarations.Count; k++)
        {
            var d = declarations[k];
            var labels = d.Labels switch
            {
                RefLabels.Hard => "ReadOnlySpan<bool> labels, ",
                RefLabels.Soft => $"ReadOnlySpan<{t}> labels, ",
                _ => string.Empty,
            };
            var extraSpans = string.Concat(d.Spans.Skip(1).Select(n => $"ReadOnlySpan<{t}> {n}, "));
            var settings = (d.RuntimeGamma ? $"{t} gamma, " : string.Empty) + (d.RuntimeMargin ? $"{t} margin, " : string.Empty);
            var target = d.HasTarget ? "int target, " : string.Empty;
            var gradients = string.Join(", ", d.Spans.Select((n, i) => $"Span<{t}> {GradientName(d, i)}"));
            var head = $"ReadOnlySpan<{t}> {d.Spans[0]}, {labels}{extraSpans}{target}{settings}";
            var wants = string.Join(Environment.NewLine, d.WantAttributes().Select(w => "    " + w));

            var labelArgument = d.Labels switch
            {
                RefLabels.Hard => "hard, ",
                RefLabels.Soft => "soft, ",
                _ => string.Empty,
            };
            var extraArguments = string.Concat(d.Spans.Skip(1).Select((_, i) => $"spans[{i + 1}], "));
            var settingArguments = (d.RuntimeGamma ? "gamma, " : string.Empty) + (d.RuntimeMargin ? "margin, " : string.Empty);
            var targetArgument = d.HasTarget ? "target, " : string.Empty;
            var gradientArguments = string.Join(", ", d.Spans.Select((_, i) => $"grads[{i}]"));
            var arguments = $"spans[0], {labelArgument}{extraArguments}{targetArgument}{settingArguments}";

            text.AppendLine($"    // declaration {k}");
            if (SupportsRow(d))
            {
                RowMethods(text, d, k, t, head, wants, gradients, arguments, gradientArguments);
            }

            if (SupportsBatch(d))
            {
                var batchTarget = d.HasTarget ? "ReadOnlySpan<int> targets, " : string.Empty;
                var batchHead = $"ReadOnlySpan<{t}> {d.Spans[0]}, {labels}{batchTarget}int classes, {settings}";
                var batchArguments = $"scores, {labelArgument}{(d.HasTarget ? "targets, " : string.Empty)}classes, {settingArguments}";
                text.AppendLine("    " + d.LossAttribute(batched: true));
                text.AppendLine(wants);
                text.AppendLine($"    public static partial {t} B{k}({batchHead}Span<{t}> gradient);");
                text.AppendLine("    " + d.LossAttribute(batched: true));
                text.AppendLine(wants);
                text.AppendLine($"    public static partial {t} BF{k}({batchHead.TrimEnd(' ', ',')});");
                text.AppendLine($"    public static {t} CallB{k}({t}[] scores, bool[] hard, {t}[] soft, int[] targets, int classes, {t} gamma, {t} margin, {t}[] gradient) => B{k}({batchArguments}gradient);");
                text.AppendLine($"    public static {t} CallBF{k}({t}[] scores, bool[] hard, {t}[] soft, int[] targets, int classes, {t} gamma, {t} margin) => BF{k}({batchArguments.TrimEnd(' ', ',')});");
            }
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static void RowMethods(StringBuilder text, RefDeclaration d, int k, string t, string head, string wants, string gradients, string arguments, string gradientArguments)
    {
        text.AppendLine("    " + d.LossAttribute(batched: false));
        text.AppendLine(wants);
        text.AppendLine($"    public static partial {t} L{k}({head}{gradients});");
        text.AppendLine("    " + d.LossAttribute(batched: false));
        text.AppendLine(wants);
        text.AppendLine($"    public static partial {t} F{k}({head.TrimEnd(' ', ',')});");
        text.AppendLine($"    public static {t} CallL{k}({t}[][] spans, bool[] hard, {t}[] soft, int target, {t} gamma, {t} margin, {t}[][] grads) => L{k}({arguments}{gradientArguments});");
        text.AppendLine($"    public static {t} CallF{k}({t}[][] spans, bool[] hard, {t}[] soft, int target, {t} gamma, {t} margin) => F{k}({arguments.TrimEnd(' ', ',')});");
    }

    private static string GradientName(RefDeclaration d, int span) => span == 0 ? "gradient" : "g" + d.Spans[span];
}

/// <summary>One compiled declaration, called with double inputs whatever its element type (float converts both ways).</summary>
public sealed class CompiledLoss
{
    private readonly Type _type;
    private readonly int _index;

    public CompiledLoss(RefDeclaration declaration, Type type, int index, bool isFloat)
    {
        Declaration = declaration;
        _type = type;
        _index = index;
        IsFloat = isFloat;
    }

    public RefDeclaration Declaration { get; }

    public bool IsFloat { get; }

    public RefResult Row(RefInput input)
    {
        if (IsFloat)
        {
            var call = Method<Func<float[][], bool[]?, float[]?, int, float, float, float[][], float>>("CallL");
            var grads = input.Spans.Select(s => new float[s.Length]).ToArray();
            foreach (var g in grads) { Array.Fill(g, float.NaN); } // written, not accumulated
            var loss = call(ToFloat(input.Spans), input.Hard, ToFloat(input.Soft), input.Target, (float)input.Gamma, (float)input.Margin, grads);
            return new RefResult(loss, grads.Select(ToDouble).ToArray());
        }
        else
        {
            var call = Method<Func<double[][], bool[]?, double[]?, int, double, double, double[][], double>>("CallL");
            var grads = input.Spans.Select(s => new double[s.Length]).ToArray();
            foreach (var g in grads) { Array.Fill(g, double.NaN); } // written, not accumulated
            var loss = call(input.Spans, input.Hard, input.Soft, input.Target, input.Gamma, input.Margin, grads);
            return new RefResult(loss, grads);
        }
    }

    public double Forward(RefInput input)
    {
        if (IsFloat)
        {
            var call = Method<Func<float[][], bool[]?, float[]?, int, float, float, float>>("CallF");
            return call(ToFloat(input.Spans), input.Hard, ToFloat(input.Soft), input.Target, (float)input.Gamma, (float)input.Margin);
        }
        else
        {
            var call = Method<Func<double[][], bool[]?, double[]?, int, double, double, double>>("CallF");
            return call(input.Spans, input.Hard, input.Soft, input.Target, input.Gamma, input.Margin);
        }
    }

    /// <summary>Rows concatenated row-major; every row must have the same length.</summary>
    public RefResult Batch(IReadOnlyList<RefInput> rows)
    {
        var classes = rows[0].Scores.Length;
        var scores = rows.SelectMany(r => r.Scores).ToArray();
        var hard = Declaration.Labels == RefLabels.Hard ? rows.SelectMany(r => r.Hard!).ToArray() : null;
        var soft = Declaration.Labels == RefLabels.Soft ? rows.SelectMany(r => r.Soft!).ToArray() : null;
        var targets = rows.Select(r => r.Target).ToArray();
        var gamma = rows[0].Gamma;
        var margin = rows[0].Margin;
        if (IsFloat)
        {
            var call = Method<Func<float[], bool[]?, float[]?, int[], int, float, float, float[], float>>("CallB");
            var gradient = new float[scores.Length];
            Array.Fill(gradient, float.NaN); // written, not accumulated: garbage must be overwritten
            var loss = call(ToFloat(scores)!, hard, ToFloat(soft), targets, classes, (float)gamma, (float)margin, gradient);
            return new RefResult(loss, new[] { ToDouble(gradient) });
        }
        else
        {
            var call = Method<Func<double[], bool[]?, double[]?, int[], int, double, double, double[], double>>("CallB");
            var gradient = new double[scores.Length];
            Array.Fill(gradient, double.NaN); // written, not accumulated: garbage must be overwritten
            var loss = call(scores, hard, soft, targets, classes, gamma, margin, gradient);
            return new RefResult(loss, new[] { gradient });
        }
    }

    /// <summary>The batched forward-only method (no gradient span) on the same rows as <see cref="Batch"/>.</summary>
    public double BatchForward(IReadOnlyList<RefInput> rows)
    {
        var classes = rows[0].Scores.Length;
        var scores = rows.SelectMany(r => r.Scores).ToArray();
        var hard = Declaration.Labels == RefLabels.Hard ? rows.SelectMany(r => r.Hard!).ToArray() : null;
        var soft = Declaration.Labels == RefLabels.Soft ? rows.SelectMany(r => r.Soft!).ToArray() : null;
        var targets = rows.Select(r => r.Target).ToArray();
        if (IsFloat)
        {
            var call = Method<Func<float[], bool[]?, float[]?, int[], int, float, float, float>>("CallBF");
            return call(ToFloat(scores)!, hard, ToFloat(soft), targets, classes, (float)rows[0].Gamma, (float)rows[0].Margin);
        }

        return Method<Func<double[], bool[]?, double[]?, int[], int, double, double, double>>("CallBF")(scores, hard, soft, targets, classes, rows[0].Gamma, rows[0].Margin);
    }

    private TDelegate Method<TDelegate>(string prefix)
        where TDelegate : Delegate =>
        _type.GetMethod(prefix + _index, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<TDelegate>();
}
