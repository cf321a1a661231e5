using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using PairwiseLoss.Ranking;
using Xunit;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// Every public method of the runtime that takes spans (the catalogue, the hidden kernels generated code calls, and
/// every other type), found by reflection, in float and double: a valid call first (so the check cannot pass
/// vacuously), then each span one element short. A short span must give an <see cref="ArgumentException"/> naming a
/// span parameter (the short one when its length depends on another's), and no call may write past the end of a span:
/// each span is followed by guard elements that are checked after every call.
/// </summary>
public sealed class SpanBoundsTests
{
    /// <summary>Methods with a test of their own: their arguments are not data a generic rule can build.</summary>
    private static readonly Dictionary<string, string> CoveredElsewhere = new()
    {
        ["RowBlocks.Mean"] = nameof(RowBlocksMeanChecksItsInputs),
    };

    public static IEnumerable<object[]> Methods() =>
        EntryPoints().Select(m => new object[] { Describe(m) });

    /// <summary>Every public static method of a public type that takes a span, a set or batch inputs.</summary>
    internal static IEnumerable<MethodInfo> EntryPoints() =>
        typeof(Losses).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => SpanInvoker.IsSpanLike(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)))
            .OrderBy(Describe, StringComparer.Ordinal);

    internal static string Describe(MethodInfo method) =>
        $"{Name(method.DeclaringType!)}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}"))})";

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(Name))}>"
        : type.Name;

    [Fact]
    public void The_reflection_query_finds_the_whole_api()
    {
        var methods = EntryPoints().Select(m => $"{Name(m.DeclaringType!)}.{m.Name}").ToHashSet();
        Assert.True(methods.Count >= 60, $"only {methods.Count} span-taking methods found");
        Assert.Contains("SetKernels.LabelledLogSumExp", methods);
        Assert.Contains("BlockKernels.LogOnePlusSumExp", methods);
        Assert.Contains("Losses.SoftmaxCrossEntropyBatch", methods);
        Assert.Contains("GradedLogTerm.Batch", methods);
        Assert.All(CoveredElsewhere.Keys, key => Assert.Contains(key, methods));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_short_span_is_an_argument_error_and_nothing_is_written_past_a_span(string description)
    {
        var method = EntryPoints().Single(m => Describe(m) == description);
        if (CoveredElsewhere.ContainsKey($"{Name(method.DeclaringType!)}.{method.Name}"))
        {
            return;
        }

        var generic = method.IsGenericMethodDefinition || method.DeclaringType!.IsGenericTypeDefinition;
        foreach (var (element, items) in (generic ? new[] { typeof(float), typeof(double) } : new[] { (Type?)null }).SelectMany(e => CallArguments.Lengths.Select(n => (e, n))))
        {
            var concrete = element is null ? method : Instantiate(method, element);
            var call = SpanInvoker.For(concrete);
            var arguments = new CallArguments(concrete, items);

            // The valid call: it must succeed, and write nothing past its spans.
            call(arguments.Values());
            arguments.AssertGuardsIntact(description + ", valid call");

            foreach (var slot in arguments.Slots.Where(s => s.Length > 0))
            {
                var shortened = arguments.WithShortened(slot);
                Exception? thrown = null;
                try
                {
                    call(shortened.Values());
                }
                catch (Exception e)
                {
                    thrown = e;
                }

                var what = $"{description} [{element?.Name}, {items} items], '{slot.Name}' one short";
                shortened.AssertGuardsIntact(what);
                if (slot.Defining)
                {
                    // A span that sets a size (the scores, k by the indices' length) may be shorter: then either the
                    // call is valid, or a span that must match it is named.
                    Assert.True(thrown is null || (thrown is ArgumentException e && arguments.SpanNames.Contains(e.ParamName)), $"{what}: {thrown}");
                    continue;
                }

                Assert.True(thrown is ArgumentException, $"{what}: expected an ArgumentException naming '{slot.ParameterName}', got {thrown?.ToString() ?? "no error"}");
                Assert.True(((ArgumentException)thrown!).ParamName == slot.ParameterName, $"{what}: the error names '{((ArgumentException)thrown!).ParamName}': {thrown.Message}");
            }
        }
    }

    [Fact]
    public void RowBlocksMeanChecksItsInputs()
    {
        static double Rows(in BatchInputs<double, bool> inputs, int first, int end, out int counted)
        {
            counted = end - first;
            return 0;
        }

        var scores = new double[6];
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 0), Rows)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 4), Rows)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 3) { Gradient = new double[5] }, Rows)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 3) { Labels = new bool[5] }, Rows)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 3) { Targets = new int[1] }, Rows)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentNullException>(() => RowBlocks.Mean(new BatchInputs<double, bool>(scores, 3), null!)).ParamName);
        Assert.Equal(0.0, RowBlocks.Mean(new BatchInputs<double, bool>(scores, 3) { Gradient = new double[6], Labels = new bool[6], Targets = new int[2] }, Rows));
    }

    /// <summary>The method with every type parameter (its own, or its type's, as <c>ScoreSet&lt;T&gt;</c>) set to <paramref name="element"/>.</summary>
    internal static MethodInfo Instantiate(MethodInfo method, Type element)
    {
        if (method.DeclaringType!.IsGenericTypeDefinition)
        {
            var type = method.DeclaringType.MakeGenericType(method.DeclaringType.GetGenericArguments().Select(_ => element).ToArray());
            method = (MethodInfo)MethodBase.GetMethodFromHandle(method.MethodHandle, type.TypeHandle)!;
        }

        // The element type, and for a pair-shape parameter (IPairShape<T>) the hinge: a kernel runs with any shape.
        return method.IsGenericMethodDefinition
            ? method.MakeGenericMethod(method.GetGenericArguments().Select(a => a.GetGenericParameterConstraints().Any(c => c.IsGenericType && c.GetGenericTypeDefinition() == typeof(IPairShape<>)) ? typeof(HingeShape<>).MakeGenericType(element) : element).ToArray())
            : method;
    }

}
