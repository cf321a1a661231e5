using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp;

/// <summary>
/// A loss of one score span written as a struct: <see cref="TensorLoss.Apply{T, TBody}(Tensor, string, ref TBody)"/>
/// hands it the scores and the gradient to write. The struct may be a <c>ref struct</c>, so it can hold the spans of the
/// loss's other inputs (labels, targets) and call any span loss without a delegate or a closure.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ITensorLossBody<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Returns the loss of <paramref name="scores"/> and writes its gradient into <paramref name="gradient"/> (same length).</summary>
    T Invoke(ReadOnlySpan<T> scores, Span<T> gradient);
}

/// <summary>
/// Runs a span loss (one that reads <c>ReadOnlySpan&lt;T&gt;</c> scores and writes <c>Span&lt;T&gt;</c> gradients) on
/// TorchSharp tensors and puts the result into autograd. The generated tensor form of every declared loss calls it, in
/// three steps: <see cref="Scores{T}"/> for each score tensor (its elements and a gradient to write),
/// <see cref="Constant{TElement}"/> for each tensor without gradient (labels, targets), the span loss, then
/// <see cref="Result{T}(T, ScoreTensor{T})"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Memory.</b> A contiguous CPU tensor of the span's element type is read in place (no copy); anything else is copied
/// once into a contiguous CPU tensor of that type (a non-contiguous view, a tensor on a GPU, labels or targets of
/// another dtype). The gradient is written into one new tensor per score tensor and call, which autograd keeps until the
/// backward pass. No managed array is allocated and no delegate is created; the managed allocations per call are
/// TorchSharp's own wrapper objects and its autograd node (a few kilobytes, independent of the tensor sizes).
/// </para>
/// <para>
/// <b>Devices.</b> The loss itself always runs on the CPU. Scores on another device (CUDA) are copied to the CPU, and the
/// gradient is copied back to their device: two transfers of the scores' size per call plus one of each constant tensor,
/// and a synchronisation with the device. The returned loss is on the scores' device.
/// </para>
/// <para>
/// <b>Backward.</b> The saved gradient times <c>grad_output</c>; the constants get no gradient. The gradient is treated
/// as a constant of the backward pass, so a second derivative (create_graph) is not available.
/// </para>
/// </remarks>
public static class TensorLoss
{
    /// <summary>Reads a score tensor for a span loss over <typeparamref name="T"/> and allocates the gradient it will write.</summary>
    /// <param name="scores">A tensor of dtype float32 (<typeparamref name="T"/> = <see cref="float"/>) or float64 (<see cref="double"/>), any shape (read flat, row-major), any device.</param>
    /// <param name="parameterName">The name reported by the exceptions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scores"/> is null.</exception>
    /// <exception cref="ArgumentException">The dtype is not <typeparamref name="T"/>'s, or the tensor has more than <see cref="int.MaxValue"/> elements.</exception>
    public static ScoreTensor<T> Scores<T>(Tensor scores, string parameterName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(scores, parameterName);
        CheckScores<T>(scores, parameterName);
        var dtype = ElementType<T>();
        var input = ReadableCopy(scores, dtype, parameterName);
        var gradient = empty(scores.shape, dtype, CPU);
        return new ScoreTensor<T>(scores, input, gradient);
    }

    /// <summary>Reads a score tensor for a forward-only span loss over <typeparamref name="T"/> (no gradient): in place when it is contiguous on the CPU, a CPU copy otherwise.</summary>
    /// <param name="scores">A tensor of dtype float32 (<typeparamref name="T"/> = <see cref="float"/>) or float64 (<see cref="double"/>).</param>
    /// <param name="parameterName">The name reported by the exceptions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scores"/> is null.</exception>
    /// <exception cref="ArgumentException">The dtype is not <typeparamref name="T"/>'s, or the tensor has more than <see cref="int.MaxValue"/> elements.</exception>
    public static ConstantTensor<T> ReadScores<T>(Tensor scores, string parameterName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(scores, parameterName);
        CheckScores<T>(scores, parameterName);
        var readable = ReadableCopy(scores, ElementType<T>(), parameterName);
        return new ConstantTensor<T>(readable, owned: !ReferenceEquals(readable, scores));
    }

    static void CheckScores<T>(Tensor scores, string parameterName)
        where T : unmanaged
    {
        var dtype = ElementType<T>();
        if (scores.dtype != dtype)
        {
            throw new ArgumentException($"{parameterName} has dtype {scores.dtype}; this loss reads {dtype} scores (convert with .to_type(ScalarType.{dtype}), or call the {(dtype == ScalarType.Float32 ? "double" : "float")} form if the loss has one)", parameterName);
        }
    }

    /// <summary>
    /// Reads a tensor that the loss depends on without a gradient (labels, targets, weights) as elements of
    /// <typeparamref name="TElement"/>: in place when it is a contiguous CPU tensor of that dtype, converted otherwise.
    /// Conversion to <see cref="bool"/> accepts only 0 and 1; to <see cref="int"/> only whole values in int's range.
    /// </summary>
    /// <param name="tensor">The constant tensor, on the same device as <paramref name="scores"/>.</param>
    /// <param name="parameterName">The name reported by the exceptions.</param>
    /// <param name="scores">The scores of the same call (for the device check).</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">Another device than the scores', a value that <typeparamref name="TElement"/> cannot hold, or more than <see cref="int.MaxValue"/> elements.</exception>
    public static ConstantTensor<TElement> Constant<TElement>(Tensor tensor, string parameterName, Tensor scores)
        where TElement : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor, parameterName);
        ArgumentNullException.ThrowIfNull(scores);
        if (tensor.device_type != scores.device_type || tensor.device_index != scores.device_index)
        {
            throw new ArgumentException($"{parameterName} is on {tensor.device}; the scores are on {scores.device}", parameterName);
        }

        var dtype = ElementType<TElement>();
        if (tensor.dtype == dtype)
        {
            var readable = ReadableCopy(tensor, dtype, parameterName);
            return new ConstantTensor<TElement>(readable, owned: !ReferenceEquals(readable, tensor));
        }

        if (tensor.numel() > int.MaxValue)
        {
            throw new ArgumentException($"{parameterName} has {tensor.numel()} elements; a span holds at most {int.MaxValue}", parameterName);
        }

        using var guard = no_grad();
        using var detached = tensor.detach();
        using var onDevice = detached.device_type == DeviceType.CPU ? null : detached.cpu();
        var cpu = onDevice ?? detached;
        if (dtype == ScalarType.Bool && cpu.dtype != ScalarType.Bool)
        {
            using var zero = cpu.eq(0);
            using var one = cpu.eq(1);
            using var either = zero.logical_or(one);
            using var all = either.all();
            if (!all.item<bool>())
            {
                throw new ArgumentException($"{parameterName} holds values other than 0 and 1; hard labels must be bool or 0/1 (a loss with soft labels takes values in [0, 1])", parameterName);
            }
        }
        else if (dtype == ScalarType.Int32 && cpu.dtype != ScalarType.Int32)
        {
            CheckWhole(cpu, parameterName);
        }

        var converted = cpu.to_type(dtype).contiguous();
        return new ConstantTensor<TElement>(converted, owned: true);
    }

    /// <summary>
    /// The loss as a scalar tensor in autograd: its backward multiplies the gradient written into
    /// <paramref name="scores"/> by <c>grad_output</c>. Without a gradient to propagate (the scores do not require one, or
    /// grad mode is off) a plain scalar tensor.
    /// </summary>
    /// <param name="loss">The value the span loss returned.</param>
    /// <param name="scores">The score tensor whose gradient the span loss wrote.</param>
    public static Tensor Result<T>(T loss, ScoreTensor<T> scores)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Result(loss, new ReadOnlySpan<ScoreTensor<T>>(ref scores));

    /// <summary>As <see cref="Result{T}(T, ScoreTensor{T})"/>, for a loss of two score tensors (each gets its own gradient), such as Circle Loss.</summary>
    /// <param name="loss">The value the span loss returned.</param>
    /// <param name="first">The first score tensor.</param>
    /// <param name="second">The second score tensor.</param>
    public static Tensor Result<T>(T loss, ScoreTensor<T> first, ScoreTensor<T> second)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<ScoreTensor<T>> both = [first, second];
        return Result(loss, (ReadOnlySpan<ScoreTensor<T>>)both);
    }

    /// <summary>As <see cref="Result{T}(T, ScoreTensor{T})"/>, for a loss of several score tensors (each gets its own gradient).</summary>
    /// <param name="loss">The value the span loss returned.</param>
    /// <param name="scores">The score tensors, each with the gradient the span loss wrote.</param>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is empty or was not made by <see cref="Scores{T}"/>.</exception>
    public static Tensor Result<T>(T loss, params ReadOnlySpan<ScoreTensor<T>> scores)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("give the score tensors of the call, from TensorLoss.Scores", nameof(scores));
        }

        foreach (var score in scores)
        {
            if (score.Source is null || score.GradientTensor is null)
            {
                throw new ArgumentException("a score tensor was not made by TensorLoss.Scores (a default ScoreTensor)", nameof(scores));
            }
        }

        var first = scores[0].Source;
        bool tracked = false;
        if (is_grad_enabled())
        {
            foreach (var score in scores)
            {
                tracked |= score.Source.requires_grad;
            }
        }

        if (!tracked)
        {
            return Value(loss, first);
        }

        // vars: the score tensors (autograd inputs), their gradients (on each score tensor's device), the value.
        var vars = new object[2 * scores.Length + 1];
        for (int i = 0; i < scores.Length; i++)
        {
            vars[i] = scores[i].Source;
            vars[scores.Length + i] = scores[i].GradientOnDevice();
        }

        vars[^1] = double.CreateTruncating(loss);
        try
        {
            return LossFunction.apply(vars);
        }
        finally
        {
            // Autograd holds its own reference to each saved gradient; the wrappers made for the device are ours.
            for (int i = 0; i < scores.Length; i++)
            {
                if (!ReferenceEquals(vars[scores.Length + i], scores[i].GradientTensor))
                {
                    ((Tensor)vars[scores.Length + i]).Dispose();
                }
            }
        }
    }

    /// <summary>The value of a loss as a scalar tensor without gradient, with the dtype and device of <paramref name="like"/> (a forward-only loss).</summary>
    public static Tensor Value<T>(T loss, Tensor like)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(like);
        return tensor(double.CreateTruncating(loss), like.dtype, like.device);
    }

    /// <summary>
    /// A span loss of one score tensor written as a struct (see <see cref="ITensorLossBody{T}"/>): reads
    /// <paramref name="scores"/>, calls <paramref name="body"/> with the scores and the gradient to write, and returns
    /// the loss in autograd. The three steps of <see cref="TensorLoss"/> in one call.
    /// </summary>
    /// <example>
    /// <code>
    /// ref struct Ranked(ReadOnlySpan&lt;float&gt; weights) : ITensorLossBody&lt;float&gt;
    /// {
    ///     readonly ReadOnlySpan&lt;float&gt; weights = weights;
    ///     public float Invoke(ReadOnlySpan&lt;float&gt; s, Span&lt;float&gt; g) => MyLosses.Weighted(s, weights, g);
    /// }
    /// var body = new Ranked(w);
    /// Tensor loss = TensorLoss.Apply&lt;float, Ranked&gt;(scores, "scores", ref body);
    /// </code>
    /// </example>
    public static Tensor Apply<T, TBody>(Tensor scores, string parameterName, ref TBody body)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TBody : ITensorLossBody<T>, allows ref struct
    {
        using var input = Scores<T>(scores, parameterName);
        T loss = body.Invoke(input.Span, input.Gradient);
        return Result(loss, input);
    }

    /// <summary>Whether <paramref name="tensor"/> holds <typeparamref name="T"/> elements (float32 for <see cref="float"/>, float64 for <see cref="double"/>, bool, int32, int64).</summary>
    public static bool Is<T>(Tensor tensor)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dtype == ElementType<T>();
    }

    /// <summary>The TorchSharp dtype of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">A type without a dtype here (only float, double, bool, int, long and byte have one).</exception>
    public static ScalarType ElementType<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        throw new NotSupportedException($"{typeof(T).Name} has no TorchSharp dtype here");
    }

    /// <summary>The tensor itself when it is a contiguous CPU tensor of <paramref name="dtype"/> (then not owned); otherwise an owned contiguous CPU copy.</summary>
    static Tensor ReadableCopy(Tensor tensor, ScalarType dtype, string parameterName)
    {
        if (tensor.numel() > int.MaxValue)
        {
            throw new ArgumentException($"{parameterName} has {tensor.numel()} elements; a span holds at most {int.MaxValue}", parameterName);
        }

        if (tensor.device_type == DeviceType.CPU && tensor.dtype == dtype && tensor.is_contiguous())
        {
            return tensor;
        }

        var copy = empty(tensor.shape, dtype, CPU);
        using var guard = no_grad();
        copy.copy_(tensor);
        return copy;
    }

    static void CheckWhole(Tensor tensor, string parameterName)
    {
        if (tensor.numel() == 0 || tensor.dtype is ScalarType.Bool or ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16)
        {
            return;
        }

        bool whole = true;
        if (tensor.is_floating_point())
        {
            using var truncated = tensor.trunc();
            using var equal = tensor.eq(truncated);
            using var all = equal.all();
            whole = all.item<bool>();
        }

        using var low = tensor.min();
        using var high = tensor.max();
        using var lowValue = low.to_type(ScalarType.Float64);
        using var highValue = high.to_type(ScalarType.Float64);
        if (whole && lowValue.item<double>() >= int.MinValue && highValue.item<double>() <= int.MaxValue)
        {
            return;
        }

        throw new ArgumentException($"{parameterName} holds values that are not whole numbers in int's range (targets are class indices)", parameterName);
    }

    /// <summary>The autograd node: forward returns the value computed before; backward scales the saved gradients.</summary>
    sealed class LossFunction : autograd.SingleTensorFunction<LossFunction>
    {
        public override string Name => "PairwiseLoss";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            int count = (vars.Length - 1) / 2;
            var saved = new List<Tensor>(count);
            for (int i = 0; i < count; i++)
            {
                saved.Add((Tensor)vars[count + i]);
            }

            ctx.save_for_backward(saved);
            var first = (Tensor)vars[0];
            return tensor((double)vars[^1], first.dtype, first.device);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            int count = saved.Count;
            var result = new List<Tensor>(2 * count + 1);
            for (int i = 0; i < count; i++)
            {
                result.Add(saved[i] * grad_output);
                saved[i].Dispose();
            }

            for (int i = count; i < 2 * count + 1; i++)
            {
                result.Add(null!);
            }

            return result;
        }
    }
}

/// <summary>
/// A score tensor as a span loss reads it (<see cref="Span"/>) and the gradient the loss writes (<see cref="Gradient"/>);
/// made by <see cref="TensorLoss.Scores{T}"/>, handed to <see cref="TensorLoss.Result{T}(T, ScoreTensor{T})"/>. Dispose
/// it after the call (a <c>using</c> declaration): that frees the CPU copy, if one was made, and this wrapper's reference
/// to the gradient (autograd keeps its own).
/// </summary>
public readonly struct ScoreTensor<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Tensor? _input;
    readonly Tensor? _gradient;

    internal ScoreTensor(Tensor source, Tensor input, Tensor gradient)
    {
        Source = source;
        _input = input;
        _gradient = gradient;
    }

    /// <summary>The tensor the scores came from (the autograd input).</summary>
    public Tensor Source { get; }

    /// <summary>The scores, flat and row-major: the tensor's own memory, or its CPU copy.</summary>
    public ReadOnlySpan<T> Span => _input is null ? default : MemoryMarshal.Cast<byte, T>(_input.bytes);

    /// <summary>Where the span loss writes ∂L/∂scores (same length as <see cref="Span"/>; CPU memory).</summary>
    public Span<T> Gradient => _gradient is null ? default : MemoryMarshal.Cast<byte, T>(_gradient.bytes);

    /// <summary>The gradient tensor on the scores' device (the CPU gradient itself, or a new copy on the device).</summary>
    internal Tensor GradientOnDevice() =>
        Source.device_type == DeviceType.CPU ? _gradient! : _gradient!.to(Source.device);

    internal Tensor? GradientTensor => _gradient;

    /// <summary>Frees the CPU copy (if any) and this wrapper's reference to the gradient.</summary>
    public void Dispose()
    {
        if (_input is not null && !ReferenceEquals(_input, Source))
        {
            _input.Dispose();
        }

        _gradient?.Dispose();
    }
}

/// <summary>
/// A tensor without gradient (labels, targets) as a span loss reads it; made by
/// <see cref="TensorLoss.Constant{TElement}"/>. Dispose it after the call: that frees the converted copy, if one was made.
/// </summary>
public readonly struct ConstantTensor<TElement> : IDisposable
    where TElement : unmanaged
{
    readonly Tensor? _tensor;
    readonly bool _owned;

    internal ConstantTensor(Tensor tensor, bool owned = false)
    {
        _tensor = tensor;
        _owned = owned;
    }

    /// <summary>The elements, flat and row-major: the tensor's own memory, or its converted CPU copy.</summary>
    public ReadOnlySpan<TElement> Span => _tensor is null ? default : MemoryMarshal.Cast<byte, TElement>(_tensor.bytes);

    /// <summary>Frees the converted copy, if one was made.</summary>
    public void Dispose()
    {
        if (_owned)
        {
            _tensor?.Dispose();
        }
    }
}
