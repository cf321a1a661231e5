using System;

namespace PairwiseLoss;

/// <summary>
/// Ready losses, declared with the DSL itself: the generator writes every body below, float and double.
/// </summary>
/// <remarks>
/// <para>What each returns:</para>
/// <list type="bullet">
/// <item>A per-row loss (no <c>Batch</c> suffix) returns the loss of its one row (for <c>CircleLoss</c>, of its one anchor).</item>
/// <item>A <c>…Batch</c> loss returns the <b>mean</b> of the row losses over the rows that count: the rows with at least one
/// score other than −inf. A row that is entirely −inf is padding: it adds nothing, is not counted and gets gradient 0; a
/// counted row whose loss is 0 (e.g. no positives for <c>UnifiedPairwiseBatch</c>) still counts. No counted row gives 0.
/// The gradient is that of the mean (each row's gradient divided by the count).</item>
/// <item><c>TasksOfClassesLoss</c> and <c>TasksOfClassesMeanLoss</c> (batched, <see cref="LossTerms.PerClass"/>) return a
/// <b>sum over the classes</b> j of one term <c>log(1 + Σ_i …)</c> each, whose inner sum runs over all rows: not a mean over
/// rows and not divided by the number of classes. A class without terms adds exactly 0.</item>
/// </list>
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ gives the limit of the loss and the gradient (a
/// +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives a NaN loss and NaN in the gradient;
/// finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and settings throw an
/// <see cref="ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static partial class Losses
{
    /// <summary>Softmax cross-entropy: <c>log Σ_k e^{s_k} − s_target</c> (Sun et al., Circle Loss, CVPR 2020, eq. 1 with one positive), as the single wish "others &lt; target".</summary>
    [PairwiseLoss]
    [Want("others < target")]
    public static partial float SoftmaxCrossEntropy(ReadOnlySpan<float> scores, int target, Span<float> gradient);

    /// <summary>Softmax cross-entropy: <c>log Σ_k e^{s_k} − s_target</c> (Sun et al., Circle Loss, CVPR 2020, eq. 1 with one positive), as the single wish "others &lt; target". Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("others < target")]
    public static partial float SoftmaxCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets, int classes, Span<float> gradient);

    /// <summary>Softmax cross-entropy: <c>log Σ_k e^{s_k} − s_target</c> (Sun et al., Circle Loss, CVPR 2020, eq. 1 with one positive), as the single wish "others &lt; target".</summary>
    [PairwiseLoss]
    [Want("others < target")]
    public static partial double SoftmaxCrossEntropy(ReadOnlySpan<double> scores, int target, Span<double> gradient);

    /// <summary>Softmax cross-entropy: <c>log Σ_k e^{s_k} − s_target</c> (Sun et al., Circle Loss, CVPR 2020, eq. 1 with one positive), as the single wish "others &lt; target". Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("others < target")]
    public static partial double SoftmaxCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<int> targets, int classes, Span<double> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial float MultiLabelCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0 < pos")]
    public static partial float MultiLabelCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial double MultiLabelCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0 < pos")]
    public static partial double MultiLabelCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, Span<double> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < pos")]
    public static partial float UnifiedPairwise(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, float gamma, float margin, Span<float> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < pos")]
    public static partial float UnifiedPairwiseBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < pos")]
    public static partial double UnifiedPairwise(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double gamma, double margin, Span<double> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < pos")]
    public static partial double UnifiedPairwiseBatch(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, hard labels.</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float BinaryCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float BinaryCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, hard labels.</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double BinaryCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double BinaryCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, Span<double> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float ThresholdCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float ThresholdCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, hard labels.</summary>
    [PairwiseLoss]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double ThresholdCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, hard labels. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double ThresholdCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, Span<double> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial float MultiLabelCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, Span<float> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0 < pos")]
    public static partial float MultiLabelCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, Span<float> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial double MultiLabelCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> gradient);

    /// <summary>Multi-label categorical cross-entropy (ZLPR, arXiv 2208.02955; Su Jianlin, https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s) + log(1 + Σ_pos e^−s)</c>, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0 < pos")]
    public static partial double MultiLabelCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, Span<double> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < pos")]
    public static partial float UnifiedPairwise(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float gamma, float margin, Span<float> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < pos")]
    public static partial float UnifiedPairwiseBatch(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < pos")]
    public static partial double UnifiedPairwise(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, double gamma, double margin, Span<double> gradient);

    /// <summary>Unified pairwise loss (Sun et al., Circle Loss, CVPR 2020, eq. 1; https://kexue.fm/archives/7359): <c>log(1 + Σ_neg Σ_pos e^(γ(s_n − s_p + m)))</c>, γ and m at run time, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < pos")]
    public static partial double UnifiedPairwiseBatch(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float BinaryCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, Span<float> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float BinaryCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, Span<float> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double BinaryCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> gradient);

    /// <summary>Sigmoid binary cross-entropy: one term per element, <c>Σ_neg log(1 + e^s) + Σ_pos log(1 + e^−s)</c>, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double BinaryCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, Span<double> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float ThresholdCrossEntropy(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, Span<float> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial float ThresholdCrossEntropyBatch(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, Span<float> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, soft labels t ∈ [0, 1].</summary>
    [PairwiseLoss]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double ThresholdCrossEntropy(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> gradient);

    /// <summary>Threshold-only variant (discussed in https://kexue.fm/archives/7359): <c>log(1 + Σ_neg e^s + Σ_pos e^−s)</c>, ZLPR without the cross block, soft labels t ∈ [0, 1]. Batched (row-major <c>[rows × classes]</c>): the mean of the row losses over the rows with at least one score other than −inf (0 if there is none), and the gradient of that mean.</summary>
    [PairwiseLoss(Batched = true)]
    [Want("neg < 0")]
    [Want("0 < pos")]
    public static partial double ThresholdCrossEntropyBatch(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, Span<double> gradient);

    /// <summary>
    /// Circle Loss (Sun et al., CVPR 2020, eq. 4) over the similarities of one anchor to its positives
    /// (<paramref name="sp"/>) and negatives (<paramref name="sn"/>): <c>log(1 + Σ_n Σ_p e^(γα_n(s_n − m) − γα_p(s_p − 1 + m)))</c>
    /// with α_p = [1 + m − s_p]₊, α_n = [s_n + m]₊ held constant in the backward pass. The paper's settings:
    /// m = 0.25, γ = 256 (face recognition); m = 0.25, γ = 128 (person re-identification); m = 0.4, γ = 80 (fine-grained retrieval).
    /// </summary>
    [PairwiseLoss(Circle = true)]
    [Want("sn < sp")]
    public static partial float CircleLoss(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, float gamma, float margin, Span<float> gradSp, Span<float> gradSn);

    /// <inheritdoc cref="CircleLoss(ReadOnlySpan{float}, ReadOnlySpan{float}, float, float, Span{float}, Span{float})"/>
    [PairwiseLoss(Circle = true)]
    [Want("sn < sp")]
    public static partial double CircleLoss(ReadOnlySpan<double> sp, ReadOnlySpan<double> sn, double gamma, double margin, Span<double> gradSp, Span<double> gradSn);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-1, "n tasks of m classes": one log-term per class j across the rows i, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c> Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term; linear per row.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("others < pos")]
    public static partial float TasksOfClassesLoss(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-1, "n tasks of m classes": one log-term per class j across the rows i, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c> Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term; linear per row.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("others < pos")]
    public static partial float TasksOfClassesLoss(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-1, "n tasks of m classes": one log-term per class j across the rows i, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c> Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term; linear per row.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("others < pos")]
    public static partial double TasksOfClassesLoss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-1, "n tasks of m classes": one log-term per class j across the rows i, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij·e^{γ(s_ik − s_ij + m)})</c> Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term; linear per row.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("others < pos")]
    public static partial double TasksOfClassesLoss(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-3: <c>Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c> with s̄_i the row mean. Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term. It can be low while the target is not the row's largest score; eq. loss-1 cannot.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("mean < pos")]
    public static partial float TasksOfClassesMeanLoss(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-3: <c>Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c> with s̄_i the row mean. Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term. It can be low while the target is not the row's largest score; eq. loss-1 cannot.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("mean < pos")]
    public static partial float TasksOfClassesMeanLoss(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, float gamma, float margin, Span<float> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-3: <c>Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c> with s̄_i the row mean. Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term. It can be low while the target is not the row's largest score; eq. loss-1 cannot.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("mean < pos")]
    public static partial double TasksOfClassesMeanLoss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>Su Jianlin, https://kexue.fm/archives/9158, eq. loss-3: <c>Σ_j log(1 + Σ_i t_ij·e^{γ(s̄_i − s_ij + m)})</c> with s̄_i the row mean. Returns the sum over the classes j, not a mean over rows; rows without a positive label add no term. It can be low while the target is not the row's largest score; eq. loss-1 cannot.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
    [Want("mean < pos")]
    public static partial double TasksOfClassesMeanLoss(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, int classes, double gamma, double margin, Span<double> gradient);

    /// <summary>The multi-label margin loss: <c>Σ_neg Σ_pos max(0, 1 − (s_pos − s_neg))</c>, as the wish "neg &lt; pos" by a margin of 1, hinged per pair. PyTorch's <c>MultiLabelMarginLoss</c> is this divided by the number of classes C (its documentation example gives 0.85 = 3.4 / 4).</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial float MultiLabelMargin(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

    /// <summary>The multi-label margin loss, batched (row-major <c>[rows × classes]</c>): the mean over the rows with at least one score other than −inf of <c>Σ_neg Σ_pos max(0, 1 − (s_pos − s_neg))</c>. PyTorch's <c>MultiLabelMarginLoss</c> (mean reduction) is this divided by C.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial float MultiLabelMarginBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

    /// <summary>The multi-class margin loss: <c>Σ_{k≠t} max(0, m − (s_t − s_k))</c>, as the wish "others &lt; target" by the margin m, hinged per pair. PyTorch's <c>MultiMarginLoss</c> (p = 1, no class weights) is this divided by C (its documentation example gives 0.325 = 1.3 / 4).</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge)]
    [Want("others < target")]
    public static partial float MultiMargin(ReadOnlySpan<float> scores, int target, float margin, Span<float> gradient);

    /// <summary>The multi-class margin loss, batched (row-major <c>[rows × classes]</c>, one target per row): the mean over the rows with at least one score other than −inf of <c>Σ_{k≠t} max(0, m − (s_t − s_k))</c>. PyTorch's <c>MultiMarginLoss</c> (p = 1, mean reduction) is this divided by C.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Shape = PairShape.Hinge)]
    [Want("others < target")]
    public static partial float MultiMarginBatch(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets, int classes, float margin, Span<float> gradient);

    /// <summary>The multi-label margin loss: <c>Σ_neg Σ_pos max(0, 1 − (s_pos − s_neg))</c>, as the wish "neg &lt; pos" by a margin of 1, hinged per pair. PyTorch's <c>MultiLabelMarginLoss</c> is this divided by the number of classes C (its documentation example gives 0.85 = 3.4 / 4).</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial double MultiLabelMargin(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> gradient);

    /// <summary>The multi-label margin loss, batched (row-major <c>[rows × classes]</c>): the mean over the rows with at least one score other than −inf of <c>Σ_neg Σ_pos max(0, 1 − (s_pos − s_neg))</c>. PyTorch's <c>MultiLabelMarginLoss</c> (mean reduction) is this divided by C.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial double MultiLabelMarginBatch(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes, Span<double> gradient);

    /// <summary>The multi-class margin loss: <c>Σ_{k≠t} max(0, m − (s_t − s_k))</c>, as the wish "others &lt; target" by the margin m, hinged per pair. PyTorch's <c>MultiMarginLoss</c> (p = 1, no class weights) is this divided by C (its documentation example gives 0.325 = 1.3 / 4).</summary>
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge)]
    [Want("others < target")]
    public static partial double MultiMargin(ReadOnlySpan<double> scores, int target, double margin, Span<double> gradient);

    /// <summary>The multi-class margin loss, batched (row-major <c>[rows × classes]</c>, one target per row): the mean over the rows with at least one score other than −inf of <c>Σ_{k≠t} max(0, m − (s_t − s_k))</c>. PyTorch's <c>MultiMarginLoss</c> (p = 1, mean reduction) is this divided by C.</summary>
    [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, Shape = PairShape.Hinge)]
    [Want("others < target")]
    public static partial double MultiMarginBatch(ReadOnlySpan<double> scores, ReadOnlySpan<int> targets, int classes, double margin, Span<double> gradient);

    /// <summary>
    /// The decision rule of <see cref="MultiLabelCrossEntropy(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{float})"/>, and of the
    /// binary and threshold cross-entropies, which rank every class against the same threshold 0: <c>labels[i] = scores[i] &gt; 0</c>.
    /// Works on one row or a whole batch (element by element).
    /// </summary>
    /// <param name="scores">The logits.</param>
    /// <param name="labels">Receives the predicted labels, one per score.</param>
    [DecisionRule(nameof(MultiLabelCrossEntropy))]
    public static partial void PredictLabels(ReadOnlySpan<float> scores, Span<bool> labels);

    /// <inheritdoc cref="PredictLabels(ReadOnlySpan{float}, Span{bool})"/>
    [DecisionRule(nameof(MultiLabelCrossEntropy))]
    public static partial void PredictLabels(ReadOnlySpan<double> scores, Span<bool> labels);

    /// <summary>The decision rule of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{float}, int, Span{float})"/>: the class of the largest score (the first on ties).</summary>
    /// <param name="scores">The logits of one row (at least one).</param>
    [DecisionRule(nameof(SoftmaxCrossEntropy))]
    public static partial int PredictClass(ReadOnlySpan<float> scores);

    /// <inheritdoc cref="PredictClass(ReadOnlySpan{float})"/>
    [DecisionRule(nameof(SoftmaxCrossEntropy))]
    public static partial int PredictClass(ReadOnlySpan<double> scores);

    /// <summary>The decision rule of <see cref="SoftmaxCrossEntropyBatch(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Span{float})"/>: each row's class of the largest score.</summary>
    /// <param name="scores">Row-major logits <c>[rows × classes]</c>.</param>
    /// <param name="classes">The row length.</param>
    /// <param name="predictions">Receives one class per row.</param>
    [DecisionRule(nameof(SoftmaxCrossEntropyBatch))]
    public static partial void PredictClasses(ReadOnlySpan<float> scores, int classes, Span<int> predictions);

    /// <inheritdoc cref="PredictClasses(ReadOnlySpan{float}, int, Span{int})"/>
    [DecisionRule(nameof(SoftmaxCrossEntropyBatch))]
    public static partial void PredictClasses(ReadOnlySpan<double> scores, int classes, Span<int> predictions);
}
