using System;

namespace PairwiseLoss.Ranking;

/// <summary>
/// An online log-sum-exp of terms <c>count·t + value</c> as t → ∞: only the terms with the largest count are kept,
/// as (max, Σ e^{v − max}), one exponential per value.
/// </summary>
internal struct LimitSum
{
    private double _count;
    private double _max;
    private double _sum;

    public static LimitSum Empty => new() { _max = double.NegativeInfinity };

    public readonly (double Count, double Log) Log =>
        _max == double.NegativeInfinity ? (0, double.NegativeInfinity) : (_count, _max + Math.Log(_sum));

    public void Add(double count, double value)
    {
        if (value == double.NegativeInfinity)
        {
            return;
        }

        if (_max == double.NegativeInfinity || count > _count)
        {
            (_count, _max, _sum) = (count, value, 1);
        }
        else if (count == _count)
        {
            if (value == _max)
            {
                _sum += 1; // also two terms that overflowed to +∞: never e^{∞ − ∞}
            }
            else if (value > _max)
            {
                _sum = (_sum * Math.Exp(_max - value)) + 1;
                _max = value;
            }
            else
            {
                _sum += Math.Exp(value - _max);
            }
        }
    }
}
