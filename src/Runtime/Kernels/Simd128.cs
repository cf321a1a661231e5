using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>Four float or two double lanes (SSE on x64, AdvSimd on ARM64): the width every 64-bit CPU .NET runs on has.</summary>
internal readonly struct Simd128<T> : ISimd<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    public static Vector128<T> Load(ReadOnlySpan<T> source, int index) => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);

    public static void Store(Vector128<T> value, Span<T> destination, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);

    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;

    public static Vector128<T> Log(Vector128<T> value) => typeof(T) == typeof(float)
        ? Vector128.Log(value.AsSingle()).As<float, T>()
        : Vector128.Log(value.AsDouble()).As<double, T>();

    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);

    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> whenTrue, Vector128<T> whenFalse) => Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector128<T> EqualsMask(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b);

    public static Vector128<T> GreaterThanMask(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b);

    public static Vector128<T> Or(Vector128<T> a, Vector128<T> b) => a | b;

    public static Vector128<T> NaNMask(Vector128<T> value) => Vector128.IsNaN(value);

    public static Vector128<T> Exp(Vector128<T> value) => typeof(T) == typeof(float)
        ? Vector128.Exp(value.AsSingle()).As<float, T>()
        : Vector128.Exp(value.AsDouble()).As<double, T>();

    public static bool Any(Vector128<T> mask) => mask != Vector128<T>.Zero;

    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    public static T MaxAcross(Vector128<T> value)
    {
        if (typeof(T) == typeof(float))
        {
            // Two shuffles instead of four element reads: NaN lanes need not survive (the kernels track NaN apart).
            var v = value.AsSingle();
            v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
            v = Vector128.Max(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
            var max = v.ToScalar();
            return Unsafe.As<float, T>(ref max);
        }

        return T.Max(value.GetElement(0), value.GetElement(1));
    }

    public static Vector128<T> LaneMask(int lane) => (uint)lane < (uint)Vector128<T>.Count
        ? Vector128.Equals(Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(lane)))
        : Vector128<T>.Zero;

    public static Vector128<T> LabelMask(ReadOnlySpan<byte> labels, int index)
    {
        if (labels.IsEmpty)
        {
            return Vector128<T>.Zero;
        }

        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(labels), index);
        if (typeof(T) == typeof(float))
        {
            var four = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref start)).AsByte();
            var lanes = Vector128.WidenLower(Vector128.WidenLower(four));
            return (~Vector128.Equals(lanes, Vector128<uint>.Zero)).As<uint, T>();
        }

        var two = Vector128.CreateScalar(Unsafe.ReadUnaligned<ushort>(ref start)).AsByte();
        var longs = Vector128.WidenLower(Vector128.WidenLower(Vector128.WidenLower(two)));
        return (~Vector128.Equals(longs, Vector128<ulong>.Zero)).As<ulong, T>();
    }
}
