using System;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// Circle Loss (Sun et al., CVPR 2020, eq. 4) for metric learning, on similarity lists and on a batch of embeddings.
/// <code>
///   L = softplus( lse_n γ·α_n·(s_n − Δ_n)  +  lse_p −γ·α_p·(s_p − Δ_p) )
///   α_p = [1 + m − s_p]₊,  α_n = [s_n + m]₊,  Δ_p = 1 − m,  Δ_n = m
/// </code>
/// which is <c>log(1 + Σ_n Σ_p e^{γ(α_n(s_n − Δ_n) − α_p(s_p − Δ_p))})</c> factorised into one logsumexp per side.
/// <para>
/// <b>Gradient.</b> By default (<c>fullGradient: false</c>) the self-paced weights α are constants in the backward
/// pass, as in the paper's reference code and pytorch-metric-learning (<c>.detach()</c>): <c>∂L/∂s_n = σ·softmax_n·γα_n</c>,
/// <c>∂L/∂s_p = −σ·softmax_p·γα_p</c> with σ = sigmoid(lse_n + lse_p). With <c>fullGradient: true</c> (the
/// generator's <see cref="PairwiseLossAttribute.CircleFullGradient"/>) the α are differentiated too: slopes
/// <c>γ(α_n + [α_n &gt; 0](s_n − Δ_n))</c> and <c>−γ(α_p − [α_p &gt; 0](s_p − Δ_p))</c>.
/// </para>
/// <para>
/// <b>Special values</b> — the same promises as the generated <see cref="Losses.CircleLoss(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, Span{double}, Span{double})"/>,
/// computed by the same kernels. Both logsumexps are max-shifted and the softplus is evaluated on the side that
/// cannot overflow, so γ = 256 in float is fine (logits reach ±640). An empty side, or one whose similarities are all
/// −∞ (absent), makes the anchor's loss and gradient exactly 0, even if the other side overflowed. A finite similarity
/// of any size gives the limit, never NaN: a side whose logit overflows to +∞ gives loss +∞ and its largest elements
/// the whole softmax weight (finite gradient <c>±γ·α</c>). NaN in a side gives a NaN loss and NaN gradient.
/// </para>
/// </summary>
public static class CircleLoss
{
    /// <summary>The paper's face-recognition setting: m = 0.25, γ = 256 (re-id: 0.25, 128; fine-grained: 0.4, 80).</summary>
    public const double PaperMargin = 0.25;

    /// <summary>The paper's face-recognition γ.</summary>
    public const double PaperGamma = 256;

    /// <summary>Forward only, one anchor: similarities to its positives <paramref name="sp"/> and negatives <paramref name="sn"/>.</summary>
    public static T Pairs<T>(ReadOnlySpan<T> sp, ReadOnlySpan<T> sn, T gamma, T margin)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        var lseN = SetKernels.CircleLogSumExp(ScoreSet<T>.All(sn), positive: false, gamma, margin);
        var lseP = SetKernels.CircleLogSumExp(ScoreSet<T>.All(sp), positive: true, gamma, margin);
        return LossMath.Softplus(LossMath.LogProduct(lseN, lseP));
    }

    /// <summary>
    /// One anchor, with gradient: writes <c>∂L/∂s_p</c> into <paramref name="gradSp"/> and <c>∂L/∂s_n</c> into
    /// <paramref name="gradSn"/> (α held constant unless <paramref name="fullGradient"/>). The gradient spans double
    /// as scratch for the logits; nothing is allocated.
    /// </summary>
    public static T Pairs<T>(ReadOnlySpan<T> sp, ReadOnlySpan<T> sn, T gamma, T margin, Span<T> gradSp, Span<T> gradSn, bool fullGradient = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        Guard.SameLength(gradSp.Length, sp.Length, nameof(gradSp));
        Guard.SameLength(gradSn.Length, sn.Length, nameof(gradSn));
        return PairsCore(sp, sn, gamma, margin, gradSp, gradSn, fullGradient, T.One);
    }

    /// <summary>Workspace elements <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/> needs: <c>B·d + 3·B</c>.</summary>
    public static int BatchWorkspaceLength(int batch, int dimension)
    {
        Guard.NonNegative(batch, nameof(batch));
        Guard.NonNegative(dimension, nameof(dimension));
        var length = ((long)batch * dimension) + (3L * batch);
        if (length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"'{nameof(batch)}' = {batch} with dimension {dimension} needs more than int.MaxValue workspace elements.");
        }

        return (int)length;
    }

    /// <summary>
    /// Circle Loss over a batch of embeddings (row-major <c>[B × d]</c>, B = <c>labels.Length</c>): every sample is an
    /// anchor, with its same-label samples (itself excluded) as positives and the others as negatives, cosine
    /// similarities (see <see cref="PairSimilarities"/>). Returns the mean over the anchors that have at least one
    /// positive and one negative (0 if none has), and writes <c>∂L/∂embeddings</c> of that mean. The workspace needs
    /// <see cref="BatchWorkspaceLength"/> elements; nothing is allocated. O(B²·d).
    /// </summary>
    public static T Batch<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, T gamma, T margin, Span<T> gradEmbeddings, Span<T> workspace, bool fullGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        var batch = labels.Length;
        var d = PairSimilarities.Dimension(embeddings.Length, batch);
        Guard.SameLength(gradEmbeddings.Length, embeddings.Length, nameof(gradEmbeddings));
        var required = BatchWorkspaceLength(batch, d);
        if (workspace.Length < required)
        {
            throw new ArgumentException($"'{nameof(workspace)}' has length {workspace.Length}; pass at least CircleLoss.BatchWorkspaceLength({batch}, {d}) = {required} elements.", nameof(workspace));
        }

        gradEmbeddings.Clear();
        if (batch == 0)
        {
            return T.Zero;
        }

        var unit = workspace[..(batch * d)];
        var norms = workspace.Slice(batch * d, batch);
        var sims = workspace.Slice((batch * d) + batch, batch);
        var grads = workspace.Slice((batch * d) + (2 * batch), batch);
        PairSimilarities.Normalize(embeddings, d, unit, norms);

        // Pass 1: count the anchors that have both sides, so each anchor's gradient is scaled once, as it is made.
        var counted = 0;
        for (var a = 0; a < batch; a++)
        {
            var same = 0;
            foreach (var l in labels)
            {
                same += l == labels[a] ? 1 : 0;
            }

            counted += same > 1 && same < batch ? 1 : 0;
        }

        if (counted == 0)
        {
            return T.Zero;
        }

        var scale = T.One / T.CreateTruncating(counted);
        var total = default(LossMean);
        for (var a = 0; a < batch; a++)
        {
            // Gather this anchor's similarities: positives first (from the front), negatives after (from the back).
            var ua = unit.Slice(a * d, d);
            var np = 0;
            var nn = 0;
            for (var b = 0; b < batch; b++)
            {
                if (b == a)
                {
                    continue;
                }

                var s = PairSimilarities.Dot<T>(ua, unit.Slice(b * d, d));
                if (labels[b] == labels[a])
                {
                    sims[np++] = s;
                }
                else
                {
                    sims[batch - 1 - nn++] = s;
                }
            }

            if (np == 0 || nn == 0)
            {
                continue;
            }

            var sp = sims[..np];
            var sn = sims.Slice(batch - nn, nn);
            total.Add(double.CreateTruncating(PairsCore<T>(sp, sn, gamma, margin, grads[..np], grads.Slice(batch - nn, nn), fullGradient, scale)));

            var ga = gradEmbeddings.Slice(a * d, d);
            np = 0;
            nn = 0;
            for (var b = 0; b < batch; b++)
            {
                if (b == a)
                {
                    continue;
                }

                var g = labels[b] == labels[a] ? grads[np++] : grads[batch - 1 - nn++];
                PairSimilarities.AddPair(ga, ua, gradEmbeddings.Slice(b * d, d), unit.Slice(b * d, d), g);
            }
        }

        PairSimilarities.ThroughNormalize<T>(unit, norms, d, gradEmbeddings);
        return total.Mean<T>(); // summed in double (at 2^-64 if it overflows): the mean of finite anchor losses is finite
    }

    /// <summary>
    /// As <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/> with α held constant
    /// (<c>fullGradient: false</c>), with stack (up to 1024 elements) or pooled scratch.
    /// </summary>
    public static T Batch<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, T gamma, T margin, Span<T> gradEmbeddings)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Batch(embeddings, labels, gamma, margin, gradEmbeddings, fullGradient: false);

    /// <summary>As <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/>, with stack (up to 1024 elements) or pooled scratch.</summary>
    public static T Batch<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, T gamma, T margin, Span<T> gradEmbeddings, bool fullGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = PairSimilarities.Dimension(embeddings.Length, labels.Length);
        var length = BatchWorkspaceLength(labels.Length, d);
        using var scratch = new Scratch<T>(length <= TopKSoftmax.StackallocLimit ? stackalloc T[length] : default, length);
        return Batch(embeddings, labels, gamma, margin, gradEmbeddings, scratch.Span, fullGradient);
    }

    /// <summary>
    /// The per-anchor loss and its gradient times <paramref name="gradScale"/>, through the same Circle kernels as the
    /// generated <c>Losses.CircleLoss</c> (one copy of the α and slope code, <see cref="CircleLogit{T}"/>): logits
    /// are staged in the gradient spans (which may not alias the inputs), an empty or all-absent side makes the block
    /// empty even when the other side overflowed to +∞ (<see cref="LossMath.LogProduct{T}"/>), and a side whose largest
    /// logit overflowed gives its overflowed elements the whole softmax weight (the limit) instead of ∞ − ∞.
    /// </summary>
    private static T PairsCore<T>(ReadOnlySpan<T> sp, ReadOnlySpan<T> sn, T gamma, T margin, Span<T> gradSp, Span<T> gradSn, bool fullGradient, T gradScale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var negatives = ScoreSet<T>.All(sn);
        var positives = ScoreSet<T>.All(sp);
        var snSums = SetKernels.CircleLogSumExpInto(negatives, positive: false, gamma, margin, gradSn);
        var spSums = SetKernels.CircleLogSumExpInto(positives, positive: true, gamma, margin, gradSp);
        var z = LossMath.LogProduct(snSums.LogSum, spSums.LogSum);
        var p = LossMath.Sigmoid(z) * gradScale; // ∂softplus(z)/∂z: 0 for an empty block, NaN for NaN
        SetKernels.CircleScale(negatives, positive: false, gamma, margin, fullGradient, gradSn, snSums.InverseSum * p);
        SetKernels.CircleScale(positives, positive: true, gamma, margin, fullGradient, gradSp, spSums.InverseSum * p);
        return LossMath.Softplus(z);
    }
}
