using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>One span of a call: a parameter, or a span inside a set parameter (<c>set.labels</c>).</summary>
public sealed record SpanSlot(string Name, string ParameterName, int Parameter, bool InSetLabels, bool Defining, int Length);

/// <summary>
/// A valid argument list for a span-taking runtime method, built from its parameters' names and types: lists of
/// <see cref="Lengths"/> items, batches of <see cref="Rows"/> rows, embeddings of <see cref="Batch"/> × <see cref="Dimension"/>.
/// </summary>
public sealed class CallArguments
{
    /// <summary>
    /// List lengths: a whole number of Vector512 of float (a span one short then ends inside the last vector, where an
    /// unchecked store would land on the guards), and an odd one (the scalar tails run too).
    /// </summary>
    public static readonly int[] Lengths = { 32, 37 };
    public const int Rows = 2;
    public const int Batch = 4;
    public const int Dimension = 3;

    private readonly object?[] _values;
    private readonly MethodInfo _method;

    private readonly int _items;

    public CallArguments(MethodInfo method, int items)
    {
        _method = method;
        _items = items;
        var parameters = method.GetParameters();
        _values = new object?[parameters.Length];
        var element = ElementType(method);
        var batched = parameters.Any(p => p.ParameterType == typeof(int) && p.Name is "classes" or "items");
        var length = batched ? Rows * items : items;
        for (var i = 0; i < parameters.Length; i++)
        {
            _values[i] = Value(method, parameters[i], element, length, items);
        }

        SpanNames = parameters.Where(p => SpanInvoker.IsSpanLike(p.ParameterType)).Select(p => p.Name!)
            .Concat(parameters.Any(p => IsSet(p.ParameterType)) ? new[] { "labels" } : Array.Empty<string>()).ToArray();
    }

    private CallArguments(MethodInfo method, int items, object?[] values, string[] spanNames)
    {
        _method = method;
        _items = items;
        _values = values;
        SpanNames = spanNames;
    }

    public string[] SpanNames { get; }

    public IEnumerable<SpanSlot> Slots
    {
        get
        {
            var parameters = _method.GetParameters();
            for (var i = 0; i < _values.Length; i++)
            {
                var name = parameters[i].Name!;
                if (_values[i] is SpanArgument span)
                {
                    yield return new SpanSlot(name, name, i, false, IsDefining(_method, name), span.Length);
                }
                else if (_values[i] is { } set && IsSet(set.GetType()))
                {
                    var scores = (SpanArgument)set.GetType().GetProperty("Scores")!.GetValue(set)!;
                    yield return new SpanSlot(name + ".scores", name, i, false, Defining: true, scores.Length);
                    if (set.GetType().GetProperty("Labels")!.GetValue(set) is SpanArgument labels)
                    {
                        yield return new SpanSlot(name + ".labels", "labels", i, true, Defining: false, labels.Length);
                    }
                }
            }
        }
    }

    public object?[] Values() => _values;

    public bool Has(string name) => _method.GetParameters().Any(p => p.Name == name);

    public object? Argument(string name) => _values[Array.FindIndex(_method.GetParameters(), p => p.Name == name)];

    /// <summary>Replaces a scalar argument (an enum, a flag).</summary>
    public void Set(string name, object value) => _values[Array.FindIndex(_method.GetParameters(), p => p.Name == name)] = value;

    public double Number(string name) => Convert.ToDouble(Argument(name), System.Globalization.CultureInfo.InvariantCulture);

    public int Int(string name) => (int)Argument(name)!;

    public bool Bool(string name) => (bool)Argument(name)!;

    public TEnum Enum<TEnum>(string name)
        where TEnum : struct, Enum => (TEnum)Argument(name)!;

    public double[] Numbers(string name) => Spans[name].Numbers();

    public int[] Ints(string name) => Spans[name].Numbers().Select(v => (int)v).ToArray();

    /// <summary>The span arguments of the call by parameter name (sets excluded).</summary>
    public IReadOnlyDictionary<string, SpanArgument> Spans => _method.GetParameters()
        .Select((p, i) => (p.Name!, _values[i]))
        .Where(p => p.Item2 is SpanArgument)
        .ToDictionary(p => p.Item1, p => (SpanArgument)p.Item2!);

    public CallArguments WithShortened(SpanSlot slot)
    {
        var values = (object?[])_values.Clone();
        if (values[slot.Parameter] is SpanArgument span)
        {
            values[slot.Parameter] = span.Shortened();
        }
        else
        {
            var set = values[slot.Parameter]!;
            var scores = (SpanArgument)set.GetType().GetProperty("Scores")!.GetValue(set)!;
            var labels = (SpanArgument?)set.GetType().GetProperty("Labels")!.GetValue(set);
            values[slot.Parameter] = Activator.CreateInstance(set.GetType(), slot.InSetLabels ? scores : scores.Shortened(), slot.InSetLabels ? labels!.Shortened() : labels);
        }

        return new CallArguments(_method, _items, values, SpanNames);
    }

    public void AssertGuardsIntact(string what)
    {
        foreach (var span in _values.SelectMany(SpansOf))
        {
            var damaged = span.DamagedGuard();
            Assert.True(damaged < 0, $"{what}: wrote past '{span.Name}' (guard {damaged} after its {span.Length} elements)");
        }
    }

    private static IEnumerable<SpanArgument> SpansOf(object? value) => value switch
    {
        SpanArgument span => new[] { span },
        { } set when IsSet(set.GetType()) => new[] { set.GetType().GetProperty("Scores")!.GetValue(set), set.GetType().GetProperty("Labels")!.GetValue(set) }.OfType<SpanArgument>(),
        _ => Array.Empty<SpanArgument>(),
    };

    private static bool IsSet(Type type) => type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ScoreSet<>) || type.GetGenericTypeDefinition() == typeof(ScoreSetArgument<>));

    private static Type ElementType(MethodInfo method) =>
        method.IsGenericMethod ? method.GetGenericArguments()[0]
        : method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments()[0]
        : method.GetParameters().Select(p => p.ParameterType).FirstOrDefault(t => t == typeof(float) || t == typeof(double) || (t.IsGenericType && t.GetGenericArguments()[0] is var e && (e == typeof(float) || e == typeof(double)))) is { } t
            ? (t.IsGenericType ? t.GetGenericArguments()[0] : t)
            : typeof(double);

    /// <summary>
    /// Spans whose length sets a size rather than matching another's: shortening one may leave a valid call (one fewer
    /// score, k − 1 indices), so it must either succeed or name a span that no longer matches.
    /// </summary>
    private static bool IsDefining(MethodInfo method, string name) => name switch
    {
        "scores" or "sp" or "sn" or "row" or "values" or "embeddings" or "unit" => true,
        "labels" => method.DeclaringType == typeof(PairSimilarities) || method.DeclaringType == typeof(CircleLoss) || method.DeclaringType == typeof(Guard)
            || method.Name == nameof(SetKernels.ScaleLabelled),
        "indices" => true,
        "grades" => method.DeclaringType == typeof(Guard),
        "targets" => method.DeclaringType == typeof(TopKSoftmax) && !method.Name.Contains("Batch", StringComparison.Ordinal)
            || (method.DeclaringType == typeof(Guard) && method.Name == nameof(Guard.Distribution))
            || (method.DeclaringType == typeof(SoftmaxTargets) && method.Name == nameof(SoftmaxTargets.SmoothLabels)),
        "destination" => method.GetParameters()[0].ParameterType == typeof(int),
        _ => false,
    };

    private static object? Value(MethodInfo method, ParameterInfo parameter, Type t, int length, int items)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name!;
        var owner = method.DeclaringType!;
        if (type.IsByRef)
        {
            return null;
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>)))
        {
            var element = type.GetGenericArguments()[0];
            var writable = type.GetGenericTypeDefinition() == typeof(Span<>);
            return SpanArgument.Create(element, name, writable, SpanValues(method, name, element, t, length, items));
        }

        if (IsSet(type))
        {
            // "set": hard-labelled (both of its spans are checked); "left"/"right": every score, of different sizes.
            var scores = (SpanArgument)SpanArgument.Create(t, "scores", false, Numbers(t, name == "left" ? 3 : name == "right" ? 4 : length, i => Math.Sin(i + 1)));
            SpanArgument? labels = name == "set" ? SpanArgument.Create(typeof(bool), "labels", false, Enumerable.Range(0, length).Select(i => i % 2 == 0).ToArray()) : null;
            return Activator.CreateInstance(typeof(ScoreSetArgument<>).MakeGenericType(t), scores, labels);
        }

        if (type.IsEnum)
        {
            return System.Enum.GetValues(type).GetValue(0);
        }

        if (type == typeof(string))
        {
            return method.GetParameters().First(p => SpanInvoker.IsSpanLike(p.ParameterType)).Name;
        }

        if (type == typeof(bool))
        {
            return name == "positive";
        }

        if (type == typeof(int))
        {
            return name switch
            {
                "classes" or "items" => items,
                "k" => 2,
                "topK" => 3,
                "target" or "excluded" => 1,
                "blocks" => 3,
                "stride" => owner == typeof(BlockKernels) ? 40 : 4,
                "count" => items,
                "row" => 3,
                "rows" => Rows,
                _ => throw new NotSupportedException($"no rule for int '{name}' of {owner.Name}.{method.Name}"),
            };
        }

        if (type == t)
        {
            var value = name switch
            {
                "gamma" => 2.0,
                "margin" => 0.25,
                "positiveScale" => -1.0,
                "logSum" => 3.0,
                "coefficient" or "factor" or "negativeFactor" or "positiveFactor" => 0.5,
                "mu" or "epsilon" => 0.1,
                "offset" => 0.0,
                _ => 1.0,
            };
            return t == typeof(float) ? (object)(float)value : value;
        }

        throw new NotSupportedException($"no rule for {type.Name} '{name}' of {owner.Name}.{method.Name}");
    }

    private static Array SpanValues(MethodInfo method, string name, Type element, Type t, int length, int items)
    {
        var owner = method.DeclaringType!;
        var padded = method.Name.Contains("Padded", StringComparison.Ordinal);
        if (element == typeof(bool))
        {
            return Enumerable.Range(0, length).Select(i => i % 2 == 0).ToArray();
        }

        if (element == typeof(int))
        {
            return name switch
            {
                "labels" when owner == typeof(CircleLoss) || owner == typeof(PairSimilarities) => new[] { 0, 1, 0, 1 },
                "grades" or "labels" => Enumerable.Range(0, length).Select(i => i % 4).ToArray(),
                "targets" when owner == typeof(TopKSoftmax) => method.GetParameters().Any(p => p.Name == "classes")
                    ? (padded ? new[] { 1, 3, 2, 0 } : new[] { 0, 3, 1, 2 })
                    : (padded ? new[] { 1, 3 } : new[] { 0, 3 }),
                "targets" => new[] { 1, 2 },
                "indices" => new int[2],
                "order" => new int[length],
                "predictions" => new int[length / items],
                "positiveOffsets" or "negativeOffsets" => new int[Batch + 1],
                _ => throw new NotSupportedException($"no rule for int span '{name}' of {owner.Name}.{method.Name}"),
            };
        }

        var count = name switch
        {
            "embeddings" or "gradEmbeddings" or "unit" => Batch * Dimension,
            "norms" => Batch,
            "positives" or "gradPositives" => PairSimilarities.Count(new[] { 0, 1, 0, 1 }).Positives,
            "negatives" or "gradNegatives" => PairSimilarities.Count(new[] { 0, 1, 0, 1 }).Negatives,
            "sp" or "gradSp" => 3,
            "sn" or "gradSn" => 4,
            "rowWeights" => Rows,
            "weights" => items * items,
            "logits" => 3 * 40,
            "losses" => items,
            "shares" or "limits" => (2 * 4) + 3 + 1,
            "workspace" when owner == typeof(CircleLoss) => CircleLoss.BatchWorkspaceLength(Batch, Dimension),
            "workspace" => TopKSoftmax.WorkspaceLength(items, 2),
            "leftGradient" => 3,
            "rightGradient" => 4,
            _ => length,
        };

        // Scores, similarities and embeddings vary; grades and targets are small non-negative numbers; the rest 0.5.
        Func<int, double> value = name switch
        {
            "grades" => i => i % 4,
            "labels" => i => (i % 3) / 2.0,
            "targets" => i => i % 3 == 0 ? 1 : 0,
            "rowWeights" => _ => 1,
            "norms" => _ => 1,
            _ => i => Math.Sin(i + 1),
        };
        if (element == typeof(double) && name == "workspace")
        {
            return new double[count];
        }

        return Numbers(element == typeof(double) || element == typeof(float) ? element : t, count, value);
    }

    private static Array Numbers(Type t, int count, Func<int, double> value) =>
        t == typeof(float) ? Enumerable.Range(0, count).Select(i => (float)value(i)).ToArray() : Enumerable.Range(0, count).Select(value).ToArray();
}
