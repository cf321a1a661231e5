using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Package;

/// <summary>
/// Declarations whose TorchSharp forms the generator writes (this project references PairwiseLoss.TorchSharp): each
/// test below calls the generated <c>Tensor</c> overload, not the span method.
/// </summary>
public static partial class UserLosses
{
    // a literal pair
    [PairwiseLoss(Gamma = 2, Margin = 0.1)]
    [Want("s1 < s0")]
    public static partial double Pair(ReadOnlySpan<double> s, Span<double> grad);

    [PairwiseLoss(Gamma = 2, Margin = 0.1)]
    [Want("s1 < s0")]
    public static partial float Pair(ReadOnlySpan<float> s, Span<float> grad);

    // sets with labels: negatives below the threshold 0, positives above it
    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial double Zlpr(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> grad);

    [PairwiseLoss]
    [Want("neg < 0 < pos")]
    public static partial double Zlpr(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, Span<double> grad);

    // Circle Loss: two score tensors, each with its gradient
    [PairwiseLoss(Circle = true, Gamma = 32, Margin = 0.25)]
    [Want("sn < sp")]
    public static partial double Circle(ReadOnlySpan<double> sp, ReadOnlySpan<double> sn, Span<double> gradSp, Span<double> gradSn);

    // hard: the γ → ∞ limit, max(0, max over the chain's pairs of (l − r + m))
    [PairwiseLoss(Hard = true, Margin = 0.5)]
    [Want("s2 < s1 < s0")]
    public static partial double HardChain(ReadOnlySpan<double> s, Span<double> grad);

    // one hinge per (negative, positive) pair
    [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
    [Want("neg < pos")]
    public static partial double Hinges(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> grad);

    // batched softmax cross-entropy, float and double under one tensor overload
    [PairwiseLoss(Batched = true)]
    [Want("others < target")]
    public static partial float Softmax(ReadOnlySpan<float> scores, ReadOnlySpan<int> targets, int classes, Span<float> grad);

    [PairwiseLoss(Batched = true)]
    [Want("others < target")]
    public static partial double Softmax(ReadOnlySpan<double> scores, ReadOnlySpan<int> targets, int classes, Span<double> grad);

    // three score tensors, each with its gradient
    [PairwiseLoss(Gamma = 3)]
    [Want("a < b")]
    [Want("c < b", Margin = 0.2)]
    public static partial double ThreeSpans(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, Span<double> gradA, Span<double> gradB, Span<double> gradC);

    // forward only: the tensor form returns the value without gradient
    [PairwiseLoss(Gamma = 2, Margin = 0.1)]
    [Want("s1 < s0")]
    public static partial double PairValue(ReadOnlySpan<double> s);
}

/// <summary>
/// The generated tensor forms of <see cref="UserLosses"/>: the gradient reaching a <c>Linear</c> layer equals TorchSharp
/// autograd of the same formula, and on the CPU the tensor form equals the span form.
/// </summary>
public sealed class GeneratedTensorFormTests
{
    const int Features = 6;

    static (nn.Module<Tensor, Tensor> Model, Tensor X) Linear(int seed, int outputs, long rows = 0, ScalarType dtype = ScalarType.Float64, double scale = 1)
    {
        manual_seed(seed);
        var model = nn.Linear(Features, outputs, dtype: dtype);
        var x = (rows == 0 ? randn(Features, dtype: dtype) : randn(rows, Features, dtype: dtype)) * scale;
        return (model, x);
    }

    static void SameGradients(nn.Module<Tensor, Tensor> model, Tensor x, Func<Tensor, Tensor> ours, Func<Tensor, Tensor> reference, double tolerance = 1e-10)
    {
        var actual = TorchLossesTests.Step(model, x, ours);
        var expected = TorchLossesTests.Step(model, x, reference);
        Assert.True(Math.Abs(expected.Loss - actual.Loss) <= tolerance * (1 + Math.Abs(expected.Loss)), $"loss {actual.Loss} vs {expected.Loss}");
        TorchLossesTests.Close(expected.Weight, actual.Weight, tolerance, "∂L/∂W");
        TorchLossesTests.Close(expected.Bias, actual.Bias, tolerance, "∂L/∂b");
        Assert.Contains(actual.Weight, g => g != 0);
    }

    static Tensor LogWeight(Tensor t, bool positive) => (positive ? t : 1 - t).log();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Literal_pair(int seed)
    {
        var (model, x) = Linear(seed, 2);
        // log(1 + e^{γ(s1 − s0 + m)})
        SameGradients(model, x, s => UserLosses.Pair(s), s => nn.functional.softplus(2 * (s[1] - s[0] + 0.1)));
    }

    [Fact]
    public void Literal_pair_in_float32_picks_the_float_form()
    {
        var (model, x) = Linear(4, 2, dtype: ScalarType.Float32);
        SameGradients(model, x, s => UserLosses.Pair(s), s => nn.functional.softplus(2 * (s[1] - s[0] + 0.1)), 1e-5);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 30.0)]
    public void Sets_with_hard_and_soft_labels(int seed, double scale)
    {
        var (model, x) = Linear(seed, 7, scale: scale);
        var hard = tensor(new[] { true, false, false, true, false, true, false });
        var soft = rand(7, dtype: ScalarType.Float64);
        Tensor Zlpr(Tensor s, Tensor t) =>
            cat(new[] { zeros(1, dtype: s.dtype), s + LogWeight(t, false) }).logsumexp(0) + cat(new[] { zeros(1, dtype: s.dtype), -s + LogWeight(t, true) }).logsumexp(0);
        SameGradients(model, x, s => UserLosses.Zlpr(s, hard), s => Zlpr(s, hard.to_type(ScalarType.Float64)));
        SameGradients(model, x, s => UserLosses.Zlpr(s, soft), s => Zlpr(s, soft));
    }

    [Fact]
    public void Circle_gives_both_score_tensors_their_gradient()
    {
        var (model, x) = Linear(5, 7, scale: 0.3);
        SameGradients(model, x,
            s => UserLosses.Circle(s.narrow(0, 0, 3), s.narrow(0, 3, 4)),
            s => TorchLossesTests.Circle(s.narrow(0, 0, 3), s.narrow(0, 3, 4), 32, 0.25));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Hard_chain(int seed)
    {
        var (model, x) = Linear(seed, 3);
        // max(0, s1 − s0 + m, s2 − s1 + m, s2 − s0 + m)
        SameGradients(model, x, s => UserLosses.HardChain(s),
            s => stack(new[] { zeros(new long[0], dtype: s.dtype), s[1] - s[0] + 0.5, s[2] - s[1] + 0.5, s[2] - s[0] + 0.5 }).max());
    }

    [Fact]
    public void Per_pair_hinges()
    {
        var (model, x) = Linear(6, 6);
        var labels = tensor(new[] { false, true, false, true, true, false });
        var t = labels.to_type(ScalarType.Float64);
        SameGradients(model, x, s => UserLosses.Hinges(s, labels),
            s => ((1 + s.unsqueeze(1) - s.unsqueeze(0)).relu() * (1 - t).unsqueeze(1) * t.unsqueeze(0)).sum());
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e-10)]
    [InlineData(ScalarType.Float32, 1e-5)]
    public void Batched_softmax_picks_the_form_by_dtype(ScalarType dtype, double tolerance)
    {
        const int Rows = 5, Classes = 4;
        var (model, x) = Linear(7, Classes, Rows, dtype);
        var targets = tensor(new long[] { 0, 3, 2, 2, 1 });
        SameGradients(model, x, s => UserLosses.Softmax(s, targets, Classes), s => nn.functional.cross_entropy(s, targets), tolerance);
    }

    [Fact]
    public void Forward_only_declaration_returns_the_value_without_gradient()
    {
        var s = tensor(new[] { 0.3, 0.8 }, requires_grad: true);
        var value = UserLosses.PairValue(s);
        Assert.False(value.requires_grad);
        Assert.Equal(Math.Log(1 + Math.Exp(2 * (0.8 - 0.3 + 0.1))), value.item<double>(), 12);
        Assert.Equal("s", Assert.Throws<ArgumentException>(() => UserLosses.PairValue(tensor(new[] { 0.3f, 0.8f }))).ParamName);
    }

    /// <summary>On the CPU the tensor form is the span form: same loss, same gradient (to 1e-6, here bit for bit).</summary>
    [Fact]
    public void Tensor_form_equals_span_form_on_the_CPU()
    {
        var rng = new Random(11);
        var scores = Enumerable.Range(0, 12).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        var labels = Enumerable.Range(0, 12).Select(i => i % 3 == 0).ToArray();

        var spanGradient = new double[12];
        double spanLoss = UserLosses.Zlpr(scores, labels, spanGradient);

        var s = tensor(scores, requires_grad: true);
        var loss = UserLosses.Zlpr(s, tensor(labels));
        loss.backward();
        Assert.True(Math.Abs(spanLoss - loss.item<double>()) <= 1e-6);
        TorchLossesTests.Close(spanGradient, s.grad!.data<double>().ToArray(), 1e-6, "tensor vs span gradient");

        var batchGradient = new double[12];
        int[] targets = { 2, 0, 3 };
        double batchLoss = UserLosses.Softmax(scores, targets, 4, batchGradient);
        var b = tensor(scores, new long[] { 3, 4 }, requires_grad: true);
        var batch = UserLosses.Softmax(b, tensor(targets), 4);
        batch.backward();
        Assert.True(Math.Abs(batchLoss - batch.item<double>()) <= 1e-6);
        TorchLossesTests.Close(batchGradient, b.grad!.data<double>().ToArray(), 1e-6, "batched tensor vs span gradient");
    }

    [Fact]
    public void Three_score_tensors_get_the_span_forms_gradients()
    {
        double[] a = { 0.4, -1.2, 0.9 }, b = { 0.1, 0.7 }, c = { 1.5, -0.3, 0.2, 0.8 };
        var (ga, gb, gc) = (new double[a.Length], new double[b.Length], new double[c.Length]);
        double expected = UserLosses.ThreeSpans(a, b, c, ga, gb, gc);

        var (ta, tb, tc) = (tensor(a, requires_grad: true), tensor(b, requires_grad: true), tensor(c, requires_grad: true));
        var loss = UserLosses.ThreeSpans(ta, tb, tc);
        loss.backward();
        Assert.True(Math.Abs(expected - loss.item<double>()) <= 1e-6);
        TorchLossesTests.Close(ga, ta.grad!.data<double>().ToArray(), 1e-6, "∂L/∂a");
        TorchLossesTests.Close(gb, tb.grad!.data<double>().ToArray(), 1e-6, "∂L/∂b");
        TorchLossesTests.Close(gc, tc.grad!.data<double>().ToArray(), 1e-6, "∂L/∂c");
        Assert.All(new[] { ga, gb, gc }, g => Assert.Contains(g, x => x != 0));
    }

    [Fact]
    public void Generated_forms_throw_ArgumentException_naming_the_parameter()
    {
        var s = randn(3, 4, dtype: ScalarType.Float64);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => UserLosses.Softmax(s, tensor(new long[] { 0, 1 }), 4)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => UserLosses.Softmax(s.to_type(ScalarType.Int32), tensor(new long[] { 0, 1, 2 }), 4)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => UserLosses.Zlpr(randn(4, dtype: ScalarType.Float64), tensor(new[] { true, false }))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => UserLosses.Hinges(randn(3, dtype: ScalarType.Float64), tensor(new[] { 0.0, 0.5, 1.0 }))).ParamName);
        Assert.Equal("s", Assert.Throws<ArgumentException>(() => UserLosses.Pair(randn(1, dtype: ScalarType.Float64))).ParamName);
    }
}

/// <summary>
/// <see cref="TensorLoss.Apply{T, TBody}"/>: a span loss with inputs of its own, written as a <c>ref struct</c> that
/// holds the other spans (no delegate, no closure), equals the generated tensor form of the same loss.
/// </summary>
public sealed class TensorLossBodyTests
{
    ref struct ZlprBody(ReadOnlySpan<bool> labels) : ITensorLossBody<double>
    {
        readonly ReadOnlySpan<bool> labels = labels;

        public double Invoke(ReadOnlySpan<double> scores, Span<double> gradient) => UserLosses.Zlpr(scores, labels, gradient);
    }

    [Fact]
    public void A_ref_struct_body_equals_the_generated_form()
    {
        manual_seed(12);
        var labels = tensor(new[] { true, false, true, false, false });
        var viaBody = randn(5, dtype: ScalarType.Float64).requires_grad_();
        var viaGenerated = viaBody.detach().clone().requires_grad_();

        using var labelSpan = TensorLoss.Constant<bool>(labels, "labels", viaBody);
        var body = new ZlprBody(labelSpan.Span);
        var loss = TensorLoss.Apply<double, ZlprBody>(viaBody, "scores", ref body);
        loss.backward();
        var expected = UserLosses.Zlpr(viaGenerated, labels);
        expected.backward();

        Assert.Equal(expected.item<double>(), loss.item<double>());
        Assert.Equal(viaGenerated.grad!.data<double>().ToArray(), viaBody.grad!.data<double>().ToArray());
        Assert.Contains(viaBody.grad!.data<double>().ToArray(), g => g != 0);
    }
}

/// <summary>What <see cref="TensorLoss"/> reads in place and what it copies.</summary>
public sealed class InPlaceReadTests
{
    static bool SameMemory<T>(ReadOnlySpan<T> span, Tensor tensor)
        where T : unmanaged =>
        System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(tensor.bytes)));

    [Fact]
    public void Contiguous_CPU_tensors_of_the_span_type_are_read_in_place()
    {
        using var scores = randn(4, 3).requires_grad_();
        using var labels = rand(4, 3).gt(0.5);
        using var soft = rand(4, 3);
        using var targets = tensor(new[] { 0, 2, 1, 1 });
        using var s = TensorLoss.Scores<float>(scores, "scores");
        using var l = TensorLoss.Constant<bool>(labels, "labels", scores);
        using var t = TensorLoss.Constant<float>(soft, "labels", scores);
        using var k = TensorLoss.Constant<int>(targets, "targets", scores);
        Assert.True(SameMemory(s.Span, scores));
        Assert.True(SameMemory(l.Span, labels));
        Assert.True(SameMemory(t.Span, soft));
        Assert.True(SameMemory(k.Span, targets));
        Assert.Equal(12, s.Gradient.Length);
        Assert.False(SameMemory<float>(s.Gradient, scores));
    }

    [Fact]
    public void Result_rejects_score_tensors_not_made_by_Scores()
    {
        using var scores = randn(3);
        using var s = TensorLoss.Scores<float>(scores, "scores");
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TensorLoss.Result(1f, default(ScoreTensor<float>))).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TensorLoss.Result(1f, s, default)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TensorLoss.Result<float>(1f, ReadOnlySpan<ScoreTensor<float>>.Empty)).ParamName);
    }

    [Fact]
    public void Views_and_other_dtypes_are_copied_with_the_same_values()
    {
        using var scores = randn(3, 4);
        using var view = scores.t();
        using var s = TensorLoss.Scores<float>(view, "scores");
        using var expected = view.contiguous();
        Assert.Equal(expected.data<float>().ToArray(), s.Span.ToArray());

        using var targets = tensor(new long[] { 3, 0, 2 });
        using var k = TensorLoss.Constant<int>(targets, "targets", scores);
        Assert.Equal(new[] { 3, 0, 2 }, k.Span.ToArray());

        using var labels = tensor(new[] { 1.0, 0.0, 1.0 });
        using var l = TensorLoss.Constant<bool>(labels, "labels", scores);
        Assert.Equal(new[] { true, false, true }, l.Span.ToArray());
    }
}
