using System;
using System.Numerics;

namespace PairwiseLoss;

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

    public static T GreaterThanMask(T a, T b) => a > b ? T.One : T.Zero;

    public static T Or(T a, T b) => a != T.Zero || b != T.Zero ? T.One : T.Zero;

    public static T NaNMask(T value) => T.IsNaN(value) ? T.One : T.Zero;

    public static T Exp(T value) => T.Exp(value);

    public static bool Any(T mask) => mask != T.Zero;

    public static T Sum(T value) => value;

    public static T MaxAcross(T value) => value;

    public static T LabelMask(ReadOnlySpan<byte> labels, int index) => !labels.IsEmpty && labels[index] != 0 ? T.One : T.Zero;

    public static T LaneMask(int lane) => lane == 0 ? T.One : T.Zero;
}
