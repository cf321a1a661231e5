using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp;

/// <summary>A batched loss with hard labels, e.g. <c>Losses.MultiLabelCrossEntropyBatch</c> or <c>Losses.BinaryCrossEntropyBatch</c>.</summary>
public delegate float HardLabelBatchLoss(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

/// <summary>A batched loss with soft labels t ∈ [0, 1], e.g. the float-label overload of <c>Losses.MultiLabelCrossEntropyBatch</c>.</summary>
public delegate float SoftLabelBatchLoss(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, Span<float> gradient);

/// <summary>A batched loss with one target class per row, e.g. <c>Losses.SoftmaxCrossEntropyBatch</c>.</summary>
public delegate float TargetBatchLoss(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets, int classes, Span<float> gradient);

/// <summary>Any loss of the scores alone (labels and other constants captured by the caller): writes ∂L/∂scores, returns L.</summary>
public delegate float ScoresLoss(ReadOnlySpan<float> scores, Span<float> gradient);

/// <summary>
/// Generated losses as TorchSharp autograd functions. The forward pass runs the generated forward on the scores'
/// memory (a contiguous float32 CPU copy when the tensor is not one already) and keeps the gradient that the
/// same call writes; the backward pass scales it by <c>grad_output</c>. Labels and targets get no gradient.
/// </summary>
/// <example>
/// <code>
/// var logits = model.forward(x);                                                  // [rows, classes]
/// var loss = TorchBridge.HardLabels(Losses.MultiLabelCrossEntropyBatch, logits, y); // y: bool or 0/1 [rows, classes]
/// loss.backward();                                                                 // gradients reach the model
/// </code>
/// </example>
public static class TorchBridge
{
    /// <summary>A batched hard-label loss over <paramref name="scores"/> <c>[rows, classes]</c> (or <c>[classes]</c>); <paramref name="labels"/> is bool or numeric (non-zero = true), same shape.</summary>
    public static Tensor HardLabels(HardLabelBatchLoss loss, Tensor scores, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int classes = Classes(scores);
        SameShape(scores, labels, nameof(labels));
        bool[] hard = ToArray<bool>(labels.ne(0));
        return Scores((s, g) => loss(s, hard, classes, g), scores, labels);
    }

    /// <summary>A batched soft-label loss; <paramref name="labels"/> holds t ∈ [0, 1] in the shape of <paramref name="scores"/>.</summary>
    public static Tensor SoftLabels(SoftLabelBatchLoss loss, Tensor scores, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int classes = Classes(scores);
        SameShape(scores, labels, nameof(labels));
        float[] soft = ToArray<float>(labels.to_type(ScalarType.Float32));
        return Scores((s, g) => loss(s, soft, classes, g), scores, labels);
    }

    /// <summary>A batched one-target loss; <paramref name="targets"/> is an integer tensor <c>[rows]</c>.</summary>
    public static Tensor Targets(TargetBatchLoss loss, Tensor scores, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int classes = Classes(scores);
        long rows = scores.numel() / Math.Max(1, classes);
        if (targets.numel() != rows) throw new ArgumentException($"targets has {targets.numel()} elements for {rows} score rows", nameof(targets));
        int[] index = ToArray<int>(targets.to_type(ScalarType.Int32));
        return Scores((s, g) => loss(s, index, classes, g), scores, targets);
    }

    /// <summary>
    /// The general form: <paramref name="loss"/> sees the scores (flattened, row-major) and writes the gradient.
    /// <paramref name="constants"/> are tensors the loss depends on without a gradient (they only get a null gradient slot).
    /// </summary>
    public static Tensor Scores(ScoresLoss loss, Tensor scores, params Tensor[] constants)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(scores);
        var vars = new object[2 + constants.Length];
        vars[0] = scores;
        vars[1] = loss;
        Array.Copy(constants, 0, vars, 2, constants.Length);
        return PairwiseLossFunction.apply(vars);
    }

    static int Classes(Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.dim() == 0) throw new ArgumentException("scores must have at least one dimension", nameof(scores));
        return checked((int)scores.shape[^1]);
    }

    static void SameShape(Tensor scores, Tensor labels, string name)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        if (!labels.shape.AsSpan().SequenceEqual(scores.shape))
            throw new ArgumentException($"{name} has shape [{string.Join(", ", labels.shape)}]; the scores have [{string.Join(", ", scores.shape)}]", name);
    }

    /// <summary>The elements of a tensor, row-major, from a contiguous CPU copy (no copy when it is one already).</summary>
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        using var scope = NewDisposeScope();
        var cpu = t.detach().cpu().contiguous();
        return MemoryMarshal.Cast<byte, T>(cpu.bytes).ToArray();
    }

    /// <summary>The autograd function: forward = the generated forward (+ gradient, saved); backward = saved gradient · grad_output.</summary>
    sealed class PairwiseLossFunction : autograd.SingleTensorFunction<PairwiseLossFunction>
    {
        public override string Name => "PairwiseLoss";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var scores = (Tensor)vars[0];
            var loss = (ScoresLoss)vars[1];
            ctx.save_data("constants", vars.Length - 2);
            // The generated code reads float32 from CPU memory: the tensor's own buffer when it is already contiguous
            // float32 on the CPU (detach/to/contiguous are then no-ops), a copy otherwise. The gradient that the same
            // call writes is saved for backward, in the scores' dtype and on their device.
            using var input = scores.detach().to(ScalarType.Float32, CPU).contiguous();
            ReadOnlySpan<float> s = MemoryMarshal.Cast<byte, float>(input.bytes);
            var g = new float[s.Length];
            float value = loss(s, g);
            var gradient = tensor(g, input.shape);
            ctx.save_for_backward(new List<Tensor> { gradient.to(scores.dtype, scores.device) });
            return tensor(value, dtype: scores.dtype, device: scores.device);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var gradient = ctx.get_saved_variables()[0];
            var result = new List<Tensor> { gradient * grad_output };
            for (int i = 1; i < 2 + CountConstants(ctx); i++) result.Add(null!);
            return result;
        }

        static int CountConstants(autograd.AutogradContext ctx) => ctx.get_data("constants") is int n ? n : 0;
    }
}
