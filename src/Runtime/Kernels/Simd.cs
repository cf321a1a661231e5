using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PairwiseLoss;

/// <summary>
/// The vector operations the set kernels need, over one register width; <see cref="Scalar{T}"/> is the
/// one-lane version that finishes the tail, so every kernel is written once. Masks are all-ones lanes.
/// Kernels run the widest accelerated width first and finish with the narrower ones (512 → 256 → 128 → scalar), so
/// x64 with AVX-512, x64 with AVX2 only, x64 with SSE only and ARM64 (AdvSimd: Vector128) are all vectorised.
/// </summary>
internal interface ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract int Count { get; }

    static abstract TVector Broadcast(T value);

    static abstract TVector Load(ReadOnlySpan<T> source, int index);

    static abstract void Store(TVector value, Span<T> destination, int index);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    static abstract TVector Log(TVector value);

    static abstract TVector Max(TVector a, TVector b);

    static abstract TVector Select(TVector mask, TVector whenTrue, TVector whenFalse);

    static abstract TVector EqualsMask(TVector a, TVector b);

    static abstract TVector Or(TVector a, TVector b);

    static abstract TVector NaNMask(TVector value);

    static abstract TVector Exp(TVector value);

    static abstract bool Any(TVector mask);

    static abstract T Sum(TVector value);

    static abstract T MaxAcross(TVector value);

    /// <summary>All-ones lanes where the label byte is non-zero; an empty span means "no labels": all zero.</summary>
    static abstract TVector LabelMask(ReadOnlySpan<byte> labels, int index);

    /// <summary>All-ones in lane <paramref name="lane"/> alone (none when it is outside [0, Count)).</summary>
    static abstract TVector LaneMask(int lane);
}

/// <summary>One lane: finishes the tail of every vector loop, and is the whole kernel where no SIMD is available.</summary>
internal readonly struct Scalar<T> : ISimd<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Broadcast(T value) => value;

    public static T Load(ReadOnlySpan<T> source, int index) => source[index];

    public static void Store(T value, Span<T> destination, int index) => destination[index] = value;

    public static T Add(T a, T b) => a + b;

    public static T Subtract(T a, T b) => a - b;

    public static T Multiply(T a, T b) => a * b;

    public static T Divide(T a, T b) => a / b;

    public static T Log(T value) => T.Log(value);

    public static T Max(T a, T b) => T.Max(a, b);

    public static T Select(T mask, T whenTrue, T whenFalse) => mask != T.Zero ? whenTrue : whenFalse;

    public static T EqualsMask(T a, T b) => a == b ? T.One : T.Zero;

    public static T Or(T a, T b) => a != T.Zero || b != T.Zero ? T.One : T.Zero;

    public static T NaNMask(T value) => T.IsNaN(value) ? T.One : T.Zero;

    public static T Exp(T value) => T.Exp(value);

    public static bool Any(T mask) => mask != T.Zero;

    public static T Sum(T value) => value;

    public static T MaxAcross(T value) => value;

    public static T LabelMask(ReadOnlySpan<byte> labels, int index) => !labels.IsEmpty && labels[index] != 0 ? T.One : T.Zero;

    public static T LaneMask(int lane) => lane == 0 ? T.One : T.Zero;
}

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
