using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static PairwiseLoss.Tests.Shared.TopK.CircleCases;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.TopK;

/// <summary>
/// Circle Loss against an independent TorchSharp implementation written from the paper (Sun et al., CVPR 2020, eq. 4)
/// with <c>.detach()</c> on α, as in the paper's reference code and pytorch-metric-learning.
/// </summary>
public sealed class CircleLossTorchTests
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

    // ------------------------------------------------------------------ against TorchSharp

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
                var ours = CircleLoss.Pairs<double>(sp, sn, gamma, m, gradSp, gradSn, fullGradient: !detach);
                Close(loss, ours, 1e-12, $"loss (detach {detach})");
                Close(loss, CircleLoss.Pairs<double>(sp, sn, gamma, m), 1e-12, "forward only");
                AllClose(gp, gradSp, 1e-11, $"∂L/∂sp (detach {detach})");
                AllClose(gn, gradSn, 1e-11, $"∂L/∂sn (detach {detach})");
            }
        }
    }

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
            var l = CircleLoss.Batch<double>(e, labels, gamma, m, ours, work, fullGradient: !detach);
            Close(loss, l, 1e-12, $"loss (detach {detach})");
            AllClose(grad, ours, 1e-10, $"∂L/∂e (detach {detach})");
            Close(l, CircleLoss.Batch<double>(e, labels, gamma, m, new double[e.Length], fullGradient: !detach), 1e-15, "pooled overload");
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
}
