using System;
using System.Numerics;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp;

/// <summary>
/// The catalogue of <see cref="Losses"/> on TorchSharp tensors: each method returns the loss as a scalar tensor in
/// autograd (its backward reaches the scores), computed by the same generated code as the span form, in one call that
/// also writes the gradient.
/// </summary>
/// <remarks>
/// <para>
/// <b>Element type.</b> float32 scores run the <see cref="float"/> form, float64 scores the <see cref="double"/> form;
/// other dtypes throw. The loss has the scores' dtype and device.
/// </para>
/// <para>
/// <b>Shapes.</b> A per-row loss takes scores <c>[classes]</c>; a <c>…Batch</c> loss takes scores <c>[rows, classes]</c>
/// (the number of classes is the last dimension) and returns the same mean over rows as its span form. Labels have the
/// scores' shape; targets are <c>[rows]</c>.
/// </para>
/// <para>
/// <b>Labels.</b> bool labels run the hard-label form and are read in place. Floating labels run the soft-label form
/// (t ∈ [0, 1]; 0/1 gives the hard loss); they are read in place when their dtype is the scores', converted otherwise.
/// Integer labels are converted to the scores' dtype. A loss with hard labels only (<see cref="MultiLabelMargin"/>)
/// converts numeric 0/1 labels to bool and rejects other values.
/// </para>
/// <para>
/// <b>Targets.</b> int32 targets are read in place; int64 (TorchSharp's default) and others are converted to int32
/// first (a copy of <c>rows</c> elements).
/// </para>
/// <para>
/// <b>Memory and devices</b> are as in <see cref="TensorLoss"/>: contiguous CPU tensors are read in place, the gradient
/// is one new tensor per call, and tensors on a GPU are copied to the CPU and the gradient back.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var logits = model.forward(x);                                     // [rows, classes], float32
/// var loss = TorchLosses.MultiLabelCrossEntropyBatch(logits, y);     // y: bool [rows, classes]
/// optimizer.zero_grad();
/// loss.backward();
/// optimizer.step();
/// </code>
/// </example>
public static unsafe class TorchLosses
{
    // ---- softmax cross-entropy: "others < target" ----

    /// <summary>Softmax cross-entropy of one row: <see cref="Losses.SoftmaxCrossEntropy(ReadOnlySpan{float}, int, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[classes]</c>.</param>
    /// <param name="target">The index of the target class.</param>
    public static Tensor SoftmaxCrossEntropy(Tensor scores, int target) =>
        IsDouble(scores, 1)
            ? Target<double>(scores, target, &Losses.SoftmaxCrossEntropy)
            : Target<float>(scores, target, &Losses.SoftmaxCrossEntropy);

    /// <summary>Softmax cross-entropy, mean over rows: <see cref="Losses.SoftmaxCrossEntropyBatch(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Span{float})"/>; as PyTorch's <c>cross_entropy</c>.</summary>
    /// <param name="scores">The logits, <c>[rows, classes]</c>.</param>
    /// <param name="targets">The target class of each row, <c>[rows]</c>, integer.</param>
    public static Tensor SoftmaxCrossEntropyBatch(Tensor scores, Tensor targets) =>
        IsDouble(scores, 2)
            ? Targets<double>(scores, targets, &Losses.SoftmaxCrossEntropyBatch)
            : Targets<float>(scores, targets, &Losses.SoftmaxCrossEntropyBatch);

    // ---- multi-label cross-entropy (ZLPR): "neg < 0 < pos" ----

    /// <summary>The multi-label categorical cross-entropy (ZLPR) of one row: <see cref="Losses.MultiLabelCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{float})"/>; predict "score &gt; 0".</summary>
    /// <param name="scores">The logits, <c>[classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[classes]</c>.</param>
    public static Tensor MultiLabelCrossEntropy(Tensor scores, Tensor labels) =>
        IsDouble(scores, 1)
            ? IsBool(labels)
                ? Labelled<double, bool>(scores, labels, &Losses.MultiLabelCrossEntropy)
                : Labelled<double, double>(scores, labels, &Losses.MultiLabelCrossEntropy)
            : IsBool(labels)
                ? Labelled<float, bool>(scores, labels, &Losses.MultiLabelCrossEntropy)
                : Labelled<float, float>(scores, labels, &Losses.MultiLabelCrossEntropy);

    /// <summary>ZLPR, mean over rows: <see cref="Losses.MultiLabelCrossEntropyBatch(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    public static Tensor MultiLabelCrossEntropyBatch(Tensor scores, Tensor labels) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? LabelledBatch<double, bool>(scores, labels, &Losses.MultiLabelCrossEntropyBatch)
                : LabelledBatch<double, double>(scores, labels, &Losses.MultiLabelCrossEntropyBatch)
            : IsBool(labels)
                ? LabelledBatch<float, bool>(scores, labels, &Losses.MultiLabelCrossEntropyBatch)
                : LabelledBatch<float, float>(scores, labels, &Losses.MultiLabelCrossEntropyBatch);

    // ---- the unified pairwise loss: "neg < pos" with run-time γ and m ----

    /// <summary>The unified pairwise loss of Circle Loss (eq. 1) of one row: <see cref="Losses.UnifiedPairwise(ReadOnlySpan{float}, ReadOnlySpan{bool}, float, float, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[classes]</c>.</param>
    /// <param name="gamma">The scale γ &gt; 0.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor UnifiedPairwise(Tensor scores, Tensor labels, double gamma, double margin) =>
        IsDouble(scores, 1)
            ? IsBool(labels)
                ? Settings<double, bool>(scores, labels, gamma, margin, &Losses.UnifiedPairwise)
                : Settings<double, double>(scores, labels, gamma, margin, &Losses.UnifiedPairwise)
            : IsBool(labels)
                ? Settings<float, bool>(scores, labels, gamma, margin, &Losses.UnifiedPairwise)
                : Settings<float, float>(scores, labels, gamma, margin, &Losses.UnifiedPairwise);

    /// <summary>The unified pairwise loss, mean over rows: <see cref="Losses.UnifiedPairwiseBatch(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, float, float, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    /// <param name="gamma">The scale γ &gt; 0.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor UnifiedPairwiseBatch(Tensor scores, Tensor labels, double gamma, double margin) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? SettingsBatch<double, bool>(scores, labels, gamma, margin, &Losses.UnifiedPairwiseBatch)
                : SettingsBatch<double, double>(scores, labels, gamma, margin, &Losses.UnifiedPairwiseBatch)
            : IsBool(labels)
                ? SettingsBatch<float, bool>(scores, labels, gamma, margin, &Losses.UnifiedPairwiseBatch)
                : SettingsBatch<float, float>(scores, labels, gamma, margin, &Losses.UnifiedPairwiseBatch);

    // ---- sigmoid binary cross-entropy: "neg < 0", "0 < pos", one term per pair ----

    /// <summary>Sigmoid binary cross-entropy summed over the classes of one row: <see cref="Losses.BinaryCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[classes]</c>.</param>
    public static Tensor BinaryCrossEntropy(Tensor scores, Tensor labels) =>
        IsDouble(scores, 1)
            ? IsBool(labels)
                ? Labelled<double, bool>(scores, labels, &Losses.BinaryCrossEntropy)
                : Labelled<double, double>(scores, labels, &Losses.BinaryCrossEntropy)
            : IsBool(labels)
                ? Labelled<float, bool>(scores, labels, &Losses.BinaryCrossEntropy)
                : Labelled<float, float>(scores, labels, &Losses.BinaryCrossEntropy);

    /// <summary>Sigmoid binary cross-entropy, summed over classes, mean over rows: <see cref="Losses.BinaryCrossEntropyBatch(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    public static Tensor BinaryCrossEntropyBatch(Tensor scores, Tensor labels) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? LabelledBatch<double, bool>(scores, labels, &Losses.BinaryCrossEntropyBatch)
                : LabelledBatch<double, double>(scores, labels, &Losses.BinaryCrossEntropyBatch)
            : IsBool(labels)
                ? LabelledBatch<float, bool>(scores, labels, &Losses.BinaryCrossEntropyBatch)
                : LabelledBatch<float, float>(scores, labels, &Losses.BinaryCrossEntropyBatch);

    // ---- threshold cross-entropy: "neg < 0", "0 < pos", one log-term ----

    /// <summary>One log-term over both threshold constraints of one row: <see cref="Losses.ThresholdCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[classes]</c>.</param>
    public static Tensor ThresholdCrossEntropy(Tensor scores, Tensor labels) =>
        IsDouble(scores, 1)
            ? IsBool(labels)
                ? Labelled<double, bool>(scores, labels, &Losses.ThresholdCrossEntropy)
                : Labelled<double, double>(scores, labels, &Losses.ThresholdCrossEntropy)
            : IsBool(labels)
                ? Labelled<float, bool>(scores, labels, &Losses.ThresholdCrossEntropy)
                : Labelled<float, float>(scores, labels, &Losses.ThresholdCrossEntropy);

    /// <summary>The threshold cross-entropy, mean over rows: <see cref="Losses.ThresholdCrossEntropyBatch(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, Span{float})"/>.</summary>
    /// <param name="scores">The logits, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    public static Tensor ThresholdCrossEntropyBatch(Tensor scores, Tensor labels) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? LabelledBatch<double, bool>(scores, labels, &Losses.ThresholdCrossEntropyBatch)
                : LabelledBatch<double, double>(scores, labels, &Losses.ThresholdCrossEntropyBatch)
            : IsBool(labels)
                ? LabelledBatch<float, bool>(scores, labels, &Losses.ThresholdCrossEntropyBatch)
                : LabelledBatch<float, float>(scores, labels, &Losses.ThresholdCrossEntropyBatch);

    // ---- Circle Loss: "sn < sp" ----

    /// <summary>Circle Loss over the similarities to positives and to negatives: <see cref="Losses.CircleLoss(ReadOnlySpan{float}, ReadOnlySpan{float}, float, float, Span{float}, Span{float})"/>. Both tensors get a gradient.</summary>
    /// <param name="sp">The similarities to the positives, <c>[positives]</c>.</param>
    /// <param name="sn">The similarities to the negatives, <c>[negatives]</c>, same dtype and device as <paramref name="sp"/>.</param>
    /// <param name="gamma">The scale γ &gt; 0.</param>
    /// <param name="margin">The relaxation m.</param>
    public static Tensor CircleLoss(Tensor sp, Tensor sn, double gamma, double margin)
    {
        bool isDouble = IsDouble(sp, 1, nameof(sp));
        Vector(sn, nameof(sn));
        return isDouble
            ? Circle<double>(sp, sn, gamma, margin, &Losses.CircleLoss)
            : Circle<float>(sp, sn, gamma, margin, &Losses.CircleLoss);
    }

    // ---- n tasks of m classes: per-class terms, run-time γ and m ----

    /// <summary>"others &lt; pos" as one log-term per class over all rows: <see cref="Losses.TasksOfClassesLoss(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, float, float, Span{float})"/> (a sum over classes, not a mean over rows).</summary>
    /// <param name="scores">The scores, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    /// <param name="gamma">The scale γ &gt; 0.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor TasksOfClassesLoss(Tensor scores, Tensor labels, double gamma, double margin) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? SettingsBatch<double, bool>(scores, labels, gamma, margin, &Losses.TasksOfClassesLoss)
                : SettingsBatch<double, double>(scores, labels, gamma, margin, &Losses.TasksOfClassesLoss)
            : IsBool(labels)
                ? SettingsBatch<float, bool>(scores, labels, gamma, margin, &Losses.TasksOfClassesLoss)
                : SettingsBatch<float, float>(scores, labels, gamma, margin, &Losses.TasksOfClassesLoss);

    /// <summary>"mean &lt; pos" as one log-term per class over all rows: <see cref="Losses.TasksOfClassesMeanLoss(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, float, float, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool, or soft labels in [0, 1], <c>[rows, classes]</c>.</param>
    /// <param name="gamma">The scale γ &gt; 0.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor TasksOfClassesMeanLoss(Tensor scores, Tensor labels, double gamma, double margin) =>
        IsDouble(scores, 2)
            ? IsBool(labels)
                ? SettingsBatch<double, bool>(scores, labels, gamma, margin, &Losses.TasksOfClassesMeanLoss)
                : SettingsBatch<double, double>(scores, labels, gamma, margin, &Losses.TasksOfClassesMeanLoss)
            : IsBool(labels)
                ? SettingsBatch<float, bool>(scores, labels, gamma, margin, &Losses.TasksOfClassesMeanLoss)
                : SettingsBatch<float, float>(scores, labels, gamma, margin, &Losses.TasksOfClassesMeanLoss);

    // ---- hinge losses ----

    /// <summary>Σ over (negative, positive) pairs of max(0, 1 + s_neg − s_pos) in one row: <see cref="Losses.MultiLabelMargin(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[classes]</c>.</param>
    /// <param name="labels">bool or 0/1, <c>[classes]</c>.</param>
    public static Tensor MultiLabelMargin(Tensor scores, Tensor labels) =>
        IsDouble(scores, 1)
            ? Labelled<double, bool>(scores, labels, &Losses.MultiLabelMargin)
            : Labelled<float, bool>(scores, labels, &Losses.MultiLabelMargin);

    /// <summary>The multi-label margin loss, mean over rows: <see cref="Losses.MultiLabelMarginBatch(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[rows, classes]</c>.</param>
    /// <param name="labels">bool or 0/1, <c>[rows, classes]</c>.</param>
    public static Tensor MultiLabelMarginBatch(Tensor scores, Tensor labels) =>
        IsDouble(scores, 2)
            ? LabelledBatch<double, bool>(scores, labels, &Losses.MultiLabelMarginBatch)
            : LabelledBatch<float, bool>(scores, labels, &Losses.MultiLabelMarginBatch);

    /// <summary>Σ over the other classes of max(0, m + s_k − s_target) in one row: <see cref="Losses.MultiMargin(ReadOnlySpan{float}, int, float, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[classes]</c>.</param>
    /// <param name="target">The index of the target class.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor MultiMargin(Tensor scores, int target, double margin) =>
        IsDouble(scores, 1)
            ? TargetMargin<double>(scores, target, margin, &Losses.MultiMargin)
            : TargetMargin<float>(scores, target, margin, &Losses.MultiMargin);

    /// <summary>The multi-class margin loss, mean over rows: <see cref="Losses.MultiMarginBatch(ReadOnlySpan{float}, ReadOnlySpan{int}, int, float, Span{float})"/>.</summary>
    /// <param name="scores">The scores, <c>[rows, classes]</c>.</param>
    /// <param name="targets">The target class of each row, <c>[rows]</c>, integer.</param>
    /// <param name="margin">The margin m.</param>
    public static Tensor MultiMarginBatch(Tensor scores, Tensor targets, double margin) =>
        IsDouble(scores, 2)
            ? TargetsMargin<double>(scores, targets, margin, &Losses.MultiMarginBatch)
            : TargetsMargin<float>(scores, targets, margin, &Losses.MultiMarginBatch);

    // ---- the shapes of the catalogue, each with a function pointer to the span form (no delegate, no closure) ----

    static Tensor Target<T>(Tensor scores, int target, delegate*<ReadOnlySpan<T>, int, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        return TensorLoss.Result(loss(s.Span, target, s.Gradient), s);
    }

    static Tensor TargetMargin<T>(Tensor scores, int target, double margin, delegate*<ReadOnlySpan<T>, int, T, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        return TensorLoss.Result(loss(s.Span, target, T.CreateChecked(margin), s.Gradient), s);
    }

    static Tensor Targets<T>(Tensor scores, Tensor targets, delegate*<ReadOnlySpan<T>, ReadOnlySpan<int>, int, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int classes = RowTargets(scores, targets);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var t = TensorLoss.Constant<int>(targets, nameof(targets), scores);
        return TensorLoss.Result(loss(s.Span, t.Span, classes, s.Gradient), s);
    }

    static Tensor TargetsMargin<T>(Tensor scores, Tensor targets, double margin, delegate*<ReadOnlySpan<T>, ReadOnlySpan<int>, int, T, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int classes = RowTargets(scores, targets);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var t = TensorLoss.Constant<int>(targets, nameof(targets), scores);
        return TensorLoss.Result(loss(s.Span, t.Span, classes, T.CreateChecked(margin), s.Gradient), s);
    }

    static Tensor Labelled<T, TLabel>(Tensor scores, Tensor labels, delegate*<ReadOnlySpan<T>, ReadOnlySpan<TLabel>, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        SameShape(scores, labels);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var l = TensorLoss.Constant<TLabel>(labels, nameof(labels), scores);
        return TensorLoss.Result(loss(s.Span, l.Span, s.Gradient), s);
    }

    static Tensor LabelledBatch<T, TLabel>(Tensor scores, Tensor labels, delegate*<ReadOnlySpan<T>, ReadOnlySpan<TLabel>, int, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        SameShape(scores, labels);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var l = TensorLoss.Constant<TLabel>(labels, nameof(labels), scores);
        return TensorLoss.Result(loss(s.Span, l.Span, Classes(scores), s.Gradient), s);
    }

    static Tensor Settings<T, TLabel>(Tensor scores, Tensor labels, double gamma, double margin, delegate*<ReadOnlySpan<T>, ReadOnlySpan<TLabel>, T, T, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        SameShape(scores, labels);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var l = TensorLoss.Constant<TLabel>(labels, nameof(labels), scores);
        return TensorLoss.Result(loss(s.Span, l.Span, T.CreateChecked(gamma), T.CreateChecked(margin), s.Gradient), s);
    }

    static Tensor SettingsBatch<T, TLabel>(Tensor scores, Tensor labels, double gamma, double margin, delegate*<ReadOnlySpan<T>, ReadOnlySpan<TLabel>, int, T, T, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        SameShape(scores, labels);
        using var s = TensorLoss.Scores<T>(scores, nameof(scores));
        using var l = TensorLoss.Constant<TLabel>(labels, nameof(labels), scores);
        return TensorLoss.Result(loss(s.Span, l.Span, Classes(scores), T.CreateChecked(gamma), T.CreateChecked(margin), s.Gradient), s);
    }

    static Tensor Circle<T>(Tensor sp, Tensor sn, double gamma, double margin, delegate*<ReadOnlySpan<T>, ReadOnlySpan<T>, T, T, Span<T>, Span<T>, T> loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (sn.device_type != sp.device_type || sn.device_index != sp.device_index)
        {
            throw new ArgumentException($"sn is on {sn.device}; sp is on {sp.device}", nameof(sn));
        }

        using var p = TensorLoss.Scores<T>(sp, nameof(sp));
        using var n = TensorLoss.Scores<T>(sn, nameof(sn));
        T value = loss(p.Span, n.Span, T.CreateChecked(gamma), T.CreateChecked(margin), p.Gradient, n.Gradient);
        return TensorLoss.Result(value, p, n);
    }

    // ---- checks ----

    /// <summary>Whether the scores are float64 (else float32; anything else throws), after checking their rank.</summary>
    static bool IsDouble(Tensor scores, int rank, string name = "scores")
    {
        ArgumentNullException.ThrowIfNull(scores, name);
        if (scores.dim() != rank)
        {
            throw new ArgumentException(rank == 1
                ? $"{name} has shape {Shape(scores)}; this loss takes one row [classes] (the …Batch form takes [rows, classes])"
                : $"{name} has shape {Shape(scores)}; this loss takes [rows, classes]", name);
        }

        return scores.dtype switch
        {
            ScalarType.Float64 => true,
            ScalarType.Float32 => false,
            _ => throw new ArgumentException($"{name} has dtype {scores.dtype}; the losses take float32 or float64 scores", name),
        };
    }

    static void Vector(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.dim() != 1)
        {
            throw new ArgumentException($"{name} has shape {Shape(tensor)}; expected one dimension", name);
        }
    }

    static bool IsBool(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.dtype == ScalarType.Bool;
    }

    static void SameShape(Tensor scores, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        long dims = scores.dim();
        bool same = labels.dim() == dims;
        for (int i = 0; same && i < dims; i++)
        {
            same = labels.size(i) == scores.size(i);
        }

        if (!same)
        {
            throw new ArgumentException($"labels has shape {Shape(labels)}; the scores have {Shape(scores)}", nameof(labels));
        }
    }

    static int Classes(Tensor scores) => checked((int)scores.size(1));

    static int RowTargets(Tensor scores, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.dim() != 1 || targets.size(0) != scores.size(0))
        {
            throw new ArgumentException($"targets has shape {Shape(targets)}; expected [{scores.size(0)}], one class index per row of the scores", nameof(targets));
        }

        if (targets.is_floating_point() || targets.dtype == ScalarType.Bool)
        {
            throw new ArgumentException($"targets has dtype {targets.dtype}; targets are class indices (int64 or int32)", nameof(targets));
        }

        return Classes(scores);
    }

    static string Shape(Tensor tensor) => "[" + string.Join(", ", tensor.shape) + "]";
}
