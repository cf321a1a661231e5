using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static PairwiseLoss.Runtime.Tests.TopK.TopKReference;

namespace PairwiseLoss.Runtime.Tests.TopK;

public sealed class TopKSoftmaxTests(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 24; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    private static void Close(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance})");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Matches_enumeration_of_all_k_subsets(int seed)
    {
        var rng = new Random(seed);
        var n = 1 + rng.Next(12);
        var k = 1 + rng.Next(n);
        var s = RandomScores(rng, n, 1 + rng.Next(8));
        var targets = RandomTargets(rng, 0, n, k);

        var inclusion = new double[n];
        var logZ = BruteForce(s, k, inclusion);
        var expectedLoss = logZ - targets.Sum(t => s[t]);

        Close(logZ, TopKSoftmax.LogPartition<double>(s, k), 1e-13, "log Z");
        Close(expectedLoss, TopKSoftmax.Loss<double>(s, targets), 1e-12, "loss (forward only)");

        var grad = new double[n];
        var loss = TopKSoftmax.Loss<double>(s, targets, grad);
        Close(expectedLoss, loss, 1e-12, "loss");
        for (var i = 0; i < n; i++)
        {
            var expected = inclusion[i] - (targets.Contains(i) ? 1 : 0);
            Close(expected, grad[i], 1e-12, $"gradient[{i}]");
        }

        var probabilities = new double[n];
        Close(logZ, TopKSoftmax.InclusionProbabilities<double>(s, k, probabilities), 1e-13, "log Z (with probabilities)");
        for (var i = 0; i < n; i++)
        {
            Close(inclusion[i], probabilities[i], 1e-12, $"P({i} ∈ S)");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Padded_variant_matches_enumeration_of_multisets_where_only_class_0_repeats(int seed)
    {
        var rng = new Random(1000 + seed);
        var n = 1 + rng.Next(11);          // real classes; scores has n + 1 entries
        var bigK = 1 + rng.Next(n);
        var k = rng.Next(bigK + 1);        // real labels of this sample, 0 … K
        var s = RandomScores(rng, n + 1, 1 + rng.Next(6));
        var targets = new int[bigK];       // zeros are padding slots
        RandomTargets(rng, 1, n, k).CopyTo(targets, bigK - k);
        rng.Shuffle(targets);

        var expectedGrad = new double[n + 1];
        var logZ = BruteForcePadded(s, bigK, expectedGrad);
        var expectedLoss = logZ - targets.Sum(t => s[t]);   // each 0 entry counts s_0 once: (K − k)·s_0
        for (var i = 0; i < targets.Length; i++)
        {
            expectedGrad[targets[i]] -= 1;
        }

        Close(logZ, TopKSoftmax.PaddedLogPartition<double>(s, bigK), 1e-13, "log Z̄");
        Close(expectedLoss, TopKSoftmax.PaddedLoss<double>(s, targets), 1e-12, "padded loss (forward)");
        var grad = new double[n + 1];
        Close(expectedLoss, TopKSoftmax.PaddedLoss<double>(s, targets, grad), 1e-12, "padded loss");
        for (var i = 0; i <= n; i++)
        {
            Close(expectedGrad[i], grad[i], 1e-12, $"gradient[{i}]");
        }
    }

    [Fact]
    public void Positive_infinite_scores_give_the_limit_as_they_grow_together()
    {
        // Three +∞ classes, k = 2: the three pairs of them share the probability; targeting two of them leaves log 3.
        var s = new[] { double.PositiveInfinity, 0.5, double.PositiveInfinity, -1, double.PositiveInfinity };
        var gradient = new double[5];
        Assert.Equal(Math.Log(3), TopKSoftmax.Loss<double>(s, new[] { 0, 2 }, gradient), 14);
        Assert.Equal(new[] { 2 / 3.0 - 1, 0, 2 / 3.0 - 1, 0, 2 / 3.0 }, gradient, (a, b) => Math.Abs(a - b) < 1e-14);

        // A finite target against two +∞ classes: the loss diverges, the gradient has its limit.
        Assert.Equal(double.PositiveInfinity, TopKSoftmax.Loss<double>(s, new[] { 0, 1 }, gradient));
        Assert.Equal(new[] { 2 / 3.0 - 1, -1, 2 / 3.0, 0, 2 / 3.0 }, gradient, (a, b) => Math.Abs(a - b) < 1e-14);

        // One +∞ class, k = 2: it is always in; the other slot is the softmax of the finite scores.
        var one = new[] { 1.0, double.PositiveInfinity, 2.0 };
        var g = new double[3];
        var expected = Math.Log(Math.Exp(1) + Math.Exp(2)) - 2;
        Assert.Equal(expected, TopKSoftmax.Loss<double>(one, new[] { 1, 2 }, g), 14);
        Assert.Equal(new[] { Math.Exp(1) / (Math.Exp(1) + Math.Exp(2)), 0, Math.Exp(2) / (Math.Exp(1) + Math.Exp(2)) - 1 }, g, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Equal(double.PositiveInfinity, TopKSoftmax.LogPartition<double>(one, 2));
    }

    [Fact]
    public void Padded_recurrence_is_the_seeds_Z_bar_K_equals_Z_K_plus_e_s0_Z_bar_K_minus_1()
    {
        var rng = new Random(7);
        var s = RandomScores(rng, 9, 3);
        var real = s[1..];
        for (var bigK = 2; bigK <= 8; bigK++)
        {
            var lhs = TopKSoftmax.PaddedLogPartition<double>(s, bigK);
            var rhs = Math.Log(Math.Exp(TopKSoftmax.LogPartition<double>(real, bigK)) + Math.Exp(s[0] + TopKSoftmax.PaddedLogPartition<double>(s, bigK - 1)));
            Close(rhs, lhs, 1e-13, $"K = {bigK}");
        }

        // Z̄_1 = Z_1 + e^{s_0}·Z̄_0, Z̄_0 = 1.
        Close(Math.Log(Math.Exp(TopKSoftmax.LogPartition<double>(real, 1)) + Math.Exp(s[0])), TopKSoftmax.PaddedLogPartition<double>(s, 1), 1e-13, "K = 1");

        // An absent padding class (−∞) reduces Z̄_K to Z_K.
        var noPad = (double[])s.Clone();
        noPad[0] = double.NegativeInfinity;
        Close(TopKSoftmax.LogPartition<double>(real, 4), TopKSoftmax.PaddedLogPartition<double>(noPad, 4), 1e-13, "s_0 = −∞");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Gradient_matches_central_finite_differences(int seed, bool padded)
    {
        var rng = new Random(50 + seed);
        var n = 30;
        var k = 7;
        var s = RandomScores(rng, n, 4);
        int[] targets;
        if (padded)
        {
            targets = new int[k];
            RandomTargets(rng, 1, n - 1, 4).CopyTo(targets, 0);
        }
        else
        {
            targets = RandomTargets(rng, 0, n, k);
        }

        double F(double[] x) => padded ? TopKSoftmax.PaddedLoss<double>(x, targets) : TopKSoftmax.Loss<double>(x, targets);
        var grad = new double[n];
        var loss = padded ? TopKSoftmax.PaddedLoss<double>(s, targets, grad) : TopKSoftmax.Loss<double>(s, targets, grad);
        Close(F(s), loss, 1e-14, "loss");
        const double h = 1e-5;
        for (var i = 0; i < n; i++)
        {
            var plus = (double[])s.Clone();
            var minus = (double[])s.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (F(plus) - F(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) < 1e-8, $"∂L/∂s[{i}]: finite difference {fd:R}, analytic {grad[i]:R}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Gradient_sums_to_k_minus_the_target_count(int seed)
    {
        var rng = new Random(300 + seed);
        foreach (var (n, k) in new[] { (5, 1), (50, 10), (200, 20), (64, 64) })
        {
            var s = RandomScores(rng, n, 30);
            var p = new double[n];
            TopKSoftmax.InclusionProbabilities<double>(s, k, p);
            Close(k, p.Sum(), 1e-12, $"Σ P(i ∈ S), n = {n}, k = {k}");
            Assert.All(p, v => Assert.InRange(v, 0.0, 1.0));

            var pf = new float[n];
            TopKSoftmax.InclusionProbabilities<float>(s.Select(v => (float)v).ToArray(), k, pf);
            Close(k, pf.Sum(v => (double)v), 1e-5, $"Σ P(i ∈ S) in float, n = {n}, k = {k}");

            var targets = RandomTargets(rng, 0, n, k);
            var grad = new double[n];
            TopKSoftmax.Loss<double>(s, targets, grad);
            Assert.True(Math.Abs(grad.Sum()) < 1e-11 * k, $"Σ ∂L/∂s = {grad.Sum()} (k − k = 0)");

            // Padded: Σ over real inclusion probabilities + E[#padding] = K, minus K target entries.
            var padded = new double[n + 1];
            var pt = new int[k];
            RandomTargets(rng, 1, n, k / 2).CopyTo(pt, 0);
            TopKSoftmax.PaddedLoss<double>(RandomScores(rng, n + 1, 30), pt, padded);
            Assert.True(Math.Abs(padded.Sum()) < 1e-11 * k, $"padded Σ ∂L/∂s = {padded.Sum()}");
        }
    }

    /// <summary>
    /// n = 200, k = 20, scores uniform in [−30, 30]. Reference: the recurrence in exact BigInteger arithmetic. The Newton
    /// identities of https://kexue.fm/archives/7359 overflow in float (S_20 = Σ e^{20·s} ≈ e^{600}) and, in double, lose every digit to
    /// cancellation (the alternating sum is dominated by terms ≈ e^{20·max s}, far above Z_20 ≈ e^{sum of the top 20}).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Log_space_stays_accurate_where_Newtons_identities_fail(int seed)
    {
        const int n = 200;
        const int k = 20;
        var rng = new Random(seed);
        var s = RandomScores(rng, n, 30);
        var sf = s.Select(v => (float)v).ToArray();
        var sd = sf.Select(v => (double)v).ToArray();   // the float scores, exactly, for every evaluation

        var exact = ExactLogE(sd, k);
        var oursDouble = TopKSoftmax.LogPartition<double>(sd, k);
        var oursFloat = TopKSoftmax.LogPartition<float>(sf, k);
        var newtonFloat = NewtonLogZFloat(sf, k);
        var newtonDouble = NewtonLogZDouble(sd, k);

        double Rel(double v) => Math.Abs(v - exact) / Math.Abs(exact);
        output.WriteLine($"log Z_20 exact {exact:R}; ours double {oursDouble:R} (rel {Rel(oursDouble):E2}); ours float {oursFloat:R} (rel {Rel(oursFloat):E2}); Newton float {newtonFloat} ; Newton double {newtonDouble:R} (rel {Rel(newtonDouble):E2})");

        Assert.True(Rel(oursDouble) < 1e-14, "double log-space");
        Assert.True(Rel(oursFloat) < 2e-6, "float log-space");
        Assert.True(!float.IsFinite(newtonFloat) || Rel(newtonFloat) > 1e-2, $"float Newton should fail, got {newtonFloat}");
        Assert.True(!double.IsFinite(newtonDouble) || Rel(newtonDouble) > 1e-2, $"double Newton should lose its digits, got {newtonDouble}");

        // The loss at the true top-20 (a small number left after cancelling ≈ 500): absolute accuracy.
        var top = new int[k];
        TopKSoftmax.TopK<double>(sd, top);
        var exactLoss = exact - top.Sum(t => sd[t]);
        var lossFloat = TopKSoftmax.Loss<float>(sf, top);
        var lossDouble = TopKSoftmax.Loss<double>(sd, top);
        output.WriteLine($"loss at the top 20: exact {exactLoss:R}, double {lossDouble:R}, float {lossFloat:R}");
        Assert.True(Math.Abs(lossDouble - exactLoss) < 1e-12, "double loss");
        Assert.True(Math.Abs(lossFloat - exactLoss) < 1e-4, "float loss");

        // Inclusion probabilities, float and double, against exact ratios P(i ∈ S) = e^{s_i}·e_{k−1}(without i)/e_k.
        var pd = new double[n];
        var pf = new float[n];
        TopKSoftmax.InclusionProbabilities<double>(sd, k, pd);
        TopKSoftmax.InclusionProbabilities<float>(sf, k, pf);
        foreach (var i in new[] { top[0], top[k - 1], top[k / 2], rng.Next(n), rng.Next(n), rng.Next(n) })
        {
            var exactP = Math.Exp(Math.Log(Math.Exp(sd[i])) + ExactLogE(sd, k - 1, skip: i) - exact);
            Assert.True(Math.Abs(pd[i] - exactP) < 1e-12, $"double P({i}) {pd[i]:R} vs {exactP:R}");
            Assert.True(Math.Abs(pf[i] - exactP) < 1e-4, $"float P({i}) {pf[i]:R} vs {exactP:R}");
        }
    }

    [Fact]
    public void Float_and_double_agree_on_moderate_inputs()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = 2 + rng.Next(60);
            var k = 1 + rng.Next(n);
            var s = RandomScores(rng, n, 10).Select(v => (double)(float)v).ToArray();
            var sf = s.Select(v => (float)v).ToArray();
            var targets = RandomTargets(rng, 0, n, k);
            var gd = new double[n];
            var gf = new float[n];
            var ld = TopKSoftmax.Loss<double>(s, targets, gd);
            var lf = TopKSoftmax.Loss<float>(sf, targets, gf);
            Assert.True(Math.Abs(ld - lf) < 1e-4 * Math.Max(1, Math.Abs(ld)), $"loss {ld} vs {lf}");
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(gd[i] - gf[i]) < 1e-5, $"gradient[{i}] {gd[i]} vs {gf[i]}");
            }
        }
    }

    [Fact]
    public void Huge_finite_scores_neither_overflow_nor_give_NaN()
    {
        var s = new[] { 1e30f, -1e30f, 0f, 5f, 3e38f, -3e38f };
        var grad = new float[s.Length];
        var loss = TopKSoftmax.Loss<float>(s, new[] { 0, 4 }, grad);
        Assert.True(float.IsFinite(loss) && Math.Abs(loss) < 1e-3, $"loss {loss}");
        Assert.All(grad, g => Assert.True(float.IsFinite(g)));

        // The two largest are the targets in the other order too; the loss of a non-maximal set is huge but finite.
        loss = TopKSoftmax.Loss<float>(s, new[] { 2, 3 }, grad);
        Assert.True(float.IsFinite(loss) && loss > 1e38f, $"loss {loss}");
        Assert.All(grad, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void Special_values_absent_classes_NaN_and_empty_rows()
    {
        var ninf = double.NegativeInfinity;
        var s = new[] { 1.0, ninf, 2.0, 0.5 };
        var grad = new double[4];
        var loss = TopKSoftmax.Loss<double>(s, new[] { 0, 2 }, grad);
        Close(TopKSoftmax.Loss<double>(new[] { 1.0, 2.0, 0.5 }, new[] { 0, 1 }), loss, 1e-15, "−∞ drops out");
        Assert.Equal(0.0, grad[1]);

        // An absent target: probability 0, loss +∞, gradient finite.
        loss = TopKSoftmax.Loss<double>(s, new[] { 1, 2 }, grad);
        Assert.Equal(double.PositiveInfinity, loss);
        Assert.Equal(-1.0, grad[1]);
        Assert.All(grad, g => Assert.True(double.IsFinite(g)));

        // Fewer than k present classes: no k-subset; 0 and 0.
        loss = TopKSoftmax.Loss<double>(new[] { ninf, ninf, 3.0 }, new[] { 0, 2 }, grad.AsSpan(0, 3));
        Assert.Equal(0.0, loss);
        Assert.All(grad.AsSpan(0, 3).ToArray(), g => Assert.Equal(0.0, g));

        // NaN gives NaN, never a silent number.
        loss = TopKSoftmax.Loss<double>(new[] { 1.0, double.NaN, 3.0 }, new[] { 0 }, grad.AsSpan(0, 3));
        Assert.True(double.IsNaN(loss));
        Assert.True(double.IsNaN(grad[0]));
        Assert.True(float.IsNaN(TopKSoftmax.PaddedLoss<float>(new[] { float.NaN, 1f, 2f }, new[] { 0, 1 })));
    }

    [Fact]
    public void Batch_is_the_mean_over_rows_that_count()
    {
        var rng = new Random(5);
        const int rows = 5;
        const int classes = 9;
        const int k = 3;
        var s = RandomScores(rng, rows * classes, 5);
        for (var c = 0; c < classes; c++)
        {
            s[(3 * classes) + c] = double.NegativeInfinity;   // row 3 is empty: it does not count
        }

        var targets = new int[rows * k];
        for (var r = 0; r < rows; r++)
        {
            RandomTargets(rng, 0, classes, k).CopyTo(targets, r * k);
        }

        var grad = new double[s.Length];
        var work = new double[TopKSoftmax.WorkspaceLength(classes, k)];
        var loss = TopKSoftmax.Batch<double>(s, targets, classes, grad, work);
        Close(TopKSoftmax.Batch<double>(s, targets, classes), loss, 1e-15, "forward-only batch");
        Close(loss, TopKSoftmax.Batch<double>(s, targets, classes, grad.ToArray()), 1e-15, "pooled scratch");

        var expected = 0.0;
        var rowGrad = new double[classes];
        for (var r = 0; r < rows; r++)
        {
            var rowLoss = TopKSoftmax.Loss<double>(s.AsSpan(r * classes, classes), targets.AsSpan(r * k, k), rowGrad);
            expected += rowLoss;
            for (var c = 0; c < classes; c++)
            {
                Close(rowGrad[c] / 4, grad[(r * classes) + c], 1e-15, $"gradient[{r}, {c}]");
            }
        }

        Close(expected / 4, loss, 1e-14, "mean over the 4 rows that count");

        // Padded batch: the same rule; compare with rows.
        var pt = new int[rows * k];
        for (var r = 0; r < rows; r++)
        {
            RandomTargets(rng, 1, classes - 1, 1 + (r % k)).CopyTo(pt, r * k);
        }

        var pg = new double[s.Length];
        var pl = TopKSoftmax.PaddedBatch<double>(s, pt, classes, pg);
        Close(TopKSoftmax.PaddedBatch<double>(s, pt, classes), pl, 1e-15, "forward-only padded batch");
        var pe = 0.0;
        for (var r = 0; r < rows; r++)
        {
            if (r == 3)
            {
                continue;
            }

            pe += TopKSoftmax.PaddedLoss<double>(s.AsSpan(r * classes, classes), pt.AsSpan(r * k, k), rowGrad);
            for (var c = 0; c < classes; c++)
            {
                Close(rowGrad[c] / 4, pg[(r * classes) + c], 1e-15, $"padded gradient[{r}, {c}]");
            }
        }

        Close(pe / 4, pl, 1e-14, "padded mean");
    }

    [Fact]
    public void Prediction_top_k_and_padding_threshold()
    {
        var s = new[] { 0.5f, 3f, -1f, 3f, 2f, float.NaN, 0.7f };
        var top = new int[3];
        TopKSoftmax.TopK<float>(s, top);
        Assert.Equal(new[] { 1, 3, 4 }, top);

        var all = new int[7];
        TopKSoftmax.TopK<float>(s, all);
        Assert.Equal(new[] { 1, 3, 4, 6, 0, 2, 5 }, all);

        // Padding: class 0 (score 0.5) is the threshold; at most K real classes above it, then padding zeros.
        var predicted = new int[4];
        Assert.Equal(4, TopKSoftmax.PredictPadded<float>(s, predicted));
        Assert.Equal(new[] { 1, 3, 4, 6 }, predicted);
        predicted = new int[2];
        Assert.Equal(2, TopKSoftmax.PredictPadded<float>(s, predicted));
        Assert.Equal(new[] { 1, 3 }, predicted);
        var high = (float[])s.Clone();
        high[0] = 2.5f;
        predicted = new int[5];
        Assert.Equal(2, TopKSoftmax.PredictPadded<float>(high, predicted));
        Assert.Equal(new[] { 1, 3, 0, 0, 0 }, predicted);

        // The padded prediction is the mode of the padded distribution: its targets have the lowest loss.
        var rng = new Random(3);
        var sd = RandomScores(rng, 9, 2);
        var best = new int[4];
        TopKSoftmax.PredictPadded<double>(sd, best);
        var bestLoss = TopKSoftmax.PaddedLoss<double>(sd, best);
        for (var trial = 0; trial < 200; trial++)
        {
            var other = new int[4];
            RandomTargets(rng, 1, 8, rng.Next(5)).CopyTo(other, 0);
            Assert.True(TopKSoftmax.PaddedLoss<double>(sd, other) >= bestLoss - 1e-12);
        }
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var s = new[] { 1.0, 2.0, 3.0 };
        var g = new double[3];
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, Array.Empty<int>())).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { 0, 1, 2, 0 })).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { 0, 0 })).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { 3 })).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { -1 })).ParamName);
        Assert.Equal("gradient", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { 1 }, new double[2])).ParamName);
        Assert.Equal("workspace", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Loss<double>(s, new[] { 1 }, g, new double[3])).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.LogPartition<double>(s, 4)).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.LogPartition<double>(s, 0)).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.PaddedLogPartition<double>(s, 3)).ParamName);
        Assert.Equal("indices", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.TopK<double>(s, new int[4])).ParamName);

        // Padded: 0 may repeat, real labels may not; K ≤ n real classes.
        Assert.Equal(TopKSoftmax.PaddedLoss<double>(s, new[] { 0, 0 }), TopKSoftmax.PaddedLoss<double>(s, new[] { 0, 0 }));
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.PaddedLoss<double>(s, new[] { 2, 2 })).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.PaddedLoss<double>(s, new[] { 0, 0, 0 })).ParamName);

        // Batched shapes.
        Assert.Equal("classes", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Batch<double>(s, new[] { 0 }, 0)).ParamName);
        Assert.Equal("scores", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Batch<double>(s, new[] { 0 }, 2)).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Batch<double>(new double[6], new[] { 0, 1, 2 }, 3)).ParamName);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => TopKSoftmax.Batch<double>(new double[6], new[] { 0, 1, 2, 2 }, 3)).ParamName);
    }

    [Fact]
    public void With_a_workspace_nothing_is_allocated()
    {
        var rng = new Random(9);
        var s = RandomScores(rng, 400, 10).Select(v => (float)v).ToArray();
        var targets = RandomTargets(rng, 0, 200, 20);
        var grad = new float[200];
        var batchGrad = new float[400];
        var batchTargets = targets.Concat(RandomTargets(rng, 0, 200, 20)).ToArray();
        var work = new double[TopKSoftmax.WorkspaceLength(200, 20)];
        TopKSoftmax.Loss<float>(s.AsSpan(0, 200), targets, grad, work);
        TopKSoftmax.Batch<float>(s, batchTargets, 200, batchGrad, work);
        TopKSoftmax.Loss<float>(s.AsSpan(0, 200), targets);
        var small = new[] { 1, 2 };
        TopKSoftmax.Loss<float>(s.AsSpan(0, 12), small, grad.AsSpan(0, 12));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            TopKSoftmax.Loss<float>(s.AsSpan(0, 200), targets, grad, work);
            TopKSoftmax.Batch<float>(s, batchTargets, 200, batchGrad, work);
            TopKSoftmax.Loss<float>(s.AsSpan(0, 200), targets);
            TopKSoftmax.Loss<float>(s.AsSpan(0, 12), small, grad.AsSpan(0, 12)); // stackalloc path
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
