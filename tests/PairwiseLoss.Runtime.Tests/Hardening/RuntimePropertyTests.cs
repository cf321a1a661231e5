using System;
using System.Linq;
using CsCheck;
using Xunit;
using Xunit.Abstractions;
using PairwiseLoss.Tests.Shared.Hardening;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// CsCheck properties over every public runtime entry point outside the generated catalogue: <see cref="CircleLoss"/>
/// (and the generated <c>Losses.CircleLoss</c> it must agree with), <see cref="PairSimilarities"/>,
/// <see cref="ClassTerms"/> (and the <c>Losses.TasksOfClasses*</c> that call it) and <see cref="TopKSoftmax"/>.
/// The promises of SPEC §3, for each: finite inputs of any size give a finite loss or its limit, never NaN; an empty
/// side gives exactly 0 loss and 0 gradient; −∞ is absent (it changes nothing and gets gradient 0); NaN in gives NaN
/// out; and the gradient is the derivative (central finite differences in double).
/// </summary>
[Trait("Category", "Property")]
public sealed class RuntimePropertyTests
{
    private const long Iterations = 4_000;
    private readonly ITestOutputHelper _output;

    public RuntimePropertyTests(ITestOutputHelper output) => _output = output;

    // ---- generators -------------------------------------------------------------------------------------------

    /// <summary>Finite values of every size (float's and double's extremes included) and −∞.</summary>
    private static readonly Gen<double> Extreme = Gen.Frequency(
        (30, Gen.Double[-2, 2]),
        (10, Gen.Const(double.NegativeInfinity)),
        (10, Gen.OneOf(1e29, -1e29, 1e30, -1e30, 1e4, -1e4, 1e38, -1e38, (double)float.MaxValue, -(double)float.MaxValue)),
        (5, Gen.OneOf(1e150, -1e150, 1e300, -1e300, double.MaxValue, -double.MaxValue)),
        (10, Gen.Double[-1e30, 1e30]),
        (5, Gen.OneOf(0.0, 1.0, -1.0, 0.25, 0.75)));

    /// <summary>Values for finite differences: moderate, with −∞ (absent).</summary>
    private static readonly Gen<double> Smooth = Gen.Frequency((85, Gen.Double[-2, 2]), (15, Gen.Const(double.NegativeInfinity)));

    private static readonly Gen<double> Gamma = Gen.Frequency((6, Gen.Double[0.1, 256]), (2, Gen.OneOf(1.0, 32.0, 80.0, 128.0, 256.0)));

    private static readonly Gen<double> Margin = Gen.Double[-0.5, 0.75];

    private static float F(double x) => (float)x; // ±1e300 become ±∞ in float: those are tested as such below

    private static float[] F(double[] x) => x.Select(v => double.IsFinite(v) && Math.Abs(v) > float.MaxValue ? Math.Sign(v) * float.MaxValue : (float)v).ToArray();

    private void Check<T>(string name, Gen<T> gen, Action<T> property, Func<T, string> print, long iterations = Iterations) =>
        PropertyRun.Check(_output, "3-runtime-" + name, name, gen, property, print, iterations);

    private static string Show(double[] x) => "[" + string.Join(", ", x.Select(v => v.ToString("R"))) + "]";

    private static string Show(float[] x) => "[" + string.Join(", ", x.Select(v => v.ToString("R"))) + "]";

    private static bool Close(double a, double b, double relative) =>
        a.Equals(b) || Math.Abs(a - b) <= relative * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    // ---- CircleLoss.Pairs and Losses.CircleLoss ----------------------------------------------------------------

    private sealed record Anchor(double[] Sp, double[] Sn, double Gamma, double Margin, bool Full)
    {
        public override string ToString() => $"sp={Show(Sp)} sn={Show(Sn)} γ={Gamma:R} m={Margin:R} full={Full}";
    }

    private static Gen<Anchor> Anchors(Gen<double> value, int max = 5) =>
        from sp in value.Array[0, max]
        from sn in value.Array[0, max]
        from gamma in Gamma
        from margin in Margin
        from full in Gen.Bool
        select new Anchor(sp, sn, gamma, margin, full);

    private static (double Loss, double[] Sp, double[] Sn) Pairs(Anchor a)
    {
        var gp = new double[a.Sp.Length];
        var gn = new double[a.Sn.Length];
        var loss = CircleLoss.Pairs<double>(a.Sp, a.Sn, a.Gamma, a.Margin, gp, gn, a.Full);
        return (loss, gp, gn);
    }

    [Fact]
    public void CirclePairsNeverGivesNaNForFiniteOrAbsentSimilaritiesAndAgreesWithTheGeneratedLoss()
    {
        Check("circle-pairs-no-nan-matches-generated", Anchors(Extreme), a =>
        {
            var (loss, gp, gn) = Pairs(a);
            Assert.True(!double.IsNaN(loss) && loss >= 0, $"loss {loss} for {a}");
            Assert.True(!gp.Any(double.IsNaN) && !gn.Any(double.IsNaN), $"gradient {Show(gp)} {Show(gn)} for {a}");
            Assert.True(Close(loss, CircleLoss.Pairs<double>(a.Sp, a.Sn, a.Gamma, a.Margin), 1e-13), $"forward only differs for {a}");
            if (!a.Full)
            {
                var lp = new double[a.Sp.Length];
                var ln = new double[a.Sn.Length];
                var generated = Losses.CircleLoss(a.Sp, a.Sn, a.Gamma, a.Margin, lp, ln);
                Assert.True(Close(loss, generated, 1e-13), $"runtime {loss:R}, generated {generated:R} for {a}");
                for (var i = 0; i < gp.Length; i++)
                {
                    Assert.True(Close(gp[i], lp[i], 1e-12), $"∂L/∂sp{i}: runtime {gp[i]:R}, generated {lp[i]:R} for {a}");
                }

                for (var i = 0; i < gn.Length; i++)
                {
                    Assert.True(Close(gn[i], ln[i], 1e-12), $"∂L/∂sn{i}: runtime {gn[i]:R}, generated {ln[i]:R} for {a}");
                }
            }

            // float: the same inputs clamped to float's range (finite stays finite).
            var sp = F(a.Sp);
            var sn = F(a.Sn);
            var fp = new float[sp.Length];
            var fn = new float[sn.Length];
            var lf = CircleLoss.Pairs<float>(sp, sn, F(a.Gamma), F(a.Margin), fp, fn, a.Full);
            Assert.True(!float.IsNaN(lf) && lf >= 0, $"float loss {lf} for {a}");
            Assert.True(!fp.Any(float.IsNaN) && !fn.Any(float.IsNaN), $"float gradient {Show(fp)} {Show(fn)} for {a}");
            Assert.False(float.IsNaN(CircleLoss.Pairs<float>(sp, sn, F(a.Gamma), F(a.Margin))), $"float forward only NaN for {a}");
            var gl = Losses.CircleLoss(sp, sn, F(a.Gamma), F(a.Margin), new float[sp.Length], new float[sn.Length]);
            Assert.False(float.IsNaN(gl), $"generated float NaN for {a}");
        }, a => a.ToString());
    }

    [Fact]
    public void CirclePairsWithAnEmptySideIsExactlyZero()
    {
        var gen = from a in Anchors(Extreme)
                  from emptySp in Gen.Bool
                  from masked in Gen.Int[0, 3]
                  let empty = Enumerable.Repeat(double.NegativeInfinity, masked).ToArray()
                  select emptySp ? a with { Sp = empty } : a with { Sn = empty };
        Check("circle-pairs-empty-side-zero", gen, a =>
        {
            var (loss, gp, gn) = Pairs(a);
            Assert.True(loss == 0 && gp.All(g => g == 0) && gn.All(g => g == 0), $"loss {loss}, gradient {Show(gp)} {Show(gn)} for {a}");
            Assert.Equal(0.0, CircleLoss.Pairs<double>(a.Sp, a.Sn, a.Gamma, a.Margin));
            var sp = F(a.Sp);
            var sn = F(a.Sn);
            var fp = new float[sp.Length];
            var fn = new float[sn.Length];
            var lf = CircleLoss.Pairs<float>(sp, sn, F(a.Gamma), F(a.Margin), fp, fn, a.Full);
            Assert.True(lf == 0 && fp.All(g => g == 0) && fn.All(g => g == 0), $"float loss {lf}, gradient {Show(fp)} {Show(fn)} for {a}");
            Assert.Equal(0f, CircleLoss.Pairs<float>(sp, sn, F(a.Gamma), F(a.Margin)));
        }, a => a.ToString());
    }

    [Fact]
    public void CirclePairsTreatsMinusInfinityAsAbsentAndPropagatesNaN()
    {
        var gen = from a in Anchors(Gen.Double[-1, 1])
                  from onSp in Gen.Bool
                  from nan in Gen.Bool
                  select (a, onSp, nan);
        Check("circle-pairs-absent-and-nan", gen, t =>
        {
            var (a, onSp, nan) = t;
            var extra = nan ? double.NaN : double.NegativeInfinity;
            var b = onSp ? a with { Sp = a.Sp.Append(extra).ToArray() } : a with { Sn = a.Sn.Append(extra).ToArray() };
            var (loss, gp, gn) = Pairs(a);
            var (lossB, gpB, gnB) = Pairs(b);
            if (nan)
            {
                Assert.True(double.IsNaN(lossB), $"NaN similarity gave loss {lossB} for {b}");
                Assert.True(double.IsNaN(onSp ? gpB[^1] : gnB[^1]), $"NaN similarity gave gradient {Show(gpB)} {Show(gnB)} for {b}");
                Assert.True(double.IsNaN(CircleLoss.Pairs<double>(b.Sp, b.Sn, b.Gamma, b.Margin)), $"forward only not NaN for {b}");
                return;
            }

            Assert.Equal(loss, lossB);
            Assert.Equal(0.0, onSp ? gpB[^1] : gnB[^1]);
            Assert.Equal(gp, onSp ? gpB[..^1] : gpB);
            Assert.Equal(gn, onSp ? gnB : gnB[..^1]);
        }, t => $"{t.a} onSp={t.onSp} nan={t.nan}");
    }

    [Fact]
    public void CirclePairsFullGradientMatchesCentralFiniteDifferences()
    {
        Check("circle-pairs-full-gradient-fd", Anchors(Smooth), raw =>
        {
            var a = raw with { Full = true, Gamma = Math.Min(raw.Gamma, 64) };
            var (_, gp, gn) = Pairs(a);
            double F0(double[] sp, double[] sn) => CircleLoss.Pairs<double>(sp, sn, a.Gamma, a.Margin);
            CheckFiniteDifferences(a.Sp, gp, x => F0(x, a.Sn), a.Gamma, a.ToString(), kinks: s => new[] { 1 + a.Margin });
            CheckFiniteDifferences(a.Sn, gn, x => F0(a.Sp, x), a.Gamma, a.ToString(), kinks: s => new[] { -a.Margin });
        }, a => a.ToString());
    }

    // ---- CircleLoss.Batch and PairSimilarities -----------------------------------------------------------------

    private sealed record Embeddings(double[] Values, int[] Labels, double Gamma, double Margin, bool Full)
    {
        public int Dimension => Labels.Length == 0 ? 0 : Values.Length / Labels.Length;

        public override string ToString() => $"e={Show(Values)} labels=[{string.Join(", ", Labels)}] γ={Gamma:R} m={Margin:R} full={Full}";
    }

    private static readonly Gen<double> FiniteExtreme = Extreme.Where(double.IsFinite);

    private static Gen<Embeddings> EmbeddingBatches(Gen<double> value) =>
        from b in Gen.Int[0, 6]
        from d in Gen.Int[1, 3]
        from values in value.Array[b * d]
        from labels in Gen.Int[0, 2].Array[b]
        from gamma in Gamma
        from margin in Margin
        from full in Gen.Bool
        select new Embeddings(values, labels, gamma, margin, full);

    private static int Anchored(int[] labels) =>
        labels.Count(l => labels.Count(m => m == l) is var same && same > 1 && same < labels.Length);

    [Fact]
    public void CircleBatchIsFiniteForFiniteEmbeddingsOfAnySizeAndZeroWithoutAnchors()
    {
        Check("circle-batch-finite-empty-zero", EmbeddingBatches(FiniteExtreme), x =>
        {
            var grad = new double[x.Values.Length];
            var loss = CircleLoss.Batch<double>(x.Values, x.Labels, x.Gamma, x.Margin, grad, x.Full);
            Assert.True(double.IsFinite(loss) && loss >= 0, $"loss {loss} for {x}");
            Assert.True(grad.All(double.IsFinite), $"gradient {Show(grad)} for {x}");
            var work = new double[CircleLoss.BatchWorkspaceLength(x.Labels.Length, x.Dimension)];
            var grad2 = new double[x.Values.Length];
            Assert.Equal(loss, CircleLoss.Batch<double>(x.Values, x.Labels, x.Gamma, x.Margin, grad2, work, x.Full));
            Assert.Equal(grad, grad2);
            if (Anchored(x.Labels) == 0)
            {
                Assert.True(loss == 0 && grad.All(g => g == 0), $"no anchor with both sides: loss {loss}, gradient {Show(grad)} for {x}");
            }

            var gf = new float[x.Values.Length];
            var lf = CircleLoss.Batch<float>(F(x.Values), x.Labels, F(x.Gamma), F(x.Margin), gf, x.Full);
            Assert.True(float.IsFinite(lf) && lf >= 0, $"float loss {lf} for {x}");
            Assert.True(gf.All(float.IsFinite), $"float gradient {Show(gf)} for {x}");
        }, x => x.ToString());
    }

    [Fact]
    public void CircleBatchPropagatesNaN()
    {
        var gen = from x in EmbeddingBatches(Gen.Double[-2, 2])
                  where x.Values.Length > 0
                  from at in Gen.Int[0, x.Values.Length - 1]
                  select (x, at);
        Check("circle-batch-nan", gen, t =>
        {
            var values = (double[])t.x.Values.Clone();
            values[t.at] = double.NaN;
            var grad = new double[values.Length];
            var loss = CircleLoss.Batch<double>(values, t.x.Labels, t.x.Gamma, t.x.Margin, grad, t.x.Full);
            // Every counted anchor compares itself with every other sample, so the NaN sample is always used.
            Assert.True(Anchored(t.x.Labels) == 0 ? loss == 0 : double.IsNaN(loss), $"loss {loss} with a NaN at {t.at} for {t.x}");
        }, t => $"{t.x} nanAt={t.at}");
    }

    [Fact]
    public void CircleBatchFullGradientMatchesCentralFiniteDifferences()
    {
        Check("circle-batch-full-gradient-fd", EmbeddingBatches(Gen.Double[-2, 2]), raw =>
        {
            var x = raw with { Full = true, Gamma = Math.Min(raw.Gamma, 16) };
            if (Enumerable.Range(0, x.Labels.Length).Any(a => Math.Sqrt(x.Values.Skip(a * x.Dimension).Take(x.Dimension).Sum(v => v * v)) < 1e-2))
            {
                return; // u = e / max(‖e‖, ε) has a kink where ‖e‖ = ε: a zero embedding is not differentiable there
            }

            var (np, nn) = PairSimilarities.Count(x.Labels);
            var (sp, sn) = (new double[np], new double[nn]);
            PairSimilarities.Forward<double>(x.Values, x.Labels, sp, sn, new double[x.Values.Length], new double[x.Labels.Length]);
            if (sp.Any(v => Math.Abs(v - (1 + x.Margin)) < 1e-3) || sn.Any(v => Math.Abs(v + x.Margin) < 1e-3))
            {
                return; // α_p = [1 + m − s_p]₊ and α_n = [s_n + m]₊ have kinks there
            }

            var grad = new double[x.Values.Length];
            CircleLoss.Batch<double>(x.Values, x.Labels, x.Gamma, x.Margin, grad, fullGradient: true);
            CheckFiniteDifferences(x.Values, grad, v => CircleLoss.Batch<double>(v, x.Labels, x.Gamma, x.Margin, new double[v.Length], fullGradient: true), x.Gamma, x.ToString(), kinks: null, tolerance: 1e-4);
        }, x => x.ToString());
    }

    [Fact]
    public void PairSimilaritiesAreBoundedForAnyFiniteEmbeddingAndTheirBackwardIsTheDerivative()
    {
        var gen = from x in EmbeddingBatches(FiniteExtreme)
                  from seed in Gen.Int
                  select (x, seed);
        Check("pair-similarities-bounded", gen, t =>
        {
            var x = t.x;
            var (p, n) = PairSimilarities.Count(x.Labels);
            var po = new int[x.Labels.Length + 1];
            var no = new int[x.Labels.Length + 1];
            PairSimilarities.Offsets(x.Labels, po, no);
            Assert.Equal(p, po[^1]);
            Assert.Equal(n, no[^1]);
            var positives = new double[p];
            var negatives = new double[n];
            var unit = new double[x.Values.Length];
            var norms = new double[x.Labels.Length];
            PairSimilarities.Forward<double>(x.Values, x.Labels, positives, negatives, unit, norms);
            Assert.True(positives.Concat(negatives).All(s => Math.Abs(s) <= 1 + 1e-12), $"similarities {Show(positives)} {Show(negatives)} for {x}");
            var random = new Random(t.seed);
            var gp = Enumerable.Range(0, p).Select(_ => random.NextDouble() - 0.5).ToArray();
            var gn = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var grad = new double[x.Values.Length];
            PairSimilarities.Backward<double>(unit, norms, x.Labels, gp, gn, grad);
            Assert.True(grad.All(double.IsFinite), $"gradient {Show(grad)} for {x}");
            if (x.Values.All(v => Math.Abs(v) <= 4) && norms.All(v => v > 0.1)) // h = 1e-5 must be small against every norm
            {
                double Linear(double[] v)
                {
                    var sp = new double[p];
                    var sn = new double[n];
                    PairSimilarities.Forward<double>(v, x.Labels, sp, sn, new double[v.Length], new double[x.Labels.Length]);
                    return sp.Zip(gp, (s, g) => s * g).Sum() + sn.Zip(gn, (s, g) => s * g).Sum();
                }

                CheckFiniteDifferences(x.Values, grad, Linear, 1, x.ToString(), kinks: null, tolerance: 1e-5);
            }

            var withNaN = (double[])x.Values.Clone();
            if (withNaN.Length > 0 && p + n > 0)
            {
                withNaN[0] = double.NaN;
                PairSimilarities.Forward<double>(withNaN, x.Labels, positives, negatives, unit, norms);
                Assert.Contains(positives.Concat(negatives), double.IsNaN); // sample 0's similarities are NaN
            }
        }, t => t.x.ToString());
    }

    // ---- ClassTerms and Losses.TasksOfClasses* -----------------------------------------------------------------

    private sealed record Grid(double[] Scores, double[] Labels, int Classes, bool Soft, bool Mean, double Gamma, double Margin)
    {
        public int Rows => Scores.Length / Classes;

        public override string ToString() => $"scores={Show(Scores)} labels={Show(Labels)} classes={Classes} soft={Soft} mean={Mean} γ={Gamma:R} m={Margin:R}";
    }

    private static Gen<Grid> Grids(Gen<double> value) =>
        from classes in Gen.Int[1, 5]
        from rows in Gen.Int[0, 4]
        from scores in value.Array[rows * classes]
        from soft in Gen.Bool
        from labels in (soft ? Gen.Frequency((3, Gen.Double[0, 1]), (2, Gen.OneOf(0.0, 1.0))) : Gen.OneOf(0.0, 1.0)).Array[rows * classes]
        from mean in Gen.Bool
        from gamma in Gamma
        from margin in Gen.Double[-1, 1]
        select new Grid(scores, labels, classes, soft, mean, gamma, margin);

    private static double ClassTermsLoss(Grid x, double[] scores, double[]? gradient)
    {
        var g = gradient ?? Span<double>.Empty.ToArray();
        return (x.Soft, x.Mean) switch
        {
            (true, false) => ClassTerms.OthersBelowPositive<double>(scores, x.Labels, x.Classes, x.Gamma, x.Margin, g),
            (true, true) => ClassTerms.MeanBelowPositive<double>(scores, x.Labels, x.Classes, x.Gamma, x.Margin, g),
            (false, false) => ClassTerms.OthersBelowPositive<double>(scores, x.Labels.Select(t => t > 0).ToArray(), x.Classes, x.Gamma, x.Margin, g),
            _ => ClassTerms.MeanBelowPositive<double>(scores, x.Labels.Select(t => t > 0).ToArray(), x.Classes, x.Gamma, x.Margin, g),
        };
    }

    private static float ClassTermsLoss(Grid x, float[] scores, float[] gradient)
    {
        var labels = x.Labels.Select(t => (float)t).ToArray();
        var hard = x.Labels.Select(t => t > 0).ToArray();
        return (x.Soft, x.Mean) switch
        {
            (true, false) => Losses.TasksOfClassesLoss(scores, labels, x.Classes, F(x.Gamma), F(x.Margin), gradient),
            (true, true) => Losses.TasksOfClassesMeanLoss(scores, labels, x.Classes, F(x.Gamma), F(x.Margin), gradient),
            (false, false) => Losses.TasksOfClassesLoss(scores, hard, x.Classes, F(x.Gamma), F(x.Margin), gradient),
            _ => Losses.TasksOfClassesMeanLoss(scores, hard, x.Classes, F(x.Gamma), F(x.Margin), gradient),
        };
    }

    /// <summary>
    /// Independent reference (direct sums in log space, −∞ dropped): eq. loss-1
    /// <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij e^{γ(s_ik − s_ij + m)})</c> or eq. loss-3 <c>Σ_j log(1 + Σ_i t_ij e^{γ(s̄_i − s_ij + m)})</c>.
    /// </summary>
    private static double ClassTermsReference(Grid x)
    {
        var total = 0.0;
        for (var j = 0; j < x.Classes; j++)
        {
            var logits = new System.Collections.Generic.List<double> { 0.0 };
            for (var i = 0; i < x.Rows; i++)
            {
                var row = x.Scores.Skip(i * x.Classes).Take(x.Classes).ToArray();
                var t = x.Soft ? x.Labels[(i * x.Classes) + j] : (x.Labels[(i * x.Classes) + j] > 0 ? 1 : 0);
                if (t == 0 || double.IsNegativeInfinity(row[j]))
                {
                    continue;
                }

                if (x.Mean)
                {
                    var present = row.Where(s => !double.IsNegativeInfinity(s)).ToArray();
                    logits.Add(Math.Log(t) + (x.Gamma * (present.Average() - row[j] + x.Margin)));
                }
                else
                {
                    for (var k = 0; k < x.Classes; k++)
                    {
                        if (k != j && !double.IsNegativeInfinity(row[k]))
                        {
                            logits.Add(Math.Log(t) + (x.Gamma * (row[k] - row[j] + x.Margin)));
                        }
                    }
                }
            }

            var max = logits.Max();
            total += max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
        }

        return total;
    }

    [Fact]
    public void ClassTermsNeverGiveNaNForFiniteOrAbsentScores()
    {
        Check("class-terms-no-nan", Grids(Extreme), x =>
        {
            var grad = new double[x.Scores.Length];
            var loss = ClassTermsLoss(x, x.Scores, grad);
            Assert.True(!double.IsNaN(loss) && loss >= 0, $"loss {loss} for {x}");
            Assert.True(!grad.Any(double.IsNaN), $"gradient {Show(grad)} for {x}");
            Assert.True(Close(loss, ClassTermsLoss(x, x.Scores, null), 1e-13), $"forward only differs for {x}");
            for (var i = 0; i < grad.Length; i++)
            {
                Assert.True(!double.IsNegativeInfinity(x.Scores[i]) || grad[i] == 0, $"absent s{i} has gradient {grad[i]} for {x}");
            }

            var scores = F(x.Scores);
            var gf = new float[scores.Length];
            var lf = ClassTermsLoss(x, scores, gf);
            Assert.True(!float.IsNaN(lf) && lf >= 0, $"float loss {lf} for {x}");
            Assert.True(!gf.Any(float.IsNaN), $"float gradient {Show(gf)} for {x}");
        }, x => x.ToString());
    }

    [Fact]
    public void ClassTermsMatchTheReferenceAndAreZeroWithoutPositivesOrScores()
    {
        Check("class-terms-reference-empty-zero", Grids(Smooth), x =>
        {
            var grad = new double[x.Scores.Length];
            var loss = ClassTermsLoss(x, x.Scores, grad);
            var expected = ClassTermsReference(x);
            Assert.True(Close(loss, expected, 1e-10), $"loss {loss:R}, reference {expected:R} for {x}");

            var none = x with { Labels = new double[x.Labels.Length] };
            var g0 = new double[x.Scores.Length];
            var l0 = ClassTermsLoss(none, x.Scores, g0);
            Assert.True(l0 == 0 && g0.All(g => g == 0), $"no positives: loss {l0}, gradient {Show(g0)} for {x}");

            var masked = Enumerable.Repeat(double.NegativeInfinity, x.Scores.Length).ToArray();
            var lm = ClassTermsLoss(x, masked, g0);
            Assert.True(lm == 0 && g0.All(g => g == 0), $"all absent: loss {lm}, gradient {Show(g0)} for {x}");
        }, x => x.ToString());
    }

    [Fact]
    public void ClassTermsPropagateNaNAndMatchFiniteDifferences()
    {
        Check("class-terms-nan-fd", Grids(Smooth), raw =>
        {
            var x = raw with { Gamma = Math.Min(raw.Gamma, 16) };
            var grad = new double[x.Scores.Length];
            ClassTermsLoss(x, x.Scores, grad);
            CheckFiniteDifferences(x.Scores, grad, s => ClassTermsLoss(x, s, null), x.Gamma, x.ToString(), kinks: null, tolerance: 1e-5);
            if (x.Scores.Length > 0)
            {
                var withNaN = (double[])x.Scores.Clone();
                withNaN[^1] = double.NaN;
                var g = new double[withNaN.Length];
                Assert.True(double.IsNaN(ClassTermsLoss(x, withNaN, g)) && g.All(double.IsNaN), $"NaN score: gradient {Show(g)} for {x}");
            }
        }, x => x.ToString());
    }

    // ---- TopKSoftmax -------------------------------------------------------------------------------------------

    private sealed record TopKRow(double[] Scores, int[] Targets, bool Padded)
    {
        public override string ToString() => $"scores={Show(Scores)} targets=[{string.Join(", ", Targets)}] padded={Padded}";
    }

    private static Gen<TopKRow> TopKRows(Gen<double> value) =>
        from padded in Gen.Bool
        from n in Gen.Int[padded ? 2 : 1, 7]
        from scores in value.Array[n]
        from k in Gen.Int[1, padded ? n - 1 : n]
        from order in Gen.Int.Array[n]
        from slots in Gen.Int[0, k]
        select new TopKRow(scores, Targets(order, n, k, padded, slots), padded);

    /// <summary>k distinct targets (a permutation prefix); padded: real classes 1 … n−1 and <paramref name="slots"/> zeros.</summary>
    private static int[] Targets(int[] order, int n, int k, bool padded, int slots)
    {
        var first = padded ? 1 : 0;
        var real = Enumerable.Range(first, n - first).OrderBy(i => order[i]).ToArray();
        var count = padded ? Math.Min(k - slots, real.Length) : k;
        return real.Take(count).Concat(Enumerable.Repeat(0, k - count)).ToArray();
    }

    private static double TopKLoss(TopKRow r, double[] scores, double[]? gradient) =>
        (r.Padded, gradient) switch
        {
            (false, null) => TopKSoftmax.Loss<double>(scores, r.Targets),
            (true, null) => TopKSoftmax.PaddedLoss<double>(scores, r.Targets),
            (false, _) => TopKSoftmax.Loss<double>(scores, r.Targets, gradient),
            _ => TopKSoftmax.PaddedLoss<double>(scores, r.Targets, gradient),
        };

    [Fact]
    public void TopKNeverGivesNaNForFiniteOrAbsentScoresAndItsOverloadsAgree()
    {
        Check("topk-no-nan-overloads", TopKRows(Extreme), r =>
        {
            var grad = new double[r.Scores.Length];
            var loss = TopKLoss(r, r.Scores, grad);
            Assert.False(double.IsNaN(loss), $"loss {loss} for {r}");
            Assert.True(loss >= -1e-9 * Math.Max(1, r.Scores.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max()), $"loss {loss} < 0 for {r}");
            Assert.True(grad.All(double.IsFinite), $"gradient {Show(grad)} for {r}");
            // Forward only runs the recurrence, the gradient the prefix/suffix tables: they agree to ε·k·max|s| (log Z is that large before the targets cancel it).
            var scale = r.Targets.Length * r.Scores.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var forwardOnly = TopKLoss(r, r.Scores, null);
            Assert.True(forwardOnly.Equals(loss) || Math.Abs(forwardOnly - loss) <= 1e-14 * (1 + scale), $"forward only {forwardOnly:R}, with gradient {loss:R} for {r}");
            var work = new double[TopKSoftmax.WorkspaceLength(r.Scores.Length, r.Targets.Length)];
            var grad2 = new double[r.Scores.Length];
            Assert.Equal(loss, r.Padded
                ? TopKSoftmax.PaddedLoss<double>(r.Scores, r.Targets, grad2, work)
                : TopKSoftmax.Loss<double>(r.Scores, r.Targets, grad2, work)); // the same code path: bit-identical
            Assert.Equal(grad, grad2);

            // Batched: two copies of the row and one all-absent row (which does not count) give the row's loss.
            var c = r.Scores.Length;
            var k = r.Targets.Length;
            var scores = r.Scores.Concat(Enumerable.Repeat(double.NegativeInfinity, c)).Concat(r.Scores).ToArray();
            var targets = r.Targets.Concat(r.Targets).Concat(r.Targets).ToArray();
            var bg = new double[scores.Length];
            var batch = r.Padded ? TopKSoftmax.PaddedBatch<double>(scores, targets, c, bg) : TopKSoftmax.Batch<double>(scores, targets, c, bg);
            var counted = !r.Padded && r.Scores.Count(s => !double.IsNegativeInfinity(s)) < k ? 0 : 2;
            var absentTarget = r.Targets.Any(t => double.IsNegativeInfinity(r.Scores[t]) && !(r.Padded && t == 0));
            if (counted == 0 || (r.Padded && double.IsNegativeInfinity(r.Scores[0]) && r.Scores.Skip(1).Count(s => !double.IsNegativeInfinity(s)) < k))
            {
                Assert.True(batch == 0 && bg.All(g => g == 0), $"no row counts: batch {batch}, gradient {Show(bg)} for {r}");
            }
            else if (!absentTarget && double.IsFinite(loss))
            {
                Assert.True(Close(batch, loss, 1e-12), $"batch {batch:R}, row {loss:R} for {r}");
                var forward = r.Padded ? TopKSoftmax.PaddedBatch<double>(scores, targets, c) : TopKSoftmax.Batch<double>(scores, targets, c);
                Assert.True(forward.Equals(batch) || Math.Abs(forward - batch) <= 1e-14 * (1 + scale), $"batch {batch:R}, forward only {forward:R} for {r}");
                Assert.All(bg.Skip(c).Take(c), g => Assert.Equal(0.0, g));
            }

            // Inclusion probabilities: in [0, 1], summing to k (or all 0 when fewer than k are present).
            if (!r.Padded)
            {
                var probabilities = new double[c];
                var logZ = TopKSoftmax.InclusionProbabilities<double>(r.Scores, k, probabilities);
                Assert.True(!double.IsNaN(logZ) && probabilities.All(q => q >= 0 && q <= 1), $"log Z {logZ}, P {Show(probabilities)} for {r}");
                var sum = probabilities.Sum();
                var finite = r.Scores.Where(double.IsFinite).ToArray();
                var spread = finite.Length == 0 ? 0 : finite.Max() - finite.Min();
                if (r.Scores.Count(v => !double.IsNegativeInfinity(v)) < k)
                {
                    Assert.True(sum == 0 && logZ == double.NegativeInfinity, $"Σ P = {sum:R}, log Z {logZ} without a k-subset for {r}");
                }
                else if (spread <= 1e6)
                {
                    // Beyond that spread the log-space sums lose the small classes: see RuntimeRegressionTests.TopKInclusionProbabilitiesAtAHugeSpread.
                    Assert.True(Math.Abs(sum - k) <= 1e-9 * k, $"Σ P = {sum:R} for {r}");
                }
                var forward = TopKSoftmax.LogPartition<double>(r.Scores, k);
                Assert.True(forward.Equals(logZ) || Math.Abs(forward - logZ) <= 1e-14 * (1 + scale), $"log Z {logZ:R} with probabilities, {forward:R} forward only, for {r}");
            }
            else
            {
                Assert.False(double.IsNaN(TopKSoftmax.PaddedLogPartition<double>(r.Scores, k)), $"padded log Z NaN for {r}");
            }

            var gf = new float[c];
            var sf = F(r.Scores);
            var lf = r.Padded ? TopKSoftmax.PaddedLoss<float>(sf, r.Targets, gf) : TopKSoftmax.Loss<float>(sf, r.Targets, gf);
            Assert.False(float.IsNaN(lf), $"float loss {lf} for {r}");
            Assert.True(gf.All(float.IsFinite), $"float gradient {Show(gf)} for {r}");
        }, r => r.ToString());
    }

    [Fact]
    public void TopKTreatsMinusInfinityAsAbsentAndIsZeroWhenNoSubsetExists()
    {
        var gen = from r in TopKRows(Smooth)
                  from nan in Gen.Bool
                  select (r, nan);
        Check("topk-absent-empty-nan", gen, t =>
        {
            var r = t.r;
            var grad = new double[r.Scores.Length];
            var loss = TopKLoss(r, r.Scores, grad);

            // An extra absent class changes nothing and gets gradient 0.
            var extended = r with { Scores = r.Scores.Append(double.NegativeInfinity).ToArray() };
            var ge = new double[extended.Scores.Length];
            var le = TopKLoss(extended, extended.Scores, ge);
            Assert.True(Close(le, loss, 1e-13), $"an absent class changed the loss {loss:R} → {le:R} for {r}");
            Assert.Equal(0.0, ge[^1]);
            for (var i = 0; i < grad.Length; i++)
            {
                Assert.True(Math.Abs(ge[i] - grad[i]) <= 1e-12, $"∂L/∂s{i}: {grad[i]:R} → {ge[i]:R} for {r}");
            }

            // Every class absent: no k-subset, so exactly 0 and gradient 0 (the padding class may repeat, so it is masked too).
            var none = r with { Scores = Enumerable.Repeat(double.NegativeInfinity, r.Scores.Length).ToArray() };
            var gn = new double[none.Scores.Length];
            var ln = TopKLoss(none, none.Scores, gn);
            Assert.True(ln == 0 && gn.All(g => g == 0), $"all absent: loss {ln}, gradient {Show(gn)} for {r}");

            if (t.nan)
            {
                var withNaN = (double[])r.Scores.Clone();
                withNaN[^1] = double.NaN;
                var g = new double[withNaN.Length];
                Assert.True(double.IsNaN(TopKLoss(r, withNaN, g)) && g.All(double.IsNaN), $"NaN score: gradient {Show(g)} for {r}");
            }
            else if (double.IsFinite(loss))
            {
                CheckFiniteDifferences(r.Scores, grad, s => TopKLoss(r, s, null), 1, r.ToString(), kinks: null, tolerance: 1e-6);
            }
        }, t => $"{t.r} nan={t.nan}");
    }

    [Fact]
    public void TopKPredictionsAreTheHighestScores()
    {
        var gen = from scores in Gen.Frequency((8, Gen.Double[-3, 3]), (1, Gen.OneOf(double.NaN, double.NegativeInfinity, 1e300, -1e300))).Array[1, 8]
                  from k in Gen.Int[1, scores.Length]
                  select (scores, k);
        Check("topk-predictions", gen, t =>
        {
            var indices = new int[t.k];
            TopKSoftmax.TopK<double>(t.scores, indices);
            var expected = Enumerable.Range(0, t.scores.Length)
                .OrderByDescending(i => double.IsNaN(t.scores[i]) ? double.NegativeInfinity : t.scores[i])
                .ThenBy(i => double.IsNaN(t.scores[i]) ? 1 : 0)
                .ThenBy(i => i)
                .Take(t.k)
                .ToArray();
            Assert.Equal(expected, indices);
            if (t.scores.Length >= 2)
            {
                var padded = new int[Math.Min(t.k, t.scores.Length - 1)];
                var count = TopKSoftmax.PredictPadded<double>(t.scores, padded);
                var above = Enumerable.Range(1, t.scores.Length - 1).Where(i => t.scores[i] > t.scores[0]).Take(padded.Length).Count();
                Assert.Equal(above, count);
                Assert.All(padded.Take(count), i => Assert.True(t.scores[i] > t.scores[0]));
                Assert.All(padded.Skip(count), i => Assert.Equal(0, i));
            }
        }, t => $"scores={Show(t.scores)} k={t.k}");
    }

    // ---- the +∞ limit of the catalogue's gradient -------------------------------------------------------------

    /// <summary>
    /// +∞ scores take the limit: the gradient equals the gradient with every +∞ score replaced by the same large t (the
    /// equal-rate limit, see <see cref="BlockLimits"/>), up to e^{−γ·t} and the rounding of γ·t. Single rows and batches
    /// (the grouped path) of every catalogue loss.
    /// </summary>
    [Fact]
    public void PositiveInfinityScoresGiveTheLimitOfTheGradient()
    {
        var gen = from loss in Gen.Enum<CatalogueLoss>()
                  from soft in Gen.Bool
                  from n in Gen.Int[1, 6]
                  from scores in Gen.Frequency((6, Gen.Double[-2, 2]), (2, Gen.Const(double.PositiveInfinity)), (1, Gen.Const(double.NegativeInfinity))).Array[n]
                  from labels in (soft ? Gen.Double[0, 1] : Gen.OneOf(0.0, 1.0)).Array[n]
                  from target in Gen.Int[0, n - 1]
                  from gamma in Gen.Double[0.5, 8]
                  from margin in Gen.Double[-1, 1]
                  select new LossInput(loss, soft, scores, labels, target, loss == CatalogueLoss.Unified ? gamma : 1, loss == CatalogueLoss.Unified ? margin : 0);
        // Excluded: a pair with +∞ on both sides (UnifiedPairwise's only block, with +∞ among both the negatives and the
        // positives) is ∞ − ∞. The kernels read a +∞ right side as e^{−γ·∞} = 0 (absent, the limit in that score alone);
        // the equal-rate path would give e^{γm} instead. Where another block is +∞ (ZLPR, threshold) it does not matter.
        static bool BothSides(LossInput x) =>
            x.Loss == CatalogueLoss.Unified
            && Enumerable.Range(0, x.Classes).Any(i => double.IsPositiveInfinity(x.Scores[i]) && x.Labels[i] < (x.Soft ? 1 : 0.5))
            && Enumerable.Range(0, x.Classes).Any(i => double.IsPositiveInfinity(x.Scores[i]) && x.Labels[i] > (x.Soft ? 0 : 0.5));
        Check("catalogue-infinity-limit", gen.Where(x => x.Scores.Any(double.IsPositiveInfinity) && !BothSides(x) && (x.Loss != CatalogueLoss.Softmax || double.IsFinite(x.Scores[x.Target]))), x =>
        {
            var t = 1e4 / x.Gamma;
            var large = x.WithScores(x.Scores.Select(v => double.IsPositiveInfinity(v) ? t : v).ToArray());
            var gradient = new double[x.Classes];
            var expected = new double[x.Classes];
            CatalogueModel.Double(x, gradient);
            CatalogueModel.Double(large, expected);
            for (var i = 0; i < x.Classes; i++)
            {
                Assert.True(Math.Abs(gradient[i] - expected[i]) <= 1e-9, $"∂L/∂s{i}: at +∞ {gradient[i]:R}, at {t:R} {expected[i]:R} for {x}");
            }

            // The same row twice in a batch: the mean of two equal rows is the row (grouped or per-row batch code).
            var c = x.Classes;
            var twice = x.Scores.Concat(x.Scores).ToArray();
            var twiceLarge = large.Scores.Concat(large.Scores).ToArray();
            var labels = x.Labels.Concat(x.Labels).ToArray();
            var hard = labels.Select(v => v >= 0.5).ToArray();
            var targets = new[] { x.Target, x.Target };
            double Batch(double[] s, double[] g) => (x.Loss, x.Soft) switch
            {
                (CatalogueLoss.Softmax, _) => Losses.SoftmaxCrossEntropyBatch(s, targets, c, g),
                (CatalogueLoss.MultiLabel, true) => Losses.MultiLabelCrossEntropyBatch(s, labels, c, g),
                (CatalogueLoss.MultiLabel, false) => Losses.MultiLabelCrossEntropyBatch(s, hard, c, g),
                (CatalogueLoss.Unified, true) => Losses.UnifiedPairwiseBatch(s, labels, c, x.Gamma, x.Margin, g),
                (CatalogueLoss.Unified, false) => Losses.UnifiedPairwiseBatch(s, hard, c, x.Gamma, x.Margin, g),
                (CatalogueLoss.BinaryCrossEntropy, true) => Losses.BinaryCrossEntropyBatch(s, labels, c, g),
                (CatalogueLoss.BinaryCrossEntropy, false) => Losses.BinaryCrossEntropyBatch(s, hard, c, g),
                (_, true) => Losses.ThresholdCrossEntropyBatch(s, labels, c, g),
                _ => Losses.ThresholdCrossEntropyBatch(s, hard, c, g),
            };
            var bg = new double[2 * c];
            var bl = new double[2 * c];
            Batch(twice, bg);
            Batch(twiceLarge, bl);
            for (var i = 0; i < 2 * c; i++)
            {
                Assert.True(Math.Abs(bg[i] - bl[i]) <= 1e-9, $"batched ∂L/∂s{i}: at +∞ {bg[i]:R}, at {t:R} {bl[i]:R} for {x}");
            }
        }, x => x.ToString());
    }

    // ---- finite differences ------------------------------------------------------------------------------------

    /// <summary>
    /// Central differences in double for every present (finite) coordinate. <paramref name="kinks"/> gives the points
    /// where the loss is not differentiable (Circle's α = 0); coordinates within 2h of one are skipped.
    /// </summary>
    private static void CheckFiniteDifferences(double[] x, double[] gradient, Func<double[], double> f, double gamma, string what, Func<double, double[]>? kinks, double tolerance = 1e-5)
    {
        var h = 1e-5 / Math.Max(1, gamma);
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                continue;
            }

            if (kinks is not null && kinks(x[i]).Any(k => Math.Abs(x[i] - k) < 4 * h))
            {
                continue;
            }

            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fPlus = f(plus);
            var fMinus = f(minus);
            var numeric = (fPlus - fMinus) / (2 * h);
            var allowed = tolerance * (1 + Math.Abs(gradient[i])) + 1e-10 * gamma * (1 + Math.Abs(fPlus));
            Assert.True(Math.Abs(numeric - gradient[i]) <= allowed, $"∂/∂x{i}: analytic {gradient[i]:R}, numeric {numeric:R} for {what}");
        }
    }
}
