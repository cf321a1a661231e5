using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>Sixteen float or eight double lanes (AVX-512).</summary>
internal readonly struct Simd512<T> : ISimd<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    public static Vector512<T> Load(ReadOnlySpan<T> source, int index) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);

    public static void Store(Vector512<T> value, Span<T> destination, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);

    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    public static Vector512<T> Log(Vector512<T> value) => typeof(T) == typeof(float)
        ? Vector512.Log(value.AsSingle()).As<float, T>()
        : Vector512.Log(value.AsDouble()).As<double, T>();

    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> whenTrue, Vector512<T> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector512<T> EqualsMask(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);

    public static Vector512<T> GreaterThanMask(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b);

    public static Vector512<T> Or(Vector512<T> a, Vector512<T> b) => a | b;

    public static Vector512<T> NaNMask(Vector512<T> value) => Vector512.IsNaN(value);

    public static Vector512<T> Exp(Vector512<T> value) => typeof(T) == typeof(float)
        ? Vector512.Exp(value.AsSingle()).As<float, T>()
        : Vector512.Exp(value.AsDouble()).As<double, T>();

    public static bool Any(Vector512<T> mask) => mask != Vector512<T>.Zero;

    public static T Sum(Vector512<T> value) => Vector512.Sum(value);

    public static T MaxAcross(Vector512<T> value) => Simd256<T>.MaxAcross(Vector256.Max(value.GetLower(), value.GetUpper()));

    public static Vector512<T> LaneMask(int lane) => (uint)lane < (uint)Vector512<T>.Count
        ? Vector512.Equals(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(lane)))
        : Vector512<T>.Zero;

    public static Vector512<T> LabelMask(ReadOnlySpan<byte> labels, int index)
    {
        if (labels.IsEmpty)
        {
            return Vector512<T>.Zero;
        }

        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(labels), index);
        if (typeof(T) == typeof(float))
        {
            var bytes = Vector128.LoadUnsafe(ref start);
            var words = Vector256.WidenLower(bytes.ToVector256Unsafe());
            var lanes = Vector512.WidenLower(words.ToVector512Unsafe());
            return (~Vector512.Equals(lanes, Vector512<uint>.Zero)).As<uint, T>();
        }

        var eight = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref start)).AsByte();
        var quads = Vector256.WidenLower(Vector128.WidenLower(eight).ToVector256Unsafe());
        var longs = Vector512.WidenLower(quads.ToVector512Unsafe());
        return (~Vector512.Equals(longs, Vector512<ulong>.Zero)).As<ulong, T>();
    }
}
