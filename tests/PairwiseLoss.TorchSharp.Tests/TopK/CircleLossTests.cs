using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.TopK;

/// <summary>
/// Circle Loss against an independent TorchSharp implementation written from the paper (eq. 4) with <c>.detach()</c> on
/// α, as in the paper's reference code and pytorch-metric-learning; finite differences in double.
/// </summary>
public sealed class CircleLossTests
{
    // ------------------------------------------------------------------ TorchSharp reference

    /// <summary>One anchor's loss from its similarity tensors (α detached unless <paramref name="detach"/> is false).</summary>
    private static Tensor TorchAnchor(Tensor sp, Tensor sn, double gamma, double m, bool detach = true)
    {
        var spA = detach ? sp.detach() : sp;
        var snA = detach ? sn.detach() : sn;
        var alphaP = (-spA + (1 + m)).clamp_min(0);
        var alphaN = (snA + m).clamp_min(0);
        var logitP = -alphaP * (sp - (1 - m)) * gamma;
        var logitN = alphaN * (sn - m) * gamma;
        return nn.functional.softplus(logitN.logsumexp(0) + logitP.logsumexp(0));
    }

    private static (double Loss, double[] GradSp, double[] GradSn) TorchPairs(double[] sp, double[] sn, double gamma, double m, bool detach = true)
    {
        using var scope = NewDisposeScope();
        var tp = tensor(sp, requires_grad: true);
        var tn = tensor(sn, requires_grad: true);
        var loss = TorchAnchor(tp, tn, gamma, m, detach);
        var grads = autograd.grad(new[] { loss }, new[] { tp, tn });
        return (loss.item<double>(), grads[0].data<double>().ToArray(), grads[1].data<double>().ToArray());
    }

    /// <summary>Batch: F.normalize, u·uᵀ, per-anchor positives (same label, not itself) and negatives, mean over anchors with both.</summary>
    private static (double Loss, double[] Grad) TorchBatch(double[] embeddings, int[] labels, double gamma, double m, ScalarType dtype = ScalarType.Float64, bool detach = true)
    {
        using var scope = NewDisposeScope();
        var b = labels.Length;
        var d = embeddings.Length / b;
        var e = tensor(embeddings, b, d, dtype: dtype, requires_grad: true);
        var u = nn.functional.normalize(e, p: 2, dim: 1);
        var sim = u.mm(u.t());
        var losses = new List<Tensor>();
        for (var a = 0; a < b; a++)
        {
            var pos = Enumerable.Range(0, b).Where(j => j != a && labels[j] == labels[a]).Select(j => (long)j).ToArray();
            var neg = Enumerable.Range(0, b).Where(j => labels[j] != labels[a]).Select(j => (long)j).ToArray();
            if (pos.Length == 0 || neg.Length == 0)
            {
                continue;
            }

            var row = sim[a];
            losses.Add(TorchAnchor(row.index_select(0, tensor(pos)), row.index_select(0, tensor(neg)), gamma, m, detach));
        }

        var loss = stack(losses).mean();
        var grad = autograd.grad(new[] { loss }, new[] { e })[0].to_type(ScalarType.Float64);
        return (loss.to_type(ScalarType.Float64).item<double>(), grad.data<double>().ToArray());
    }

    // ------------------------------------------------------------------ helpers

    private static double[] Uniform(Random rng, int n, double lo, double hi) =>
        Enumerable.Range(0, n).Select(_ => lo + ((hi - lo) * rng.NextDouble())).ToArray();

    private static double[] Gaussian(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    private static int[] Labels(Random rng, int b, int classes) => Enumerable.Range(0, b).Select(_ => rng.Next(classes)).ToArray();

    private static void Close(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }

    private static void AllClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1e-30, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1.0, scale), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (max |g| {scale:E3})");
        }
    }

    public static TheoryData<int, double, double> Settings()
    {
        var data = new TheoryData<int, double, double>();
        var paper = new[] { (0.25, 256.0), (0.25, 128.0), (0.4, 80.0), (0.1, 1.0), (0.3, 32.0) };
        for (var i = 0; i < paper.Length; i++)
        {
            data.Add(i, paper[i].Item1, paper[i].Item2);
        }

        return data;
    }

    // ------------------------------------------------------------------ per anchor

    [Theory]
    [MemberData(nameof(Settings))]
    public void Per_anchor_matches_TorchSharp_with_detached_alpha(int seed, double m, double gamma)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 10; trial++)
        {
            var sp = Uniform(rng, 1 + rng.Next(6), -1, 1);
            var sn = Uniform(rng, 1 + rng.Next(12), -1, 1);
            foreach (var detach in new[] { true, false })
            {
                var (loss, gp, gn) = TorchPairs(sp, sn, gamma, m, detach);
                var gradSp = new double[sp.Length];
                var gradSn = new double[sn.Length];
                var ours = CircleLoss.Pairs<double>(sp, sn, gamma, m, gradSp, gradSn, detachAlpha: detach);
                Close(loss, ours, 1e-12, $"loss (detach {detach})");
                Close(loss, CircleLoss.Pairs<double>(sp, sn, gamma, m), 1e-12, "forward only");
                AllClose(gp, gradSp, 1e-11, $"∂L/∂sp (detach {detach})");
                AllClose(gn, gradSn, 1e-11, $"∂L/∂sn (detach {detach})");
            }
        }
    }

    [Fact]
    public void Per_anchor_agrees_with_the_generated_catalogue_CircleLoss()
    {
        var rng = new Random(42);
        for (var trial = 0; trial < 20; trial++)
        {
            var sp = Uniform(rng, 1 + rng.Next(6), -1, 1);
            var sn = Uniform(rng, 1 + rng.Next(12), -1, 1);
            var (m, gamma) = (0.25, 64.0);
            var g1p = new double[sp.Length];
            var g1n = new double[sn.Length];
            var g2p = new double[sp.Length];
            var g2n = new double[sn.Length];
            var ours = CircleLoss.Pairs<double>(sp, sn, gamma, m, g1p, g1n);
            var generated = Losses.CircleLoss(sp, sn, gamma, m, g2p, g2n);
            Close(generated, ours, 1e-12, "loss");
            AllClose(g2p, g1p, 1e-12, "∂L/∂sp");
            AllClose(g2n, g1n, 1e-12, "∂L/∂sn");
        }
    }

    [Fact]
    public void Per_anchor_empty_and_absent_sides_contribute_exactly_zero()
    {
        var gp = new double[2];
        var gn = new double[0];
        Assert.Equal(0.0, CircleLoss.Pairs<double>(new[] { 0.3, 0.9 }, Array.Empty<double>(), 256, 0.25, gp, gn));
        Assert.All(gp, g => Assert.Equal(0.0, g));
        var gn2 = new double[2];
        Assert.Equal(0.0, CircleLoss.Pairs<double>(new[] { 0.3, 0.9 }, new[] { double.NegativeInfinity, double.NegativeInfinity }, 256, 0.25, gp, gn2));
        Assert.All(gp.Concat(gn2), g => Assert.Equal(0.0, g));
        Assert.True(double.IsNaN(CircleLoss.Pairs<double>(new[] { double.NaN }, new[] { 0.1 }, 2, 0.25)));
        Assert.Equal("gamma", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Pairs<double>(new[] { 0.1 }, new[] { 0.1 }, 0, 0.25)).ParamName);
        Assert.Equal("margin", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Pairs<double>(new[] { 0.1 }, new[] { 0.1 }, 1, double.NaN)).ParamName);
        Assert.Equal("gradSn", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Pairs<double>(new[] { 0.1 }, new[] { 0.1 }, 1, 0.25, new double[1], new double[2])).ParamName);
    }

    // ------------------------------------------------------------------ batch

    [Theory]
    [MemberData(nameof(Settings))]
    public void Batch_matches_TorchSharp_in_double(int seed, double m, double gamma)
    {
        var rng = new Random(100 + seed);
        var b = 12 + rng.Next(8);
        var d = 3 + rng.Next(20);
        var labels = Labels(rng, b, 4);
        labels[0] = 99; // a singleton: no positives, excluded from the mean
        var e = Gaussian(rng, b * d);
        foreach (var detach in new[] { true, false })
        {
            var (loss, grad) = TorchBatch(e, labels, gamma, m, detach: detach);
            var ours = new double[e.Length];
            var work = new double[CircleLoss.BatchWorkspaceLength(b, d)];
            var l = CircleLoss.Batch<double>(e, labels, gamma, m, ours, work, detachAlpha: detach);
            Close(loss, l, 1e-12, $"loss (detach {detach})");
            AllClose(grad, ours, 1e-10, $"∂L/∂e (detach {detach})");
            Close(l, CircleLoss.Batch<double>(e, labels, gamma, m, new double[e.Length], detachAlpha: detach), 1e-15, "pooled overload");
        }
    }

    [Fact]
    public void Batch_in_float_with_gamma_256_is_finite_and_matches_double_and_TorchSharp()
    {
        var rng = new Random(7);
        const int b = 32;
        const int d = 16;
        var labels = Labels(rng, b, 5);
        var e = Gaussian(rng, b * d);
        // Hard cases: a negative identical to its anchor (s_n = 1, logit γ·1.25·0.75 = 240 > 88) and a positive opposite.
        var other = Array.FindIndex(labels, l => l != labels[0]);
        Array.Copy(e, 0, e, other * d, d);
        var same = Array.FindIndex(labels, 1, l => l == labels[1]);
        if (same > 0)
        {
            for (var j = 0; j < d; j++)
            {
                e[(same * d) + j] = -e[d + j];
            }
        }

        var ef = e.Select(v => (float)v).ToArray();
        var ed = ef.Select(v => (double)v).ToArray();
        var gf = new float[ef.Length];
        var lf = CircleLoss.Batch<float>(ef, labels, 256f, 0.25f, gf);
        Assert.True(float.IsFinite(lf), $"loss {lf}");
        Assert.All(gf, g => Assert.True(float.IsFinite(g)));

        var gd = new double[ed.Length];
        var ld = CircleLoss.Batch<double>(ed, labels, 256, 0.25, gd);
        Close(ld, lf, 1e-5, "float vs double loss");
        AllClose(gd, gf.Select(v => (double)v).ToArray(), 1e-4, "float vs double gradient");

        var (tl, tg) = TorchBatch(ed, labels, 256, 0.25, ScalarType.Float32);
        Assert.True(double.IsFinite(tl));
        Close(ld, tl, 1e-4, "TorchSharp float32 loss");
        AllClose(gd, tg, 1e-3, "TorchSharp float32 gradient");

        // The per-anchor path with the extreme logits directly.
        var gp = new float[2];
        var gn = new float[3];
        var lp = CircleLoss.Pairs<float>(new[] { -1f, 1f }, new[] { 1f, -1f, 0.99f }, 256f, 0.25f, gp, gn);
        Assert.True(float.IsFinite(lp) && lp > 500, $"loss {lp}");
        Assert.All(gp.Concat(gn), g => Assert.True(float.IsFinite(g)));
    }

    /// <summary>
    /// Finite differences in double of an independent loss written here: cosine similarities from scratch, α frozen at
    /// the base point (the detached α), per-anchor softplus of the two logsumexps, mean over anchors with both sides.
    /// </summary>
    [Theory]
    [InlineData(0, 0.25, 16.0)]
    [InlineData(1, 0.4, 4.0)]
    [InlineData(2, 0.25, 64.0)]
    public void Batch_gradient_matches_finite_differences_with_alpha_held_constant(int seed, double m, double gamma)
    {
        var rng = new Random(200 + seed);
        const int b = 7;
        const int d = 4;
        var labels = new[] { 0, 1, 0, 2, 1, 0, 3 };
        var e = Gaussian(rng, b * d);
        var baseSims = Cosines(e, b, d);

        double Frozen(double[] x)
        {
            var sims = Cosines(x, b, d);
            var total = 0.0;
            var count = 0;
            for (var a = 0; a < b; a++)
            {
                var lp = new List<double>();
                var ln = new List<double>();
                for (var j = 0; j < b; j++)
                {
                    if (j == a)
                    {
                        continue;
                    }

                    if (labels[j] == labels[a])
                    {
                        var alpha = Math.Max(1 + m - baseSims[a, j], 0);
                        lp.Add(-gamma * alpha * (sims[a, j] - (1 - m)));
                    }
                    else
                    {
                        var alpha = Math.Max(baseSims[a, j] + m, 0);
                        ln.Add(gamma * alpha * (sims[a, j] - m));
                    }
                }

                if (lp.Count == 0 || ln.Count == 0)
                {
                    continue;
                }

                var z = Lse(ln) + Lse(lp);
                total += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                count++;
            }

            return total / count;
        }

        var grad = new double[e.Length];
        var loss = CircleLoss.Batch<double>(e, labels, gamma, m, grad);
        Close(Frozen(e), loss, 1e-13, "loss");
        const double h = 1e-6;
        for (var i = 0; i < e.Length; i++)
        {
            var plus = (double[])e.Clone();
            var minus = (double[])e.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (Frozen(plus) - Frozen(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) < 1e-6 * Math.Max(1, Math.Abs(fd)), $"∂L/∂e[{i}]: finite difference {fd:R}, analytic {grad[i]:R}");
        }

        // Full derivative (α differentiated): finite differences of the loss itself.
        var full = new double[e.Length];
        CircleLoss.Batch<double>(e, labels, gamma, m, full, detachAlpha: false);
        for (var i = 0; i < e.Length; i++)
        {
            var plus = (double[])e.Clone();
            var minus = (double[])e.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (CircleLoss.Batch<double>(plus, labels, gamma, m, new double[e.Length]) - CircleLoss.Batch<double>(minus, labels, gamma, m, new double[e.Length])) / (2 * h);
            Assert.True(Math.Abs(fd - full[i]) < 1e-6 * Math.Max(1, Math.Abs(fd)), $"full ∂L/∂e[{i}]: finite difference {fd:R}, analytic {full[i]:R}");
        }
    }

    private static double Lse(List<double> v)
    {
        var max = v.Max();
        return max + Math.Log(v.Sum(x => Math.Exp(x - max)));
    }

    private static double[,] Cosines(double[] e, int b, int d)
    {
        var s = new double[b, b];
        for (var a = 0; a < b; a++)
        {
            for (var c = 0; c < b; c++)
            {
                double dot = 0, na = 0, nc = 0;
                for (var j = 0; j < d; j++)
                {
                    dot += e[(a * d) + j] * e[(c * d) + j];
                    na += e[(a * d) + j] * e[(a * d) + j];
                    nc += e[(c * d) + j] * e[(c * d) + j];
                }

                s[a, c] = dot / Math.Sqrt(na * nc);
            }
        }

        return s;
    }

    [Fact]
    public void Batch_edge_cases_singletons_zero_embeddings_and_shapes()
    {
        // Every label distinct: no anchor has a positive: 0 and 0.
        var e = Gaussian(new Random(1), 12);
        var grad = Enumerable.Repeat(5.0, 12).ToArray();
        Assert.Equal(0.0, CircleLoss.Batch<double>(e, new[] { 0, 1, 2, 3 }, 32, 0.25, grad));
        Assert.All(grad, g => Assert.Equal(0.0, g));

        // One class only: no negatives.
        Assert.Equal(0.0, CircleLoss.Batch<double>(e, new[] { 7, 7, 7, 7 }, 32, 0.25, grad));

        // A zero embedding: similarity 0 (F.normalize's ε), finite loss and gradient.
        var z = (double[])e.Clone();
        Array.Clear(z, 0, 3);
        var l = CircleLoss.Batch<double>(z, new[] { 0, 0, 1, 1 }, 32, 0.25, grad);
        Assert.True(double.IsFinite(l));
        Assert.All(grad, g => Assert.True(double.IsFinite(g)));

        Assert.Equal("embeddings", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Batch<double>(new double[7], new[] { 0, 1 }, 1, 0.25, new double[7])).ParamName);
        Assert.Equal("gradEmbeddings", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Batch<double>(new double[8], new[] { 0, 1 }, 1, 0.25, new double[6])).ParamName);
        Assert.Equal("workspace", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Batch<double>(new double[8], new[] { 0, 1 }, 1, 0.25, new double[8], new double[3])).ParamName);
    }

    [Fact]
    public void Batch_with_a_workspace_allocates_nothing()
    {
        var rng = new Random(8);
        const int b = 64;
        const int d = 32;
        var e = Gaussian(rng, b * d).Select(v => (float)v).ToArray();
        var labels = Labels(rng, b, 8);
        var grad = new float[e.Length];
        var work = new float[CircleLoss.BatchWorkspaceLength(b, d)];
        var sp = new float[3];
        var sn = new float[5];
        var gp = new float[3];
        var gn = new float[5];
        CircleLoss.Batch<float>(e, labels, 256f, 0.25f, grad, work);
        CircleLoss.Pairs<float>(sp, sn, 80f, 0.4f, gp, gn);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            CircleLoss.Batch<float>(e, labels, 256f, 0.25f, grad, work);
            CircleLoss.Pairs<float>(sp, sn, 80f, 0.4f, gp, gn);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ------------------------------------------------------------------ PairSimilarities

    [Fact]
    public void PairSimilarities_layout_forward_and_backward()
    {
        var rng = new Random(3);
        const int b = 9;
        const int d = 5;
        var labels = new[] { 2, 0, 2, 1, 0, 2, 5, 1, 0 };
        var e = Gaussian(rng, b * d);
        var (p, n) = PairSimilarities.Count(labels);
        Assert.Equal((3 * 2) + (3 * 2) + (2 * 1) + 0, p);
        Assert.Equal((b * (b - 1)) - p, n);
        var po = new int[b + 1];
        var no = new int[b + 1];
        PairSimilarities.Offsets(labels, po, no);
        Assert.Equal(p, po[b]);
        Assert.Equal(n, no[b]);

        var sp = new double[p];
        var sn = new double[n];
        var unit = new double[b * d];
        var norms = new double[b];
        PairSimilarities.Forward<double>(e, labels, sp, sn, unit, norms);
        var cos = Cosines(e, b, d);
        for (var a = 0; a < b; a++)
        {
            var pos = Enumerable.Range(0, b).Where(j => j != a && labels[j] == labels[a]).ToArray();
            var neg = Enumerable.Range(0, b).Where(j => labels[j] != labels[a]).ToArray();
            Assert.Equal(pos.Length, po[a + 1] - po[a]);
            Assert.Equal(neg.Length, no[a + 1] - no[a]);
            for (var t = 0; t < pos.Length; t++)
            {
                Close(cos[a, pos[t]], sp[po[a] + t], 1e-14, $"sp[{a}, {pos[t]}]");
            }

            for (var t = 0; t < neg.Length; t++)
            {
                Close(cos[a, neg[t]], sn[no[a] + t], 1e-14, $"sn[{a}, {neg[t]}]");
            }
        }

        // Backward of L = Σ wp·sp + Σ wn·sn, against finite differences.
        var wp = Uniform(rng, p, -1, 1);
        var wn = Uniform(rng, n, -1, 1);
        var grad = new double[b * d];
        PairSimilarities.Backward<double>(unit, norms, labels, wp, wn, grad);

        double F(double[] x)
        {
            var fsp = new double[p];
            var fsn = new double[n];
            PairSimilarities.Forward<double>(x, labels, fsp, fsn, new double[b * d], new double[b]);
            return fsp.Zip(wp, (s, w) => s * w).Sum() + fsn.Zip(wn, (s, w) => s * w).Sum();
        }

        const double h = 1e-6;
        for (var i = 0; i < e.Length; i++)
        {
            var plus = (double[])e.Clone();
            var minus = (double[])e.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (F(plus) - F(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) < 1e-7, $"∂L/∂e[{i}]: finite difference {fd:R}, analytic {grad[i]:R}");
        }

        // Huge embeddings (‖e‖² overflows float) still normalise.
        var huge = e.Select(v => (float)(v * 1e30)).ToArray();
        var hsp = new float[p];
        var hsn = new float[n];
        PairSimilarities.Forward<float>(huge, labels, hsp, hsn, new float[b * d], new float[b]);
        for (var t = 0; t < p; t++)
        {
            Assert.True(Math.Abs(hsp[t] - sp[t]) < 1e-5, $"huge sp[{t}] {hsp[t]} vs {sp[t]}");
        }
    }
}
