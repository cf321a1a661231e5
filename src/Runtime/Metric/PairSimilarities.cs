using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PairwiseLoss;

/// <summary>
/// Cosine similarities of a batch of embeddings for pair-based metric learning (Circle Loss and friends), and their
/// backward pass.
/// <para>
/// <b>Inputs.</b> <c>embeddings</c> is row-major <c>[B × d]</c> with B = <c>labels.Length</c>; <c>labels[a]</c> is
/// the class of sample a (any int). For anchor a the <b>positives</b> are the samples b ≠ a with the same label and
/// the <b>negatives</b> the samples b with another label, each in increasing b.
/// </para>
/// <para>
/// <b>Layout.</b> All anchors' positive similarities are packed in one span, anchor by anchor:
/// anchor a's are <c>positives[positiveOffsets[a] .. positiveOffsets[a + 1])</c>, likewise negatives (see
/// <see cref="Offsets"/>; <see cref="Count"/> gives the totals Σ_c n_c(n_c − 1) and Σ_c n_c(B − n_c)). Every
/// unordered pair appears twice (once from each anchor), as in the usual per-anchor formulation.
/// </para>
/// <para>
/// <b>Cosine.</b> <c>s_ab = u_a·u_b</c> with <c>u = e / max(‖e‖, ε)</c>, ε = <see cref="NormEpsilon"/> (PyTorch's
/// <c>F.normalize</c>): a zero embedding has similarity 0 to everything instead of NaN. The norm is computed with a
/// max-abs rescaling, so huge embeddings do not overflow. Backward: <c>∂L/∂u_a = Σ_b g_ab u_b</c> (each pair feeds
/// both its samples) and <c>∂L/∂e = (∂L/∂u − (∂L/∂u · u) u) / ‖e‖</c> (or <c>∂L/∂u / ε</c> when ‖e‖ &lt; ε).
/// </para>
/// <para>Cost O(B²·d) for both passes; nothing is allocated (the caller passes <c>unit</c> and <c>norms</c>).</para>
/// <para>Special values: each row is scaled by its largest component before its norm, so rows near MaxValue keep an
/// exact direction (their norm may be +∞); a row with ±∞ components gives the unit vector of their signs (the limit as
/// they grow together); a NaN component gives NaN; a zero row gives the zero vector, as PyTorch's <c>F.normalize</c>.</para>
/// </summary>
public static class PairSimilarities
{
    /// <summary>The norm floor of the normalisation, as in PyTorch's <c>F.normalize</c>.</summary>
    public const double NormEpsilon = 1e-12;

    /// <summary>Total numbers of (anchor, positive) and (anchor, negative) entries: the lengths of the packed spans.</summary>
    public static (int Positives, int Negatives) Count(ReadOnlySpan<int> labels)
    {
        long positives = 0;
        long negatives = 0;
        for (var a = 0; a < labels.Length; a++)
        {
            var same = SameLabel(labels, a);
            positives += same - 1;
            negatives += labels.Length - same;
        }

        return (checked((int)positives), checked((int)negatives));
    }

    /// <summary>
    /// Prefix offsets (B + 1 each) of every anchor's positives and negatives in the packed spans: anchor a owns
    /// <c>[offsets[a], offsets[a + 1])</c>; <c>offsets[B]</c> is the total.
    /// </summary>
    public static void Offsets(ReadOnlySpan<int> labels, Span<int> positiveOffsets, Span<int> negativeOffsets)
    {
        var b = labels.Length;
        if (positiveOffsets.Length != b + 1)
        {
            throw new ArgumentException($"'{nameof(positiveOffsets)}' has length {positiveOffsets.Length}; it must have labels.Length + 1 = {b + 1} elements.", nameof(positiveOffsets));
        }

        if (negativeOffsets.Length != b + 1)
        {
            throw new ArgumentException($"'{nameof(negativeOffsets)}' has length {negativeOffsets.Length}; it must have labels.Length + 1 = {b + 1} elements.", nameof(negativeOffsets));
        }

        positiveOffsets[0] = 0;
        negativeOffsets[0] = 0;
        for (var a = 0; a < b; a++)
        {
            var same = SameLabel(labels, a);
            positiveOffsets[a + 1] = checked(positiveOffsets[a] + same - 1);
            negativeOffsets[a + 1] = checked(negativeOffsets[a] + b - same);
        }
    }

    /// <summary>
    /// Writes every anchor's cosine similarities to its positives and negatives (packed; see the class remarks), and
    /// keeps the unit embeddings <paramref name="unit"/> (<c>[B × d]</c>) and norms <paramref name="norms"/> (<c>[B]</c>)
    /// for <see cref="Backward{T}"/>.
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> embeddings, ReadOnlySpan<int> labels, Span<T> positives, Span<T> negatives, Span<T> unit, Span<T> norms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = Dimension(embeddings.Length, labels.Length);
        var (p, n) = Count(labels);
        Guard.SameLength(positives.Length, p, nameof(positives));
        Guard.SameLength(negatives.Length, n, nameof(negatives));
        Normalize(embeddings, d, unit, norms);
        var batch = labels.Length;
        var ip = 0;
        var iN = 0;
        for (var a = 0; a < batch; a++)
        {
            var ua = unit.Slice(a * d, d);
            for (var b = 0; b < batch; b++)
            {
                if (b == a)
                {
                    continue;
                }

                var s = Dot<T>(ua, unit.Slice(b * d, d));
                if (labels[b] == labels[a])
                {
                    positives[ip++] = s;
                }
                else
                {
                    negatives[iN++] = s;
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward{T}"/>: from <c>∂L/∂s</c> of every packed positive and negative entry, writes
    /// (not accumulates) <c>∂L/∂embeddings</c>, <c>[B × d]</c>, through the cosine and the normalisation.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> unit, ReadOnlySpan<T> norms, ReadOnlySpan<int> labels, ReadOnlySpan<T> gradPositives, ReadOnlySpan<T> gradNegatives, Span<T> gradEmbeddings)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = Dimension(unit.Length, labels.Length, nameof(unit));
        Guard.SameLength(norms.Length, labels.Length, nameof(norms));
        var (p, n) = Count(labels);
        Guard.SameLength(gradPositives.Length, p, nameof(gradPositives));
        Guard.SameLength(gradNegatives.Length, n, nameof(gradNegatives));
        Guard.SameLength(gradEmbeddings.Length, unit.Length, nameof(gradEmbeddings));
        gradEmbeddings.Clear();
        var batch = labels.Length;
        var ip = 0;
        var iN = 0;
        for (var a = 0; a < batch; a++)
        {
            var ga = gradEmbeddings.Slice(a * d, d);
            var ua = unit.Slice(a * d, d);
            for (var b = 0; b < batch; b++)
            {
                if (b == a)
                {
                    continue;
                }

                var g = labels[b] == labels[a] ? gradPositives[ip++] : gradNegatives[iN++];
                AddPair(ga, ua, gradEmbeddings.Slice(b * d, d), unit.Slice(b * d, d), g);
            }
        }

        ThroughNormalize(unit, norms, d, gradEmbeddings);
    }

    /// <summary><c>d = embeddingsLength / batch</c>; the length must be a whole, positive number of rows.</summary>
    internal static int Dimension(int embeddingsLength, int batch, string embeddingsName = "embeddings")
    {
        if (batch == 0)
        {
            if (embeddingsLength != 0)
            {
                throw new ArgumentException($"'{embeddingsName}' has length {embeddingsLength} but 'labels' is empty.", embeddingsName);
            }

            return 0;
        }

        if (embeddingsLength == 0 || embeddingsLength % batch != 0)
        {
            throw new ArgumentException($"'{embeddingsName}' has length {embeddingsLength}, which is not {batch} rows (one per label) of a positive dimension.", embeddingsName);
        }

        return embeddingsLength / batch;
    }

    /// <summary>Unit rows <c>e / max(‖e‖, ε)</c> and the norms ‖e‖ (max-abs rescaled: no overflow, no underflow to 0).</summary>
    internal static void Normalize<T>(ReadOnlySpan<T> embeddings, int d, Span<T> unit, Span<T> norms)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var batch = d == 0 ? 0 : embeddings.Length / d;
        Guard.SameLength(unit.Length, embeddings.Length, nameof(unit));
        Guard.SameLength(norms.Length, batch, nameof(norms));
        var eps = T.CreateTruncating(NormEpsilon);
        for (var a = 0; a < batch; a++)
        {
            var e = embeddings.Slice(a * d, d);
            var scale = T.Zero;
            var nan = false;
            foreach (var v in e)
            {
                nan |= T.IsNaN(v);
                scale = T.Max(scale, T.Abs(v));
            }

            var u = unit.Slice(a * d, d);
            if (nan)
            {
                norms[a] = T.NaN;
                u.Fill(T.NaN);
            }
            else if (T.IsInfinity(scale))
            {
                // The limit as the infinite components grow together: the unit vector of their signs.
                var infinite = 0;
                foreach (var v in e)
                {
                    infinite += T.IsInfinity(v) ? 1 : 0;
                }

                var share = T.One / T.Sqrt(T.CreateTruncating(infinite));
                for (var j = 0; j < d; j++)
                {
                    u[j] = T.IsInfinity(e[j]) ? T.CopySign(share, e[j]) : T.Zero;
                }

                norms[a] = T.PositiveInfinity;
            }
            else
            {
                // Scaled by the largest component, so neither the squares nor the norm overflow the direction (the
                // norm itself may overflow to +∞ for float rows near MaxValue; the unit vector is still exact).
                // Divide, not multiply by 1/scale: 1/scale overflows for a subnormal scale (float below 2.9e-39).
                var sum = T.Zero;
                foreach (var v in e)
                {
                    var w = scale == T.Zero ? T.Zero : v / scale;
                    sum += w * w;
                }

                var root = T.Sqrt(sum);
                var norm = scale * root;
                norms[a] = norm;
                for (var j = 0; j < d; j++)
                {
                    u[j] = norm < eps ? e[j] / eps : e[j] / scale / root;
                }
            }
        }
    }

    /// <summary>In place: the gradient with respect to the unit rows becomes the gradient with respect to the embeddings.</summary>
    internal static void ThroughNormalize<T>(ReadOnlySpan<T> unit, ReadOnlySpan<T> norms, int d, Span<T> grad)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var eps = T.CreateTruncating(NormEpsilon);
        for (var a = 0; a < norms.Length; a++)
        {
            var g = grad.Slice(a * d, d);
            var u = unit.Slice(a * d, d);
            var norm = norms[a];
            if (norm < eps)
            {
                // u = e / ε: the Jacobian is I / ε.
                var invEps = T.One / eps;
                for (var j = 0; j < d; j++)
                {
                    g[j] *= invEps;
                }

                continue;
            }

            // Divided, not multiplied by 1/‖e‖: for a norm near MaxValue that reciprocal is subnormal and loses digits.
            var radial = Dot<T>(g, u);
            for (var j = 0; j < d; j++)
            {
                g[j] = (g[j] - radial * u[j]) / norm;
            }
        }
    }

    /// <summary><c>ga += g·ub</c> and <c>gb += g·ua</c>.</summary>
    internal static void AddPair<T>(Span<T> ga, ReadOnlySpan<T> ua, Span<T> gb, ReadOnlySpan<T> ub, T g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (g == T.Zero)
        {
            return;
        }

        var d = ga.Length;
        var j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && d >= Vector<T>.Count)
        {
            var vg = new Vector<T>(g);
            var gaV = MemoryMarshal.Cast<T, Vector<T>>(ga);
            var gbV = MemoryMarshal.Cast<T, Vector<T>>(gb);
            var uaV = MemoryMarshal.Cast<T, Vector<T>>(ua);
            var ubV = MemoryMarshal.Cast<T, Vector<T>>(ub);
            for (var v = 0; v < gaV.Length; v++)
            {
                gaV[v] += vg * ubV[v];
                gbV[v] += vg * uaV[v];
            }

            j = gaV.Length * Vector<T>.Count;
        }

        for (; j < d; j++)
        {
            ga[j] += g * ub[j];
            gb[j] += g * ua[j];
        }
    }

    /// <summary>Dot product, vectorised when the hardware allows.</summary>
    internal static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = x.Length;
        var j = 0;
        var sum = T.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && d >= Vector<T>.Count)
        {
            var xV = MemoryMarshal.Cast<T, Vector<T>>(x);
            var yV = MemoryMarshal.Cast<T, Vector<T>>(y);
            var acc = Vector<T>.Zero;
            for (var v = 0; v < xV.Length; v++)
            {
                acc += xV[v] * yV[v];
            }

            sum = Vector.Sum(acc);
            j = xV.Length * Vector<T>.Count;
        }

        for (; j < d; j++)
        {
            sum += x[j] * y[j];
        }

        return sum;
    }

    private static int SameLabel(ReadOnlySpan<int> labels, int a)
    {
        var same = 0;
        var label = labels[a];
        foreach (var l in labels)
        {
            if (l == label)
            {
                same++;
            }
        }

        return same;
    }
}
