using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// A span argument of a reflected call: a view of the first <see cref="Length"/> elements of a backing array whose
/// remaining elements are guards, set to a sentinel and checked after the call, so a write past the span is seen.
/// </summary>
public abstract class SpanArgument
{
    public const int Guards = 16;

    protected SpanArgument(string name, bool writable)
    {
        Name = name;
        Writable = writable;
    }

    public string Name { get; }

    public bool Writable { get; }

    public abstract int Length { get; }

    /// <summary>The same values, one element shorter (the dropped element becomes a guard).</summary>
    public abstract SpanArgument Shortened();

    public abstract double[] Numbers();

    public abstract void Fill(Func<int, double> value);

    /// <summary>The index of the first guard that no longer holds its sentinel, or −1.</summary>
    public abstract int DamagedGuard();

    public static SpanArgument Create(Type element, string name, bool writable, Array values) =>
        (SpanArgument)Activator.CreateInstance(typeof(SpanArgument<>).MakeGenericType(element), name, writable, values)!;
}

public sealed class SpanArgument<TElement> : SpanArgument
{
    private readonly TElement[] _backing;
    private readonly int _length;

    public SpanArgument(string name, bool writable, Array values)
        : this(name, writable, (TElement[])values, values.Length)
    {
    }

    private SpanArgument(string name, bool writable, TElement[] values, int length)
        : base(name, writable)
    {
        _length = length;
        _backing = new TElement[length + Guards];
        Array.Copy(values, _backing, length);
        for (var i = length; i < _backing.Length; i++)
        {
            _backing[i] = Sentinel;
        }
    }

    public override int Length => _length;

    /// <summary>A value no kernel writes by accident: a large odd number, or a set flag.</summary>
    private static TElement Sentinel => (TElement)(object)(typeof(TElement) == typeof(bool) ? true
        : typeof(TElement) == typeof(int) ? 0x5A5A5A5
        : typeof(TElement) == typeof(float) ? 12345.678f
        : (object)12345.678901);

    public Span<TElement> AsSpan() => _backing.AsSpan(0, _length);

    /// <summary>The elements as doubles (numbers only).</summary>
    public override double[] Numbers() => _backing.Take(_length).Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Replaces every element by <paramref name="value"/>(i), converted to the element type.</summary>
    public override void Fill(Func<int, double> value)
    {
        for (var i = 0; i < _length; i++)
        {
            var v = value(i);
            _backing[i] = (TElement)(object)(typeof(TElement) == typeof(bool) ? v != 0
                : typeof(TElement) == typeof(int) ? (int)v
                : typeof(TElement) == typeof(float) ? (float)v
                : (object)v);
        }
    }

    public ReadOnlySpan<TElement> AsReadOnlySpan() => _backing.AsSpan(0, _length);

    public override SpanArgument Shortened() => new SpanArgument<TElement>(Name, Writable, _backing, _length - 1);

    public override int DamagedGuard()
    {
        for (var i = _length; i < _backing.Length; i++)
        {
            if (!EqualityComparer<TElement>.Default.Equals(_backing[i], Sentinel))
            {
                return i - _length;
            }
        }

        return -1;
    }
}

/// <summary>A <see cref="ScoreSet{T}"/> argument over span arguments: every score, or the hard- or soft-labelled ones.</summary>
public sealed class ScoreSetArgument<T>
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
{
    public ScoreSetArgument(SpanArgument<T> scores, SpanArgument? labels)
    {
        Scores = scores;
        Labels = labels;
    }

    public SpanArgument<T> Scores { get; }

    public SpanArgument? Labels { get; }

    public ScoreSet<T> Make() => Labels switch
    {
        null => ScoreSet<T>.All(Scores.AsReadOnlySpan()),
        SpanArgument<bool> hard => ScoreSet<T>.Labelled(Scores.AsReadOnlySpan(), hard.AsReadOnlySpan(), positive: true),
        SpanArgument<T> soft => ScoreSet<T>.Labelled(Scores.AsReadOnlySpan(), soft.AsReadOnlySpan(), positive: false),
        _ => throw new InvalidOperationException("labels must be bool or T"),
    };
}

/// <summary>
/// Calls a method whose parameters are spans and ref structs from an <c>object[]</c>: reflection cannot box a span,
/// so a small dynamic method unpacks each argument (a <see cref="SpanArgument{TElement}"/> becomes its span, a
/// <see cref="ScoreSetArgument{T}"/> its set, an <c>out</c> parameter a local) and boxes the result.
/// </summary>
public static class SpanInvoker
{
    public static Func<object?[], object?> For(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var dynamic = new DynamicMethod("Call_" + method.Name, typeof(object), new[] { typeof(object?[]) }, typeof(SpanInvoker).Module, skipVisibility: true);
        var il = dynamic.GetILGenerator();
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type.IsByRef)
            {
                var local = il.DeclareLocal(type.GetElementType()!);
                il.Emit(OpCodes.Ldloca, local);
                continue;
            }

            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>)))
            {
                var holder = typeof(SpanArgument<>).MakeGenericType(type.GetGenericArguments()[0]);
                il.Emit(OpCodes.Castclass, holder);
                il.Emit(OpCodes.Callvirt, holder.GetMethod(type.GetGenericTypeDefinition() == typeof(Span<>) ? "AsSpan" : "AsReadOnlySpan")!);
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ScoreSet<>))
            {
                var holder = typeof(ScoreSetArgument<>).MakeGenericType(type.GetGenericArguments()[0]);
                il.Emit(OpCodes.Castclass, holder);
                il.Emit(OpCodes.Callvirt, holder.GetMethod("Make")!);
            }
            else if (type.IsValueType)
            {
                il.Emit(OpCodes.Unbox_Any, type);
            }
            else
            {
                il.Emit(OpCodes.Castclass, type);
            }
        }

        il.Emit(OpCodes.Call, method);
        if (method.ReturnType == typeof(void))
        {
            il.Emit(OpCodes.Ldnull);
        }
        else if (method.ReturnType.IsByRefLike)
        {
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ldnull);
        }
        else if (method.ReturnType.IsValueType)
        {
            il.Emit(OpCodes.Box, method.ReturnType);
        }

        il.Emit(OpCodes.Ret);
        return (Func<object?[], object?>)dynamic.CreateDelegate(typeof(Func<object?[], object?>));
    }

    /// <summary>Whether a parameter reads or writes memory the caller hands in: a span or a set over spans.</summary>
    public static bool IsSpanLike(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>)
            || type.GetGenericTypeDefinition() == typeof(ScoreSet<>) || type.GetGenericTypeDefinition() == typeof(BatchInputs<,>));
}
