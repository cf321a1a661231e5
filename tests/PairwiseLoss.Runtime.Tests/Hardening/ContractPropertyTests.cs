using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// The special-value contract over every public method a user calls (the catalogue, <see cref="ClassTerms"/>,
/// <see cref="TopKSoftmax"/>, <see cref="CircleLoss"/>, <see cref="PairSimilarities"/> and every Ranking kernel), found by
/// reflection and fed from one generator of values: finite ones of every size, ±MaxValue, subnormals, ±0, ±∞ and NaN
/// in the scores; random, all-equal and negative (invalid) grades; labels all set, none set or mixed; zero row weights.
/// <list type="bullet">
/// <item>No exception: special scores are data, not argument errors.</item>
/// <item>Without NaN in: no NaN out, in the loss or any gradient (−∞ is absent, +∞ the limit, overflow +∞).</item>
/// <item>With NaN in: the loss and the gradient agree: the loss is NaN exactly when a gradient holds a NaN.</item>
/// </list>
/// The values themselves are checked against brute-force references by the per-type property tests; the hidden
/// kernels, which generated code calls with inputs it keeps consistent, through the declarations it generates.
/// </summary>
[Trait("Category", "Property")]
public sealed class ContractPropertyTests
{
    private const long Iterations = 300;
    private readonly ITestOutputHelper _output;

    public ContractPropertyTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Methods() =>
        SpanBoundsTests.EntryPoints().Where(IsUserFacing).Select(m => new object[] { SpanBoundsTests.Describe(m) });

    /// <summary>A user calls it: not a kernel hidden for generated code, not an argument check.</summary>
    internal static bool IsUserFacing(MethodInfo method) =>
        method.DeclaringType!.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never
        && method.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>)
            && p.Name is "scores" or "sp" or "sn" or "embeddings");

    [Fact]
    public void Every_user_facing_method_has_a_reference()
    {
        var names = SpanBoundsTests.EntryPoints().Where(IsUserFacing).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").Distinct().ToList();
        Assert.True(names.Count >= 30, $"only {names.Count} methods found");
        Assert.All(names, name => Assert.True(ContractReferences.Loss.ContainsKey(name), $"{name} has no brute-force reference in {nameof(ContractReferences)}"));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Special_values_keep_the_contract(string description)
    {
        var method = SpanBoundsTests.EntryPoints().Single(m => SpanBoundsTests.Describe(m) == description);
        foreach (var element in method.IsGenericMethodDefinition ? new[] { typeof(float), typeof(double) } : new[] { (Type?)null })
        {
            var concrete = element is null ? method : SpanBoundsTests.Instantiate(method, element);
            var call = SpanInvoker.For(concrete);
            PropertyRun.Check(
                _output,
                "4-contract-" + description + element?.Name,
                $"special values, {SpanBoundsTests.Describe(concrete)}",
                Gen.Int,
                seed => Case(concrete, call, seed),
                seed => $"seed {seed}: {Inputs(concrete, seed)}",
                Iterations);
        }
    }

    private static CallArguments Arguments(MethodInfo method, int seed)
    {
        var rng = new Random(seed);
        var arguments = new CallArguments(method, new[] { 4, 5, 9, 17 }[rng.Next(4)]);
        var gradeMode = rng.Next(4);
        foreach (var parameter in method.GetParameters().Where(p => p.ParameterType.IsEnum || p.ParameterType == typeof(bool)))
        {
            var choices = parameter.ParameterType.IsEnum ? System.Enum.GetValues(parameter.ParameterType) : new object[] { false, true };
            arguments.Set(parameter.Name!, choices.GetValue(rng.Next(choices.Length))!);
        }

        foreach (var (name, span) in arguments.Spans)
        {
            switch (name)
            {
                case "scores" or "sp" or "sn" or "embeddings":
                    var mode = rng.Next(4); // ordinary values (some absent) with a few specials, mostly specials, extremes
                    span.Fill(_ => Value(rng, mode));
                    break;
                case "labels" when span is SpanArgument<bool>:
                    var labelMode = rng.Next(4);
                    span.Fill(_ => labelMode switch { 0 => 0, 1 => 1, _ => rng.Next(2) });
                    break;
                case "labels" when span is SpanArgument<float> or SpanArgument<double>:
                    span.Fill(_ => rng.Next(3) switch { 0 => 0, 1 => 1, _ => rng.NextDouble() });
                    break;
                case "grades":
                    span.Fill(_ => gradeMode switch { 0 => 1, 1 => rng.Next(-1, 4), _ => rng.Next(0, 4) });
                    break;
                case "rowWeights":
                    span.Fill(_ => rng.Next(3) switch { 0 => 0, 1 => 1, _ => 2.5 });
                    break;
            }
        }

        return arguments;
    }

    /// <summary>One value: mode 0 ordinary with −∞ (absent), 1 ordinary with a few specials, 2 any special, 3 huge and tiny finite ones.</summary>
    private static double Value(Random rng, int mode)
    {
        var special = new[]
        {
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.MaxValue, -double.MaxValue, float.MaxValue, -float.MaxValue,
            double.Epsilon, -double.Epsilon, float.Epsilon, 1e-310, 0.0, -0.0, 1e30, -1e30, 1e300,
        };
        return mode switch
        {
            0 => rng.Next(6) == 0 ? double.NegativeInfinity : (rng.NextDouble() * 6) - 3,
            1 => rng.Next(10) == 0 ? special[rng.Next(special.Length)] : (rng.NextDouble() * 6) - 3,
            2 => rng.Next(2) == 0 ? special[rng.Next(special.Length)] : (rng.NextDouble() * 6) - 3,
            _ => rng.Next(3) switch { 0 => double.MaxValue * (rng.NextDouble() - 0.5), 1 => float.MaxValue * (rng.NextDouble() - 0.5), _ => 1e-300 * rng.NextDouble() },
        };
    }

    private static string Inputs(MethodInfo method, int seed) =>
        string.Join(" ", Arguments(method, seed).Spans.Where(s => !s.Value.Writable).Select(s => $"{s.Key}=[{string.Join(", ", s.Value.Numbers().Select(v => v.ToString("R")))}]"));

    private static void Case(MethodInfo method, Func<object?[], object?> call, int seed)
    {
        var arguments = Arguments(method, seed);
        var values = arguments.Values();
        var result = call(values);
        var inputs = arguments.Spans.Where(s => !s.Value.Writable && s.Key is "scores" or "sp" or "sn" or "embeddings").SelectMany(s => s.Value.Numbers()).ToList();
        var gradients = arguments.Spans.Where(s => s.Value.Writable && (s.Key.StartsWith("grad", StringComparison.Ordinal) || s.Key == "probabilities")).SelectMany(s => s.Value.Numbers()).ToList();
        var loss = result is float f ? f : result is double d ? d : (double?)null;
        var nanIn = inputs.Any(double.IsNaN);
        var nanGradient = gradients.Any(double.IsNaN);
        var key = $"{method.DeclaringType!.Name}.{method.Name}";
        if (loss is { } value && ContractReferences.Loss[key] is { } reference && inputs.All(x => double.IsNegativeInfinity(x) || Math.Abs(x) <= 10))
        {
            // Ordinary values and absent ones: the loss is the brute-force reference's (float: on the same float inputs).
            var expected = reference(arguments);
            var tolerance = (result is float ? 1e-4 : 1e-9) * Math.Max(1, Math.Abs(expected));
            Assert.True(Math.Abs(expected - value) <= tolerance || expected == value, $"loss {value:R}, reference {expected:R}");
        }

        if (ContractReferences.Written.TryGetValue(key, out var written) && inputs.All(x => double.IsNegativeInfinity(x) || Math.Abs(x) <= 10))
        {
            var expected = written.Reference(arguments);
            var actual = arguments.Numbers(written.Span);
            var tolerance = result is float || arguments.Spans[written.Span] is SpanArgument<float> ? 1e-4 : 1e-9;
            Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= tolerance * Math.Max(1, Math.Abs(p.First)), $"{written.Span}: {p.Second:R}, reference {p.First:R}"));
        }

        if (!nanIn)
        {
            Assert.False(loss is { } l && double.IsNaN(l), "NaN loss without NaN in");
            Assert.False(nanGradient, "NaN gradient without NaN in");
        }
        else if (loss is { } l)
        {
            // An item can leave every pair (a negative grade) and a row can weigh 0: then its NaN may be left out, but
            // loss and gradient must agree.
            var excludable = arguments.Spans.TryGetValue("grades", out var grades) && grades.Numbers().Any(g => g < 0)
                || arguments.Spans.ContainsKey("rowWeights");
            Assert.True(excludable || double.IsNaN(l), $"NaN in, but the loss is {l}");
            Assert.True(gradients.Count == 0 || double.IsNaN(l) == nanGradient, $"NaN in: the loss is {l} but the gradient {(nanGradient ? "holds" : "has no")} NaN");
        }
    }
}
