using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET9_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace PairwiseLoss.Ranking;

/// <summary>
/// Per-pair ranking losses over grades: <c>L = Σ_{g_i &lt; g_j} w(g_i, g_j)·ℓ(γ(s_i − s_j + m))</c> with ℓ a <see cref="PairFunction"/>
/// (RankNet / TF-Ranking pairwise logistic, hinge, squared hinge, soft zero-one) and w a <see cref="PairWeight"/>. These do not
/// factor: O(n²) per list, the inner loop over j vectorised with <c>Vector256&lt;T&gt;</c> (.NET 9+ where accelerated; a scalar loop
/// otherwise and for the tail). TF-Ranking's pairwise logistic loss is ℓ = Logistic, γ = 1, m = 0; its pairwise hinge loss is
/// ℓ = Hinge, m = 1; its soft zero-one loss is ℓ = Sigmoid, m = 0 (each per list a sum over pairs).
/// </summary>
/// <remarks>
/// <para><b>Gradient.</b> <c>∂L/∂s_i = γ(Σ_{j above i} w_ij ℓ'(x_ij) − Σ_{k below i} w_ki ℓ'(x_ki))</c>.</para>
/// <para><b>Invalid items</b> (negative grade, −inf score) are in no pair and get gradient 0; a list without a valid pair has L = 0 and is
/// not counted in a batched mean. NaN in gives NaN out. Huge finite scores give the right limit (the squared hinge overflows to +inf
/// only where its true value exceeds the type's range). The arithmetic is in T (float stays float, for speed); sums per item are
/// lane-wise. Scratch: 3n elements of T, on the stack up to 256, pooled above.</para>
/// <para>Special values: a −∞ score is absent (in no pair, gradient 0); +∞ scores give the limit of the loss and the
/// gradient as they grow together (a +∞ loss with the limit of the gradient where the loss diverges); a NaN score gives
/// a NaN loss and NaN in the gradient; finite scores never give NaN (a loss that overflows is +∞). Wrong lengths and
/// settings throw an <see cref="System.ArgumentException"/> naming the parameter.</para>
/// </remarks>
public static class GradedPairLoss
{
    /// <summary>One list with floating grades.</summary>
    /// <param name="scores">The item scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="function">The per-pair function ℓ.</param>
    /// <param name="weight">The per-pair weight w.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, PairFunction function, PairWeight weight, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        CheckParameters(function, weight, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new Row<T>(function, weight, gamma, margin);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>One list with integer grades.</summary>
    /// <inheritdoc cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, PairFunction, PairWeight, T, T, Span{T})"/>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, PairFunction function, PairWeight weight, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, grades.Length, gradient.Length, nameof(grades), nameof(gradient));
        CheckParameters(function, weight, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new Row<T>(function, weight, gamma, margin);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched over row-major <c>[rows × items]</c> lists.</summary>
    /// <param name="scores">Row-major scores; −inf marks an absent item.</param>
    /// <param name="grades">One grade per score; negative marks an invalid item.</param>
    /// <param name="items">Items per row.</param>
    /// <param name="function">The per-pair function ℓ.</param>
    /// <param name="weight">The per-pair weight w.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> grades, int items, PairFunction function, PairWeight weight, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        CheckParameters(function, weight, gamma, margin);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span, nameof(grades));
        var row = new Row<T>(function, weight, gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>Batched with integer grades.</summary>
    /// <inheritdoc cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, int, PairFunction, PairWeight, T, T, RankingReduction, ReadOnlySpan{T}, Span{T})"/>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> grades, int items, PairFunction function, PairWeight weight, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, grades.Length, items, gradient.Length, nameof(scores), nameof(grades), nameof(items), nameof(gradient));
        CheckParameters(function, weight, gamma, margin);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.ToDouble(grades, g.Span);
        var row = new Row<T>(function, weight, gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    /// <summary>One list ranked by its own order: every item below every earlier one (<see cref="ListOrder.EarlierAbove"/>), w = 1.</summary>
    /// <param name="scores">The item scores, in the list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above.</param>
    /// <param name="function">The per-pair function ℓ.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="gradient">Empty for forward only, else one element per score: receives ∂L/∂s.</param>
    public static T Loss<T>(ReadOnlySpan<T> scores, ListOrder order, PairFunction function, T gamma, T margin, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        RankingInput.Lengths(scores.Length, scores.Length, gradient.Length, nameof(scores), nameof(gradient));
        CheckParameters(function, PairWeight.One, gamma, margin);
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, Math.Max(n, 1), order, nameof(order));
        var row = new Row<T>(function, PairWeight.One, gamma, margin);
        return T.CreateTruncating(row.Evaluate(scores, g.Span, gradient, out _));
    }

    /// <summary>Batched, each row of <c>[rows × items]</c> ranked by its own order, w = 1.</summary>
    /// <param name="scores">Row-major scores, each row in its list's order; −inf marks an absent item.</param>
    /// <param name="order">Which items are above.</param>
    /// <param name="items">Items per row.</param>
    /// <param name="function">The per-pair function ℓ.</param>
    /// <param name="gamma">The scale γ, finite and positive.</param>
    /// <param name="margin">The margin m, finite.</param>
    /// <param name="reduction">How rows combine; rows without a valid pair are not counted.</param>
    /// <param name="rowWeights">Empty, or one finite non-negative weight per row.</param>
    /// <param name="gradient">Empty for forward only, else one element per score.</param>
    public static T Batch<T>(ReadOnlySpan<T> scores, ListOrder order, int items, PairFunction function, T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = RankingInput.Rows(scores.Length, scores.Length, items, gradient.Length, nameof(scores), nameof(scores), nameof(items), nameof(gradient));
        CheckParameters(function, PairWeight.One, gamma, margin);
        RankingInput.Reduction(reduction, nameof(reduction));
        RankingInput.RowWeights(rowWeights, rows, nameof(rowWeights));
        var n = scores.Length;
        using var g = new Scratch<double>(n <= RankingInput.StackLimit ? stackalloc double[n] : default, n);
        RankingInput.Positions(g.Span, items, order, nameof(order));
        var row = new Row<T>(function, PairWeight.One, gamma, margin);
        return RankingBatch.Run(ref row, scores, g.Span, items, reduction, rowWeights, gradient);
    }

    private static void CheckParameters<T>(PairFunction function, PairWeight weight, T gamma, T margin)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (function is not (PairFunction.Logistic or PairFunction.Hinge or PairFunction.SquaredHinge or PairFunction.Sigmoid))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, $"'{nameof(function)}' is not a PairFunction.");
        }

        if (weight is not (PairWeight.One or PairWeight.LabelDifference or PairWeight.SquaredLabelDifference or PairWeight.GainDifference))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"'{nameof(weight)}' is not a PairWeight.");
        }

        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
    }

    /// <summary>ℓ(x) and ℓ'(x), scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Term<T>(PairFunction function, T x, out T derivative)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (function)
        {
            case PairFunction.Logistic:
                derivative = LossMath.Sigmoid(x);
                return LossMath.Softplus(x);
            case PairFunction.Hinge:
                derivative = x > T.Zero ? T.One : T.Zero;
                return T.Max(x, T.Zero);
            case PairFunction.SquaredHinge:
                var h = T.Max(x, T.Zero);
                derivative = h + h;
                return h * h;
            default:
                var s = LossMath.Sigmoid(x);
                derivative = s * (T.One - s);
                return s;
        }
    }

    private readonly struct Row<T> : IRankingRow<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly PairFunction _function;
        private readonly PairWeight _weight;
        private readonly T _gamma;
        private readonly T _margin;

        public Row(PairFunction function, PairWeight weight, T gamma, T margin)
        {
            _function = function;
            _weight = weight;
            _gamma = gamma;
            _margin = margin;
        }

        public double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        {
            if (SpecialValues.AnyNaN(scores))
            {
                gradient.Fill(T.NaN);
                counted = true;
                return double.NaN;
            }

            if (SpecialValues.AnyPositiveInfinity(scores))
            {
                return ScalarRow(scores, grades, gradient, exponent: HugeScale(scores), out counted);
            }

            var loss = Direct(scores, grades, gradient, out counted);
            if (!(double.IsNaN(loss) || double.IsPositiveInfinity(loss) || AnyNaN(gradient)))
            {
                return loss;
            }

            if (typeof(T) == typeof(double))
            {
                // Squared hinges of differences near MaxValue overflowed with both signs: the gradient again, with each
                // term scaled by 2^−64 before it is summed.
                return ScalarRow(scores, grades, gradient, exponent: 64, out counted);
            }

            // A float value overflowed (a gain 2^g − 1 beyond float's range, or γ·z squared): the row again in double,
            // whose values round to ±∞ only where the true value is beyond float.
            var n = scores.Length;
            using var scratch = new Scratch<double>(2 * n <= RankingInput.StackLimit ? stackalloc double[2 * n] : default, 2 * n);
            var wide = scratch.Span[..n];
            var wideGradient = gradient.IsEmpty ? default : scratch.Span.Slice(n, n);
            for (var i = 0; i < n; i++)
            {
                wide[i] = double.CreateTruncating(scores[i]);
            }

            var row = new Row<double>(_function, _weight, double.CreateTruncating(_gamma), double.CreateTruncating(_margin));
            loss = row.Direct(wide, grades, wideGradient, out counted);
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = T.CreateTruncating(wideGradient[i]);
            }

            return loss;
        }

        /// <summary>2^64 where squared-hinge gradient terms of these scores could overflow alone, else 1 (exact).</summary>
        private int HugeScale(ReadOnlySpan<T> scores)
        {
            var max = Math.Abs(double.CreateTruncating(_margin));
            foreach (var v in scores)
            {
                var x = double.CreateTruncating(v);
                max = double.IsFinite(x) ? Math.Max(max, Math.Abs(x)) : max;
            }

            var gamma = double.CreateTruncating(_gamma);
            return max * (1 + gamma) * (1 + gamma) > 1e290 ? 64 : 0;
        }

        private static bool AnyNaN(Span<T> values)
        {
            foreach (var v in values)
            {
                if (T.IsNaN(v))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The pairs one by one in double. With +∞ scores, the limit as they grow together (as t): a pair's logit is ±∞
        /// when it holds more +∞ scores on one side, else the logit of the finite parts; a squared hinge grows with t, so
        /// its gradient is ±∞ by the sign of its rate. The squared hinge's gradient terms are summed at the scale
        /// 2^−<paramref name="exponent"/>, so terms that overflow alone still add up to the right sum (or its overflow).
        /// </summary>
        private double ScalarRow(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, int exponent, out bool counted)
        {
            var n = scores.Length;
            using var scratch = new Scratch<double>(2 * n <= RankingInput.StackLimit ? stackalloc double[2 * n] : default, 2 * n);
            var rate = scratch.Span[..n];
            var finite = scratch.Span.Slice(n, n);
            rate.Clear();
            finite.Clear();
            var (gamma, margin) = (double.CreateTruncating(_gamma), double.CreateTruncating(_margin));
            double loss = 0;
            counted = false;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    if (!(grades[i] >= 0 && grades[j] > grades[i]) || scores[i] == T.NegativeInfinity || scores[j] == T.NegativeInfinity)
                    {
                        continue;
                    }

                    counted = true;
                    var (si, sj) = (double.CreateTruncating(scores[i]), double.CreateTruncating(scores[j]));
                    var k = (double.IsPositiveInfinity(si) ? 1 : 0) - (double.IsPositiveInfinity(sj) ? 1 : 0);
                    (si, sj) = (double.IsPositiveInfinity(si) ? 0 : si, double.IsPositiveInfinity(sj) ? 0 : sj); // the finite parts
                    var f = gamma * (si - sj + margin);
                    var z = k > 0 ? double.PositiveInfinity : k < 0 ? double.NegativeInfinity : f;
                    var w = _weight switch
                    {
                        PairWeight.One => 1.0,
                        PairWeight.LabelDifference => grades[j] - grades[i],
                        PairWeight.SquaredLabelDifference => (grades[j] - grades[i]) * (grades[j] - grades[i]),
                        _ => Math.Pow(2, grades[j]) - Math.Pow(2, grades[i]),
                    };
                    if (w == 0)
                    {
                        continue;
                    }

                    loss += w * Term(_function, z, out var d);
                    var squared = _function == PairFunction.SquaredHinge;
                    var scaledHinge = squared && k == 0 ? gamma * (Math.ScaleB(si, -exponent) - Math.ScaleB(sj, -exponent) + Math.ScaleB(margin, -exponent)) : 0;
                    var (rateTerm, finiteTerm) = squared && k > 0 ? (2 * w * gamma * gamma * k, 0.0)
                        : squared ? (0.0, 2 * w * gamma * Math.Max(scaledHinge, 0))
                        : (0.0, w * d * gamma);
                    (rate[i], finite[i]) = (rate[i] + rateTerm, finite[i] + finiteTerm);
                    (rate[j], finite[j]) = (rate[j] - rateTerm, finite[j] - finiteTerm);
                }
            }

            for (var i = 0; i < gradient.Length; i++)
            {
                var unscaled = _function == PairFunction.SquaredHinge ? Math.ScaleB(finite[i], exponent) : finite[i];
                gradient[i] = T.CreateTruncating(rate[i] > 0 ? double.PositiveInfinity : rate[i] < 0 ? double.NegativeInfinity : unscaled);
            }

            return loss;
        }

        private double Direct(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted)
        {
            var n = scores.Length;
            var length = 3 * n;
            using var scratch = new Scratch<T>(length <= RankingInput.StackLimit ? stackalloc T[length] : default, length);
            var s = scratch.Span.Slice(0, n);
            var g = scratch.Span.Slice(n, n);
            var gain = scratch.Span.Slice(2 * n, n);
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                var valid = grades[i] >= 0 && scores[i] != T.NegativeInfinity;
                s[i] = valid ? scores[i] : T.Zero;
                g[i] = valid ? T.CreateTruncating(grades[i]) : T.NegativeInfinity;
                gain[i] = valid ? T.CreateTruncating(Math.Pow(2, grades[i]) - 1) : T.NegativeInfinity;
                if (valid)
                {
                    lo = Math.Min(lo, grades[i]);
                    hi = Math.Max(hi, grades[i]);
                }
            }

            counted = hi > lo;
            var backward = !gradient.IsEmpty;
            if (backward)
            {
                gradient.Clear();
            }

            if (!counted)
            {
                return 0;
            }

            var weights = _weight == PairWeight.GainDifference ? gain : g;
            double loss = 0;
            long exps = 0;
            for (var i = 0; i < n; i++)
            {
                if (g[i] == T.NegativeInfinity)
                {
                    continue;
                }

                var start = 0;
                T rowLoss = T.Zero, rowGrad = T.Zero;
#if NET9_0_OR_GREATER
                if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
                {
                    start = Vectorised(s, g, weights, i, backward, gradient, ref rowLoss, ref rowGrad);
                }
#endif
                for (var j = start; j < n; j++)
                {
                    if (!(g[j] > g[i]))
                    {
                        continue;
                    }

                    var w = Weight(weights[j] - weights[i]);
                    var value = Term(_function, _gamma * (s[i] - s[j] + _margin), out var d);
                    rowLoss += w * value;
                    if (backward)
                    {
                        var gd = w * d * _gamma;
                        rowGrad += gd;
                        gradient[j] -= gd;
                    }
                }

                exps += n;
                loss += double.CreateTruncating(rowLoss);
                if (backward)
                {
                    gradient[i] += rowGrad;
                }
            }

            RankingOperationCounter.Add(exps);
            return loss;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Weight(T difference) => _weight switch
        {
            PairWeight.One => T.One,
            PairWeight.SquaredLabelDifference => difference * difference,
            _ => difference,
        };

#if NET9_0_OR_GREATER
        private int Vectorised(Span<T> s, Span<T> g, Span<T> weights, int i, bool backward, Span<T> gradient, ref T rowLoss, ref T rowGrad)
        {
            var count = Vector256<T>.Count;
            var si = Vector256.Create(s[i] + _margin);
            var gi = Vector256.Create(g[i]);
            var wi = Vector256.Create(weights[i]);
            var gamma = Vector256.Create(_gamma);
            var lossAcc = Vector256<T>.Zero;
            var gradAcc = Vector256<T>.Zero;
            ref var sRef = ref MemoryMarshal.GetReference(s);
            ref var gRef = ref MemoryMarshal.GetReference(g);
            ref var wRef = ref MemoryMarshal.GetReference(weights);
            ref var dRef = ref MemoryMarshal.GetReference(gradient);
            var j = 0;
            for (; j <= s.Length - count; j += count)
            {
                var gj = Vector256.LoadUnsafe(ref gRef, (nuint)j);
                var mask = Vector256.GreaterThan(gj, gi);
                if (mask == Vector256<T>.Zero)
                {
                    continue;
                }

                var sj = Vector256.LoadUnsafe(ref sRef, (nuint)j);
                var x = gamma * (si - sj);
                var diff = Vector256.LoadUnsafe(ref wRef, (nuint)j) - wi;
                var w = _weight switch
                {
                    PairWeight.One => Vector256<T>.One,
                    PairWeight.SquaredLabelDifference => diff * diff,
                    _ => diff,
                };
                var value = VectorTerm(_function, x, out var d);
                lossAcc += Vector256.ConditionalSelect(mask, w * value, Vector256<T>.Zero);
                if (backward)
                {
                    var gd = Vector256.ConditionalSelect(mask, w * d * gamma, Vector256<T>.Zero);
                    gradAcc += gd;
                    var current = Vector256.LoadUnsafe(ref dRef, (nuint)j);
                    (current - gd).StoreUnsafe(ref dRef, (nuint)j);
                }
            }

            rowLoss += Vector256.Sum(lossAcc);
            rowGrad += Vector256.Sum(gradAcc);
            return j;
        }

        private static Vector256<T> VectorTerm(PairFunction function, Vector256<T> x, out Vector256<T> derivative)
        {
            switch (function)
            {
                case PairFunction.Logistic:
                {
                    var e = Exp(-Vector256.Abs(x));
                    var onePlus = Vector256<T>.One + e;
                    var sigmoid = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.One / onePlus, e / onePlus);
                    derivative = sigmoid;
                    var log1p = Vector256.ConditionalSelect(Vector256.Equals(onePlus, Vector256<T>.One), e, Log(onePlus) * e / (onePlus - Vector256<T>.One));
                    return Vector256.Max(x, Vector256<T>.Zero) + log1p;
                }

                case PairFunction.Hinge:
                    derivative = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One, Vector256<T>.Zero);
                    return Vector256.Max(x, Vector256<T>.Zero);
                case PairFunction.SquaredHinge:
                {
                    var h = Vector256.Max(x, Vector256<T>.Zero);
                    derivative = h + h;
                    return h * h;
                }

                default:
                {
                    var e = Exp(-Vector256.Abs(x));
                    var onePlus = Vector256<T>.One + e;
                    var sigmoid = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.One / onePlus, e / onePlus);
                    derivative = sigmoid * (Vector256<T>.One - sigmoid);
                    return sigmoid;
                }
            }
        }

        private static Vector256<T> Exp(Vector256<T> v) => typeof(T) == typeof(float)
            ? Vector256.Exp(v.AsSingle()).As<float, T>()
            : Vector256.Exp(v.AsDouble()).As<double, T>();

        private static Vector256<T> Log(Vector256<T> v) => typeof(T) == typeof(float)
            ? Vector256.Log(v.AsSingle()).As<float, T>()
            : Vector256.Log(v.AsDouble()).As<double, T>();
#endif
    }
}
