using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>Eight float or four double lanes (AVX2).</summary>
internal readonly struct Simd256<T> : ISimd<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    public static Vector256<T> Load(ReadOnlySpan<T> source, int index) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);

    public static void Store(Vector256<T> value, Span<T> destination, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);

    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    public static Vector256<T> Log(Vector256<T> value) => typeof(T) == typeof(float)
        ? Vector256.Log(value.AsSingle()).As<float, T>()
        : Vector256.Log(value.AsDouble()).As<double, T>();

    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> whenTrue, Vector256<T> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector256<T> EqualsMask(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);

    public static Vector256<T> GreaterThanMask(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);

    public static Vector256<T> Or(Vector256<T> a, Vector256<T> b) => a | b;

    public static Vector256<T> NaNMask(Vector256<T> value) => Vector256.IsNaN(value);

    public static Vector256<T> Exp(Vector256<T> value) => typeof(T) == typeof(float)
        ? Vector256.Exp(value.AsSingle()).As<float, T>()
        : Vector256.Exp(value.AsDouble()).As<double, T>();

    public static bool Any(Vector256<T> mask) => mask != Vector256<T>.Zero;

    public static T Sum(Vector256<T> value) => Vector256.Sum(value);

    public static T MaxAcross(Vector256<T> value) => Simd128<T>.MaxAcross(Vector128.Max(value.GetLower(), value.GetUpper()));

    public static Vector256<T> LaneMask(int lane) => (uint)lane < (uint)Vector256<T>.Count
        ? Vector256.Equals(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(lane)))
        : Vector256<T>.Zero;

    public static Vector256<T> LabelMask(ReadOnlySpan<byte> labels, int index)
    {
        if (labels.IsEmpty)
        {
            return Vector256<T>.Zero;
        }

        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(labels), index);
        if (typeof(T) == typeof(float))
        {
            var eight = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref start)).AsByte();
            var lanes = Vector256.WidenLower(Vector128.WidenLower(eight).ToVector256Unsafe());
            return (~Vector256.Equals(lanes, Vector256<uint>.Zero)).As<uint, T>();
        }

        var four = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref start)).AsByte();
        var longs = Vector256.WidenLower(Vector128.WidenLower(Vector128.WidenLower(four)).ToVector256Unsafe());
        return (~Vector256.Equals(longs, Vector256<ulong>.Zero)).As<ulong, T>();
    }
}
