using System;
using System.Buffers;
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
/// <b>Gradient.</b> By default the self-paced weights α are constants in the backward pass, as in the paper's
/// reference code and pytorch-metric-learning (<c>.detach()</c>): <c>∂L/∂s_n = σ·softmax_n·γα_n</c>,
/// <c>∂L/∂s_p = −σ·softmax_p·γα_p</c> with σ = sigmoid(lse_n + lse_p). With <c>detachAlpha: false</c> the α are
/// differentiated too: slopes <c>γ(α_n + [α_n &gt; 0](s_n − Δ_n))</c> and <c>−γ(α_p − [α_p &gt; 0](s_p − Δ_p))</c>.
/// </para>
/// <para>
/// <b>Stability.</b> Both logsumexps are max-shifted and the softplus is evaluated on the side that cannot overflow,
/// so γ = 256 in float is fine (logits reach ±640). An empty side, or one whose similarities are all −∞ (absent),
/// contributes lse = −∞: the loss and gradient of that anchor are exactly 0. NaN gives NaN.
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
        var lseP = SideLogSumExp(sp, positive: true, gamma, margin, Span<T>.Empty);
        var lseN = SideLogSumExp(sn, positive: false, gamma, margin, Span<T>.Empty);
        return LossMath.Softplus(lseN + lseP);
    }

    /// <summary>
    /// One anchor, with gradient: writes <c>∂L/∂s_p</c> into <paramref name="gradSp"/> and <c>∂L/∂s_n</c> into
    /// <paramref name="gradSn"/> (α detached unless <paramref name="detachAlpha"/> is false). The gradient spans double
    /// as scratch for the logits; nothing is allocated.
    /// </summary>
    public static T Pairs<T>(ReadOnlySpan<T> sp, ReadOnlySpan<T> sn, T gamma, T margin, Span<T> gradSp, Span<T> gradSn, bool detachAlpha = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        Guard.SameLength(gradSp.Length, sp.Length, nameof(gradSp));
        Guard.SameLength(gradSn.Length, sn.Length, nameof(gradSn));
        return PairsCore(sp, sn, gamma, margin, gradSp, gradSn, detachAlpha, T.One);
    }

    /// <summary>Workspace elements <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/> needs: <c>B·d + 3·B</c>.</summary>
    public static int BatchWorkspaceLength(int batch, int dimension) => checked((batch * dimension) + (3 * batch));

    /// <summary>
    /// Circle Loss over a batch of embeddings (row-major <c>[B × d]</c>, B = <c>labels.Length</c>): every sample is an
    /// anchor, with its same-label samples (itself excluded) as positives and the others as negatives, cosine
    /// similarities (see <see cref="PairSimilarities"/>). Returns the mean over the anchors that have at least one
    /// positive and one negative (0 if none has), and writes <c>∂L/∂embeddings</c> of that mean. The workspace needs
    /// <see cref="BatchWorkspaceLength"/> elements; nothing is allocated. O(B²·d).
    /// </summary>
    public static T Batch<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, T gamma, T margin, Span<T> gradEmbeddings, Span<T> workspace, bool detachAlpha = true)
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
        var total = T.Zero;
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
            total += PairsCore<T>(sp, sn, gamma, margin, grads[..np], grads.Slice(batch - nn, nn), detachAlpha, scale);

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
        return total * scale;
    }

    /// <summary>As <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/>, with stack (up to 1024 elements) or pooled scratch.</summary>
    public static T Batch<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, T gamma, T margin, Span<T> gradEmbeddings, bool detachAlpha = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = PairSimilarities.Dimension(embeddings.Length, labels.Length);
        var length = BatchWorkspaceLength(labels.Length, d);
        T[]? rented = null;
        var work = length <= TopKSoftmax.StackallocLimit ? stackalloc T[length] : (rented = ArrayPool<T>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            return Batch(embeddings, labels, gamma, margin, gradEmbeddings, work, detachAlpha);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The per-anchor loss and its gradient times <paramref name="gradScale"/>; logits are staged in the gradient spans
    /// (which may not alias the inputs).
    /// </summary>
    private static T PairsCore<T>(ReadOnlySpan<T> sp, ReadOnlySpan<T> sn, T gamma, T margin, Span<T> gradSp, Span<T> gradSn, bool detachAlpha, T gradScale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var lseP = SideLogSumExp(sp, positive: true, gamma, margin, gradSp);
        var lseN = SideLogSumExp(sn, positive: false, gamma, margin, gradSn);
        var z = lseN + lseP;
        var loss = LossMath.Softplus(z);
        if (T.IsNaN(loss))
        {
            gradSp.Fill(T.NaN);
            gradSn.Fill(T.NaN);
            return loss;
        }

        if (lseP == T.NegativeInfinity || lseN == T.NegativeInfinity)
        {
            gradSp.Clear();
            gradSn.Clear();
            return loss;
        }

        var sigma = LossMath.Sigmoid(z) * gradScale;
        Scale(sp, positive: true, gamma, margin, detachAlpha, lseP, sigma, gradSp);
        Scale(sn, positive: false, gamma, margin, detachAlpha, lseN, sigma, gradSn);
        return loss;
    }

    /// <summary>Circle logit of one similarity; −∞ for an absent (−∞) similarity.</summary>
    private static T Logit<T>(T s, bool positive, T gamma, T margin)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (s == T.NegativeInfinity)
        {
            return T.NegativeInfinity;
        }

        return positive
            ? -gamma * T.Max(T.One + margin - s, T.Zero) * (s - (T.One - margin))
            : gamma * T.Max(s + margin, T.Zero) * (s - margin);
    }

    /// <summary>dLogit/ds, α held constant unless <paramref name="detachAlpha"/> is false.</summary>
    private static T Slope<T>(T s, bool positive, T gamma, T margin, bool detachAlpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (positive)
        {
            var alphaP = T.Max(T.One + margin - s, T.Zero);
            var throughP = !detachAlpha && alphaP > T.Zero ? -(s - (T.One - margin)) : T.Zero;
            return -gamma * (alphaP + throughP);
        }

        var alphaN = T.Max(s + margin, T.Zero);
        var throughN = !detachAlpha && alphaN > T.Zero ? s - margin : T.Zero;
        return gamma * (alphaN + throughN);
    }

    /// <summary><c>log Σ e^{logit}</c>, max-shifted; logits kept in <paramref name="logits"/> when it is not empty.</summary>
    private static T SideLogSumExp<T>(ReadOnlySpan<T> s, bool positive, T gamma, T margin, Span<T> logits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var keep = !logits.IsEmpty;
        var max = T.NegativeInfinity;
        for (var i = 0; i < s.Length; i++)
        {
            var l = Logit(s[i], positive, gamma, margin);
            if (T.IsNaN(l))
            {
                return T.NaN;
            }

            if (keep)
            {
                logits[i] = l;
            }

            max = T.Max(max, l);
        }

        if (max == T.NegativeInfinity)
        {
            return max;
        }

        if (T.IsInfinity(max))
        {
            return max;
        }

        var sum = T.Zero;
        for (var i = 0; i < s.Length; i++)
        {
            sum += T.Exp((keep ? logits[i] : Logit(s[i], positive, gamma, margin)) - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>Turns the stored logits into <c>σ·softmax·slope</c>.</summary>
    private static void Scale<T>(ReadOnlySpan<T> s, bool positive, T gamma, T margin, bool detachAlpha, T lse, T sigma, Span<T> grad)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < s.Length; i++)
        {
            var w = T.Exp(grad[i] - lse);
            grad[i] = w == T.Zero ? T.Zero : sigma * w * Slope(s[i], positive, gamma, margin, detachAlpha);
        }
    }
}
