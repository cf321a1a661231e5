using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static PairwiseLoss.Tests.Shared.TopK.CircleCases;

namespace PairwiseLoss.Runtime.Tests.TopK;

/// <summary>
/// Circle Loss (Sun et al., CVPR 2020): finite differences in double, edge cases, the pair layout, agreement with the
/// generated catalogue loss. The comparisons with TorchSharp autograd are in PairwiseLoss.TorchSharp.Tests (CircleLossTorchTests).
/// </summary>
public sealed class CircleLossTests
{
    // ------------------------------------------------------------------ per anchor

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
        CircleLoss.Batch<double>(e, labels, gamma, m, full, fullGradient: true);
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
        Assert.Equal("workspace", Assert.ThrowsAny<ArgumentException>(() => CircleLoss.Batch<double>(new double[8], new[] { 0, 1 }, 1, 0.25, new double[8], new double[3], fullGradient: false)).ParamName);
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
        CircleLoss.Batch<float>(e, labels, 256f, 0.25f, grad, work, fullGradient: false);
        CircleLoss.Pairs<float>(sp, sn, 80f, 0.4f, gp, gn);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            CircleLoss.Batch<float>(e, labels, 256f, 0.25f, grad, work, fullGradient: false);
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
