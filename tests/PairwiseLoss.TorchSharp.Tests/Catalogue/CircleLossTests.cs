using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Catalogue;

/// <summary>
/// <see cref="Losses.CircleLoss(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, Span{double}, Span{double})"/>
/// against an explicit double sum over every (negative, positive) pair and against TorchSharp autograd with the
/// self-paced weights detached (as TinyZeaMays/CircleLoss and pytorch-metric-learning do).
/// </summary>
public sealed class CircleLossTests
{
    public static IEnumerable<object[]> Settings =>
        from setting in new[] { (Gamma: 0.0, Margin: 0.0), (256, 0.25), (128, 0.25), (80, 0.4) }
        from isFloat in new[] { false, true }
        select new object[] { setting.Gamma, setting.Margin, isFloat };

    /// <summary>
    /// z_np = γ(α_n(s_n − m) − α_p(s_p − 1 + m)), α_p = [1 + m − s_p]₊, α_n = [s_n + m]₊ (constants in the backward);
    /// L = log(1 + Σ_n Σ_p e^{z_np}); ∂s_n += γα_n p_np, ∂s_p −= γα_p p_np.
    /// </summary>
    private static RefResult Reference(double[] sp, double[] sn, double gamma, double margin)
    {
        var terms = new List<(int N, int P, double Z)>();
        for (var n = 0; n < sn.Length; n++)
        {
            for (var p = 0; p < sp.Length; p++)
            {
                if (double.IsNegativeInfinity(sn[n]) || double.IsNegativeInfinity(sp[p]))
                {
                    continue;
                }

                var alphaN = Math.Max(0, sn[n] + margin);
                var alphaP = Math.Max(0, 1 + margin - sp[p]);
                terms.Add((n, p, gamma * ((alphaN * (sn[n] - margin)) - (alphaP * (sp[p] - 1 + margin)))));
            }
        }

        var m = Math.Max(0, terms.Select(t => t.Z).DefaultIfEmpty(0).Max());
        var sum = Math.Exp(-m) + terms.Sum(t => Math.Exp(t.Z - m));
        var gp = new double[sp.Length];
        var gn = new double[sn.Length];
        foreach (var (n, p, z) in terms)
        {
            var probability = Math.Exp(z - m) / sum;
            gn[n] += gamma * Math.Max(0, sn[n] + margin) * probability;
            gp[p] -= gamma * Math.Max(0, 1 + margin - sp[p]) * probability;
        }

        return new RefResult(m + Math.Log(sum), new[] { gp, gn });
    }

    private static RefResult Call(double[] sp, double[] sn, double gamma, double margin, bool isFloat)
    {
        if (isFloat)
        {
            var gp = Enumerable.Repeat(float.NaN, sp.Length).ToArray();
            var gn = Enumerable.Repeat(float.NaN, sn.Length).ToArray();
            var loss = Losses.CircleLoss(Precision.ToFloat(sp), Precision.ToFloat(sn), (float)gamma, (float)margin, gp, gn);
            return new RefResult(loss, new[] { Precision.ToDouble(gp), Precision.ToDouble(gn) });
        }
        else
        {
            var gp = Enumerable.Repeat(double.NaN, sp.Length).ToArray();
            var gn = Enumerable.Repeat(double.NaN, sn.Length).ToArray();
            var loss = Losses.CircleLoss(sp, sn, gamma, margin, gp, gn);
            return new RefResult(loss, new[] { gp, gn });
        }
    }

    private static RefResult Torch(double[] sp, double[] sn, double gamma, double margin, bool isFloat)
    {
        using var scope = torch.NewDisposeScope();
        var dtype = isFloat ? ScalarType.Float32 : ScalarType.Float64;
        var p = torch.tensor(sp, dtype).requires_grad_(true);
        var n = torch.tensor(sn, dtype).requires_grad_(true);
        var alphaP = (1 + margin - p.detach()).clamp_min(0);
        var alphaN = (n.detach() + margin).clamp_min(0);
        var logitP = -gamma * alphaP * (p - (1 - margin));
        var logitN = gamma * alphaN * (n - margin);
        var loss = nn.functional.softplus(logitN.logsumexp(0) + logitP.logsumexp(0));
        loss.backward();
        double[] Grad(Tensor x) => isFloat ? x.grad!.data<float>().ToArray().Select(v => (double)v).ToArray() : x.grad!.data<double>().ToArray();
        return new RefResult(isFloat ? loss.item<float>() : loss.item<double>(), new[] { Grad(p), Grad(n) });
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void MatchesReferenceAndAutograd(double gamma, double margin, bool isFloat)
    {
        var rng = new Random((int)gamma + (isFloat ? 1000 : 0));
        foreach (var (positives, negatives) in new[] { (1, 1), (1, 5), (4, 17), (17, 64), (64, 3) })
        {
            var g = gamma == 0 ? RandomDeclarations.RandomGamma(rng) : gamma;
            var m = gamma == 0 ? RandomDeclarations.Round(RandomDeclarations.Uniform(rng, 0, 0.5)) : margin;
            var sp = Enumerable.Range(0, positives).Select(_ => RandomDeclarations.Uniform(rng, -1, 1)).ToArray();
            var sn = Enumerable.Range(0, negatives).Select(_ => RandomDeclarations.Uniform(rng, -1, 1)).ToArray();
            if (isFloat)
            {
                sp = sp.Select(x => (double)(float)x).ToArray();
                sn = sn.Select(x => (double)(float)x).ToArray();
                g = (float)g;
                m = (float)m;
            }

            var actual = Call(sp, sn, g, m, isFloat);
            var what = $"circle γ={g} m={m} {(isFloat ? "float" : "double")} sp=[{Check.Join(sp)}] sn=[{Check.Join(sn)}]";
            var reference = Reference(sp, sn, g, m);
            var tolerance = isFloat ? Check.FloatTolerance : Check.DoubleTolerance;
            Check.Close(reference.Loss, actual.Loss, tolerance, "reference, " + what);
            Check.Close(reference.Gradients, actual.Gradients, tolerance, g, "reference, " + what);
            var autograd = Torch(sp, sn, g, m, isFloat);
            // Float against float: both round logits of size ~γ(1 + m), so the tolerance grows with γ past 16.
            var torchTolerance = isFloat ? 1e-5 * Math.Max(1, g / 16) : 1e-10;
            Check.Close(autograd.Loss, actual.Loss, torchTolerance, "torch, " + what);
            Check.Close(autograd.Gradients, actual.Gradients, torchTolerance, g, "torch, " + what);
        }
    }

    /// <summary>Masked similarities (−inf) drop out: the same as removing them; their gradients are 0.</summary>
    [Fact]
    public void NegativeInfinityDropsOut()
    {
        var rng = new Random(3);
        var sp = Enumerable.Range(0, 6).Select(_ => RandomDeclarations.Uniform(rng, -1, 1)).ToArray();
        var sn = Enumerable.Range(0, 9).Select(_ => RandomDeclarations.Uniform(rng, -1, 1)).ToArray();
        var maskedP = sp.Select((x, i) => i % 3 == 0 ? double.NegativeInfinity : x).ToArray();
        var maskedN = sn.Select((x, i) => i % 2 == 0 ? double.NegativeInfinity : x).ToArray();
        var masked = Call(maskedP, maskedN, 80, 0.4, false);
        var removed = Call(sp.Where((_, i) => i % 3 != 0).ToArray(), sn.Where((_, i) => i % 2 != 0).ToArray(), 80, 0.4, false);
        Check.Close(removed.Loss, masked.Loss, 1e-13, "masked circle loss");
        Check.Close(new[] { removed.Gradients[0], removed.Gradients[1] }, new[] { masked.Gradients[0].Where((_, i) => i % 3 != 0).ToArray(), masked.Gradients[1].Where((_, i) => i % 2 != 0).ToArray() }, 1e-13, 80, "masked circle gradient");
        Assert.All(masked.Gradients[0].Where((_, i) => i % 3 == 0), g => Assert.Equal(0.0, g));
        Assert.All(masked.Gradients[1].Where((_, i) => i % 2 == 0), g => Assert.Equal(0.0, g));
        Assert.Equal(0.0, Call(new[] { double.NegativeInfinity }, sn, 80, 0.4, false).Loss);
    }
}
