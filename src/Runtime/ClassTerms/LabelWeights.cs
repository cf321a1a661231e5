using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

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
