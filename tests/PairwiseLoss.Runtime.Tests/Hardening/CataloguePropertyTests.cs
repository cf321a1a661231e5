using System;
using System.Linq;
using System.Threading;
using CsCheck;
using Xunit;
using Xunit.Abstractions;
using PairwiseLoss.Tests.Shared.Hardening;
using static PairwiseLoss.Tests.Shared.Hardening.StableMath;

namespace PairwiseLoss.Runtime.Tests.Hardening;

/// <summary>
/// CsCheck properties over the catalogue: random γ ∈ [0.1, 256], margins ∈ [−1, 1], 0 to 12 classes, all-positive and
/// all-negative rows, soft labels, −inf masks and scores up to ±1e30. Each property runs <see cref="Iterations"/> cases
/// (times <c>PAIRWISE_PROPERTY_SCALE</c>); a failure prints CsCheck's shrunk input and seed.
/// </summary>
[Trait("Category", "Property")]
public sealed class CataloguePropertyTests
{
    private const long Iterations = 20_000;
    private readonly ITestOutputHelper _output;

    public CataloguePropertyTests(ITestOutputHelper output) => _output = output;

    // ---- generators -------------------------------------------------------------------------------------------

    private static readonly Gen<CatalogueLoss> AnyLoss = Gen.Enum<CatalogueLoss>();

    /// <summary>Scores as a trainer sees them, plus masks and extremes.</summary>
    private static readonly Gen<double> WideScore = Gen.Frequency(
        (60, Gen.Double[-8, 8]),
        (10, Gen.Const(double.NegativeInfinity)),
        (6, Gen.OneOf(1e30, -1e30, 1e4, -1e4)),
        (6, Gen.Double[-1e30, 1e30]),
        (8, Gen.Double[-1, 1]),
        (10, Gen.OneOf(0.0, 1.0, -1.0)));

    /// <summary>Scores for finite differences: moderate, with masks.</summary>
    private static readonly Gen<double> SmoothScore = Gen.Frequency((85, Gen.Double[-4, 4]), (15, Gen.Const(double.NegativeInfinity)));

    /// <summary>A soft label in [0, 1], subnormal ones included (see <see cref="PropertyRegressionTests.TinySoftLabelGivesAFiniteLoss"/>).</summary>
    private static readonly Gen<double> SoftLabel = Gen.Frequency((8, Gen.Double[0, 1]), (1, Gen.OneOf(1e-42, 1e-39, 1e-310, 4.9e-324)));

    private static Gen<LossInput> Inputs(Gen<double> score, int minClasses = 0) =>
        from loss in AnyLoss
        from soft in Gen.Bool
        from n in Gen.Frequency((3, Gen.Int[minClasses, 3]), (6, Gen.Int[Math.Max(minClasses, 2), 12]))
        from scores in score.Array[n]
        from labels in Gen.Frequency(
            (6, (soft ? Gen.Frequency((6, SoftLabel), (4, Gen.OneOf(0.0, 1.0))) : Gen.OneOf(0.0, 1.0)).Array[n]),
            (1, Gen.Const(Enumerable.Repeat(1.0, n).ToArray())),
            (1, Gen.Const(Enumerable.Repeat(0.0, n).ToArray())))
        from target in Gen.Int[0, Math.Max(0, n - 1)]
        from gamma in Gen.Frequency((8, Gen.Double[0.1, 256]), (2, Gen.OneOf(0.1, 1.0, 80.0, 128.0, 256.0)))
        from margin in Gen.Double[-1, 1]
        select new LossInput(loss, soft, scores, labels, target, loss == CatalogueLoss.Unified ? gamma : 1, loss == CatalogueLoss.Unified ? margin : 0);

    /// <summary>Softmax needs a target: at least one class, and the target itself present (a −inf target is tested apart).</summary>
    private static bool Valid(LossInput x) =>
        x.Loss != CatalogueLoss.Softmax || x.Classes > 0 && !double.IsNegativeInfinity(x.Scores[x.Target]);

    private void Check(string name, Gen<LossInput> gen, Action<LossInput> property, long iterations = Iterations) =>
        PropertyRun.Check(_output, "2-catalogue-" + name, name, gen.Where(Valid), property, x => x.ToString(), iterations);

    // ---- properties -------------------------------------------------------------------------------------------

    [Fact]
    public void LossIsFiniteNonNegativeAndMatchesTheReference()
    {
        Check("finite-nonnegative-reference", Inputs(WideScore), x =>
        {
            var gradient = new double[x.Classes];
            var loss = CatalogueModel.Double(x, gradient);
            var expected = CatalogueModel.Reference(x);
            Assert.True(double.IsFinite(loss) && loss >= 0, $"loss {loss} for {x}");
            Assert.True(gradient.All(double.IsFinite), $"gradient [{string.Join(", ", gradient)}] for {x}");
            // The factorised form adds per-side log-sums of size γ·max|s| that cancel: its absolute error is about
            // ε·γ·max|s| (ε = 2^-52), so at |s| = 1e30 only the magnitude, not the O(1) part, is meaningful.
            var maxAbs = x.Scores.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected)) + 8 * 2.3e-16 * x.Gamma * (2 * maxAbs + 1) * (x.Classes + 1);
            Assert.True(Math.Abs(loss - expected) <= tolerance, $"loss {loss:R}, reference {expected:R} (tolerance {tolerance:G3}) for {x}");
        });
    }

    [Fact]
    public void FloatLossIsFiniteNonNegativeUpTo1e30()
    {
        Check("float-finite-nonnegative", Inputs(WideScore), x =>
        {
            var gradient = new float[x.Classes];
            var loss = CatalogueModel.Single(x, gradient);
            Assert.True(float.IsFinite(loss) && loss >= 0, $"float loss {loss} for {x}");
            Assert.True(gradient.All(float.IsFinite), $"float gradient [{string.Join(", ", gradient)}] for {x}");
        });
    }

    /// <summary>
    /// Beyond 1e30: scores anywhere in float's range (±3.4e38). γ·(s − s') can overflow; the right limit is then +inf
    /// (the exact loss exceeds float), so the property is: never NaN, never negative, gradient never NaN.
    /// </summary>
    [Fact]
    public void FloatNeverGivesNaNForAnyFiniteOrMaskedScores()
    {
        var extreme = Gen.Frequency((4, Gen.Float.Select(f => float.IsFinite(f) ? (double)f : 0.0)), (2, Gen.OneOf((double)float.MaxValue, -(double)float.MaxValue, 1e38, -1e38)), (1, Gen.Const(double.NegativeInfinity)), (3, Gen.Double[-8, 8]));
        Check("float-never-nan-full-range", Inputs(extreme), x =>
        {
            var gradient = new float[x.Classes];
            var loss = CatalogueModel.Single(x, gradient);
            var exact = CatalogueModel.Reference(x);
            Assert.True(!float.IsNaN(loss) && loss >= 0, $"float loss {loss} (exact {exact:R}) for {x}");
            Assert.True(!gradient.Any(float.IsNaN), $"float gradient [{string.Join(", ", gradient)}] for {x}");
            if (exact < 1e37)
            {
                Assert.True(float.IsFinite(loss), $"float loss {loss} but the exact loss is {exact:R} for {x}");
            }
        });
        HardeningCounts.Record("2-catalogue-float-never-nan-full-range", $"property float-never-nan-full-range: {HardeningCounts.Scaled(Iterations)} cases, failures: 0");
    }

    [Fact]
    public void GradientMatchesCentralFiniteDifferencesInDouble()
    {
        Check("gradient-finite-differences", Inputs(SmoothScore), x =>
        {
            var gradient = new double[x.Classes];
            CatalogueModel.Double(x, gradient);
            for (var i = 0; i < x.Classes; i++)
            {
                if (double.IsNegativeInfinity(x.Scores[i]))
                {
                    continue;
                }

                var h = 1e-4 / Math.Max(1, x.Gamma);
                var plus = (double[])x.Scores.Clone();
                var minus = (double[])x.Scores.Clone();
                plus[i] += h;
                minus[i] -= h;
                var fPlus = CatalogueModel.Double(x.WithScores(plus), null);
                var fMinus = CatalogueModel.Double(x.WithScores(minus), null);
                var numeric = (fPlus - fMinus) / (2 * h);
                var tolerance = 1e-5 * (1 + Math.Abs(gradient[i])) + 1e-10 * x.Gamma * (1 + Math.Abs(fPlus)); // truncation ≈ h²γ³/60, rounding ≈ 2e-16·|L|/h
                Assert.True(Math.Abs(numeric - gradient[i]) <= tolerance, $"∂L/∂s{i}: analytic {gradient[i]:R}, numeric {numeric:R} for {x}");
            }
        });
    }

    [Fact]
    public void MaskedScoresHaveZeroGradient()
    {
        Check("masked-gradient-zero", Inputs(WideScore), x =>
        {
            var gradient = new double[x.Classes];
            Array.Fill(gradient, double.NaN); // written, not accumulated: every slot must be overwritten
            CatalogueModel.Double(x, gradient);
            var single = new float[x.Classes];
            Array.Fill(single, float.NaN);
            CatalogueModel.Single(x, single);
            for (var i = 0; i < x.Classes; i++)
            {
                if (double.IsNegativeInfinity(x.Scores[i]))
                {
                    Assert.True(gradient[i] == 0 && single[i] == 0, $"masked s{i} has gradient {gradient[i]} / {single[i]}f for {x}");
                }
            }
        });
    }

    [Fact]
    public void SoftmaxIsShiftInvariantAndItsGradientSumsToZero()
    {
        var gen = from x in Inputs(Gen.Frequency((85, Gen.Double[-20, 20]), (15, Gen.Const(double.NegativeInfinity))), minClasses: 1)
                  from shift in Gen.Frequency((3, Gen.Double[-50, 50]), (1, Gen.OneOf(1e3, -1e3, 1e6)))
                  select (x with { Loss = CatalogueLoss.Softmax, Gamma = 1, Margin = 0 }, shift);
        var count = HardeningCounts.Scaled(Iterations);
        var ran = 0L;
        gen.Where(p => Valid(p.Item1)).Sample((x, shift) =>
        {
            Interlocked.Increment(ref ran);
            var gradient = new double[x.Classes];
            var loss = CatalogueModel.Double(x, gradient);
            var shifted = x.WithScores(x.Scores.Select(s => s + shift).ToArray());
            var shiftedGradient = new double[x.Classes];
            var shiftedLoss = CatalogueModel.Double(shifted, shiftedGradient);
            var scale = x.Scores.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() + Math.Abs(shift);
            Assert.True(Math.Abs(loss - shiftedLoss) <= 1e-12 * (1 + scale), $"loss {loss:R} vs {shiftedLoss:R} after +{shift:R} for {x}");
            Assert.True(Math.Abs(gradient.Sum()) <= 1e-12 * x.Classes, $"gradient sums to {gradient.Sum():R} for {x}");
            for (var i = 0; i < x.Classes; i++)
            {
                Assert.True(Math.Abs(gradient[i] - shiftedGradient[i]) <= 1e-9, $"∂L/∂s{i} {gradient[i]:R} vs {shiftedGradient[i]:R} after +{shift:R} for {x}");
            }

            var single = new float[x.Classes];
            CatalogueModel.Single(x, single);
            Assert.True(Math.Abs(single.Sum()) <= 1e-5f * x.Classes, $"float gradient sums to {single.Sum():R} for {x}");
        }, iter: count, threads: 1, print: p => $"{p.Item1} shift={p.Item2:R}");
        _output.WriteLine($"softmax-shift-invariance: {ran} cases, 0 failures");
        HardeningCounts.Record("2-catalogue-softmax-shift-invariance", $"property softmax-shift-invariance (gradient sums to 0): {ran} cases, failures: 0");
    }

    [Fact]
    public void EmptySidesAddExactlyZero()
    {
        // Every positive (negative) removed or masked: the loss equals the loss of the other side alone; nothing at all: 0.
        Check("empty-side-adds-zero", Inputs(WideScore), x =>
        {
            var noPositives = x with { Labels = new double[x.Classes] };
            var allMasked = x.WithScores(Enumerable.Repeat(double.NegativeInfinity, x.Classes).ToArray());
            var g = new double[x.Classes];
            if (x.Loss != CatalogueLoss.Softmax)
            {
                var empty = CatalogueModel.Double(allMasked, g);
                Assert.True(empty == 0 && g.All(v => v == 0), $"all masked: loss {empty}, gradient [{string.Join(", ", g)}] for {x}");
                var f = new float[x.Classes];
                var emptyF = CatalogueModel.Single(allMasked, f);
                Assert.True(emptyF == 0 && f.All(v => v == 0), $"all masked (float): loss {emptyF} for {x}");
            }

            if (x.Loss == CatalogueLoss.Unified)
            {
                var loss = CatalogueModel.Double(noPositives, g);
                Assert.True(loss == 0 && g.All(v => v == 0), $"no positives: loss {loss}, gradient [{string.Join(", ", g)}] for {x}");
            }

            if (x.Loss is CatalogueLoss.MultiLabel && !x.Soft)
            {
                // ZLPR without positives is the negative half alone: log(1 + Σ e^s) (the positive half adds 0).
                var loss = CatalogueModel.Double(noPositives, g);
                var negatives = StableMath.Log1pSumExp(x.Scores.Where(s => !double.IsNegativeInfinity(s)).ToList());
                Assert.True(Close(loss, negatives, 1e-12), $"no positives: loss {loss:R}, negative half {negatives:R} for {x}");
            }

            if (x.Loss == CatalogueLoss.Softmax && x.Classes == 1)
            {
                var loss = CatalogueModel.Double(x, g);
                Assert.True(loss == 0 && g[0] == 0, $"one class: loss {loss}, gradient {g[0]} for {x}");
            }
        });
    }

    [Fact]
    public void FloatAndDoubleAgreeToFloatPrecision()
    {
        Check("float-double-agree", Inputs(Gen.Frequency((80, Gen.Double[-10, 10]), (10, Gen.Const(double.NegativeInfinity)), (10, Gen.Double[-1e4, 1e4]))), raw =>
        {
            var x = raw.ToFloatGrid();
            var gd = new double[x.Classes];
            var gf = new float[x.Classes];
            var ld = CatalogueModel.Double(x, gd);
            var lf = CatalogueModel.Single(x, gf);

            // Condition: logits γ·(s − s' + m) carry a float rounding of about ε·γ·(2·max|s| + |m|) each; sums add ε·n.
            var maxAbs = x.Scores.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var epsilon = 6e-8;
            var logitError = epsilon * (x.Gamma * (2 * maxAbs + 1) + x.Classes + 1);
            var lossTolerance = 4 * (logitError * (x.Loss == CatalogueLoss.BinaryCrossEntropy ? x.Classes : 2) + epsilon * Math.Abs(ld));
            Assert.True(Math.Abs(lf - ld) <= lossTolerance, $"float {lf:R} vs double {ld:R} (tolerance {lossTolerance:G3}) for {x}");
            for (var i = 0; i < x.Classes; i++)
            {
                var tolerance = 4 * x.Gamma * (logitError * (1 + x.Classes) + epsilon) + 1e-6;
                Assert.True(Math.Abs(gf[i] - gd[i]) <= tolerance, $"∂L/∂s{i}: float {gf[i]:R} vs double {gd[i]:R} (tolerance {tolerance:G3}) for {x}");
            }
        });
    }

    [Fact]
    public void ForwardOnlyAndForwardBackwardGiveTheSameLoss()
    {
        Check("forward-only-equals-forward-backward", Inputs(WideScore), x =>
        {
            var withGradient = CatalogueModel.Double(x, new double[x.Classes]);
            var forwardOnly = CatalogueModel.Double(x, null);
            Assert.True(Close(withGradient, forwardOnly, 1e-14), $"double: forward+backward {withGradient:R}, forward only {forwardOnly:R} for {x}");
            var withGradientF = CatalogueModel.Single(x, new float[x.Classes]);
            var forwardOnlyF = CatalogueModel.Single(x, null);
            Assert.True(Close(withGradientF, forwardOnlyF, 1e-6), $"float: forward+backward {withGradientF:R}, forward only {forwardOnlyF:R} for {x}");
        });
    }

    [Fact]
    public void BatchedIsTheMeanOverRowsThatCount()
    {
        var gen = from x in Inputs(WideScore, minClasses: 1)
                  from rows in Gen.Int[0, 4]
                  from rowScores in WideScore.Array[x.Classes].Array[rows]
                  from rowLabels in Gen.OneOf(0.0, 1.0).Array[x.Classes].Array[rows]
                  from targets in Gen.Int[0, x.Classes - 1].Array[rows]
                  from masked in Gen.Bool.Array[rows]
                  select (x, rowScores.Select((s, r) => masked[r] && r % 2 == 0 ? Enumerable.Repeat(double.NegativeInfinity, s.Length).ToArray() : s).ToArray(), rowLabels, targets);
        var count = HardeningCounts.Scaled(Iterations / 2);
        var ran = 0L;
        gen.Sample((x, scores, labels, targets) =>
        {
            Interlocked.Increment(ref ran);
            var rows = scores.Length;
            var c = x.Classes;
            var perRow = Enumerable.Range(0, rows).Select(r => x with { Scores = scores[r], Labels = x.Soft ? labels[r] : labels[r], Target = targets[r] }).ToList();
            var counted = perRow.Count(r => r.Scores.Any(s => !double.IsNegativeInfinity(s)));
            var flat = scores.SelectMany(s => s).ToArray();
            var flatLabels = labels.SelectMany(l => l).ToArray();
            var gradient = new double[flat.Length];
            var loss = Batched(x, flat, flatLabels, targets, gradient);
            var expected = 0.0;
            for (var r = 0; r < rows; r++)
            {
                if (perRow[r].Loss == CatalogueLoss.Softmax && double.IsNegativeInfinity(perRow[r].Scores[perRow[r].Target]))
                {
                    return; // a −inf target: reported apart
                }

                var g = new double[c];
                expected += CatalogueModel.Double(perRow[r], g) / Math.Max(1, counted);
                for (var k = 0; k < c; k++)
                {
                    var want = g[k] / Math.Max(1, counted);
                    Assert.True(Math.Abs(gradient[r * c + k] - want) <= 1e-12 * (1 + Math.Abs(want)), $"row {r} ∂/∂s{k}: batched {gradient[r * c + k]:R}, per row / {counted} = {want:R} for {x}");
                }
            }

            Assert.True(Close(loss, expected, 1e-12), $"batched {loss:R}, mean over {counted} counted rows {expected:R} for {x}");
        }, iter: count, threads: 1, print: p => $"{p.Item1} rows={p.Item2.Length}");
        _output.WriteLine($"batched-mean: {ran} cases, 0 failures");
        HardeningCounts.Record("2-catalogue-batched-mean", $"property batched-mean (mean over rows that count): {ran} cases, failures: 0");
    }

    private static double Batched(LossInput x, double[] s, double[] t, int[] targets, double[] gradient)
    {
        var hard = t.Select(v => v >= 0.5).ToArray();
        var c = x.Classes;
        return x.Loss switch
        {
            CatalogueLoss.Softmax => Losses.SoftmaxCrossEntropyBatch(s, targets, c, gradient),
            CatalogueLoss.MultiLabel => x.Soft ? Losses.MultiLabelCrossEntropyBatch(s, t, c, gradient) : Losses.MultiLabelCrossEntropyBatch(s, hard, c, gradient),
            CatalogueLoss.Unified => x.Soft ? Losses.UnifiedPairwiseBatch(s, t, c, x.Gamma, x.Margin, gradient) : Losses.UnifiedPairwiseBatch(s, hard, c, x.Gamma, x.Margin, gradient),
            CatalogueLoss.BinaryCrossEntropy => x.Soft ? Losses.BinaryCrossEntropyBatch(s, t, c, gradient) : Losses.BinaryCrossEntropyBatch(s, hard, c, gradient),
            _ => x.Soft ? Losses.ThresholdCrossEntropyBatch(s, t, c, gradient) : Losses.ThresholdCrossEntropyBatch(s, hard, c, gradient),
        };
    }
}
