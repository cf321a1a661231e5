using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

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
            // A tie with a maximum that overflowed to +∞ counts 1 (the limit with equal rates), never e^{∞ − ∞}.
            rest += z == max ? T.One : T.Exp(z - max);
        }
    }

    /// <summary>
    /// After <see cref="Finish"/>: the share <c>p = e^{z − C_j}</c> of a term z of class j. A term that overflowed to
    /// +∞ shares the class equally with the other +∞ terms (1 / their number), never <c>e^{∞ − ∞}</c> = NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Share(int column, T z)
    {
        var c = _max[column];
        if (z == T.NegativeInfinity)
        {
            return T.Zero;
        }

        return T.IsPositiveInfinity(z) && c == z ? T.One / (T.One + _rest[column]) : T.Exp(z - c);
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
