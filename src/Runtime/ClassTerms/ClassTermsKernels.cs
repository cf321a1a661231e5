using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>Row kernels shared by the class-term losses.</summary>
internal static class RowKernels
{
    /// <summary>
    /// Replaces each <c>v_j</c> by <c>log Σ_{k≠j} e^{v_k}</c> (−inf when nothing else is present), in O(n) with one exp
    /// per element and no catastrophic cancellation. −inf entries are absent.
    /// </summary>
    /// <remarks>
    /// With M1 the largest value (at a1) and M2 the largest of the others, <c>S2 = Σ_{k≠a1} e^{v_k − M2}</c> (≥ 1) gives the
    /// exclusion of a1 exactly: <c>M2 + log S2</c>. For any other j, <c>Σ_{k≠j} e^{v_k − M1} = 1 + c·(S2 − e_j)</c> with
    /// <c>c = e^{M2 − M1} ≤ 1</c> and <c>e_j = e^{v_j − M2} ≤ S2</c>: the kept 1 (the maximum) bounds the result below by 1,
    /// so the subtraction can only lose absolute precision of order ε·c·S2, never the whole value; log1p keeps the rest.
    /// </remarks>
    public static void LogSumExpExcludingEach<T>(Span<T> v)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var first = -1;
        var max1 = T.NegativeInfinity;
        var max2 = T.NegativeInfinity;
        for (var k = 0; k < v.Length; k++)
        {
            var x = v[k];
            if (x > max1)
            {
                max2 = max1;
                max1 = x;
                first = k;
            }
            else if (x > max2)
            {
                max2 = x;
            }
        }

        if (first < 0)
        {
            // Nothing present: every exclusion is empty.
            v.Fill(T.NegativeInfinity);
            return;
        }

        if (max2 == T.NegativeInfinity)
        {
            // One present value: leaving it out leaves nothing; leaving out an absent one leaves it alone.
            v.Fill(max1);
            v[first] = T.NegativeInfinity;
            return;
        }

        var sum2 = T.Zero;
        for (var k = 0; k < v.Length; k++)
        {
            if (k == first)
            {
                continue;
            }

            var e = T.Exp(v[k] - max2);
            v[k] = e;
            sum2 += e;
        }

        var c = T.Exp(max2 - max1);
        for (var k = 0; k < v.Length; k++)
        {
            v[k] = k == first ? max2 + T.Log(sum2) : max1 + LossMath.LogOnePlus(c * (sum2 - v[k]));
        }
    }
}

/// <summary>
/// Per-class accumulators of <c>log(1 + Σ_i e^{z_ij})</c>: an online log-sum-exp that starts from the implicit term e^0.
/// Each keeps its running maximum M and the sum R of the other terms relative to it (the maximum's own term is the
/// exact 1 left out), so <c>C = M + log1p(R)</c> keeps terms far below 1 (a loss of 1e-9 in float is not rounded to 0).
/// Each result is ≥ 0, and a class without terms gives exactly 0.
/// </summary>
internal readonly ref struct ColumnSums<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Span<T> _max;
    private readonly Span<T> _rest;

    public ColumnSums(Span<T> max, Span<T> rest)
    {
        _max = max;
        _rest = rest;
        _max.Clear();
        _rest.Clear();
    }

    /// <summary>After <see cref="Finish"/>: <c>C_j = log(1 + Σ_i e^{z_ij})</c> per class.</summary>
    public Span<T> Log => _max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int column, T z)
    {
        if (z == T.NegativeInfinity)
        {
            return;
        }

        ref var max = ref _max[column];
        ref var rest = ref _rest[column];
        if (z > max)
        {
            // The old maximum joins the rest: R' = (1 + R)·e^{M − z}.
            rest = (T.One + rest) * T.Exp(max - z);
            max = z;
        }
        else
        {
            rest += T.Exp(z - max);
        }
    }

    /// <summary>Turns each accumulator into <c>C_j</c> (kept in <see cref="Log"/>) and returns <c>Σ_j C_j</c>.</summary>
    public T Finish()
    {
        var total = T.Zero;
        for (var j = 0; j < _max.Length; j++)
        {
            var c = _max[j] + LossMath.LogOnePlus(_rest[j]);
            _max[j] = c;
            total += c;
        }

        return total;
    }
}

/// <summary>Labels as log-weights: hard (0 or −inf) or soft (<c>log t</c>, −inf for t = 0, so weight 0 drops the term).</summary>
internal readonly ref struct LabelWeights<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _soft;
    private readonly ReadOnlySpan<bool> _hard;
    private readonly bool _isHard;

    public LabelWeights(ReadOnlySpan<T> soft)
    {
        _soft = soft;
        _hard = default;
        _isHard = false;
    }

    public LabelWeights(ReadOnlySpan<bool> hard)
    {
        _soft = default;
        _hard = hard;
        _isHard = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T LogWeight(int index)
    {
        if (_isHard)
        {
            return _hard[index] ? T.Zero : T.NegativeInfinity;
        }

        var t = _soft[index];
        return t == T.Zero ? T.NegativeInfinity : T.Log(t);
    }

    /// <summary>Whether any label of the range is positive (a row without positives adds no term).</summary>
    public bool AnyPositive(int offset, int count)
    {
        if (_isHard)
        {
            return _hard.Slice(offset, count).Contains(true);
        }

        foreach (var t in _soft.Slice(offset, count))
        {
            if (t > T.Zero)
            {
                return true;
            }
        }

        return false;
    }
}
