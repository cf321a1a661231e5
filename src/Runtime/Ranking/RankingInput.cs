using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>Argument checks and conversions shared by the ranking kernels.</summary>
internal static class RankingInput
{
    /// <summary>Scratch of up to this many elements is taken from the stack; larger scratch is pooled.</summary>
    public const int StackLimit = 256;

    public static void Lengths(int scores, int grades, int gradient, string gradesName, string gradientName)
    {
        Guard.SameLength(grades, scores, gradesName);
        if (gradient != 0)
        {
            Guard.SameLength(gradient, scores, gradientName);
        }
    }

    /// <summary>Grades are numbers: NaN and +inf are refused; any negative grade (−inf included) marks an invalid item.</summary>
    public static void ToDouble<T>(ReadOnlySpan<T> grades, Span<double> destination, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < grades.Length; i++)
        {
            var g = double.CreateTruncating(grades[i]);
            if (double.IsNaN(g) || double.IsPositiveInfinity(g))
            {
                throw new ArgumentException($"'{paramName}[{i}]' is {g}; a grade must be a finite number (negative for an invalid item).", paramName);
            }

            destination[i] = g < 0 ? -1 : g;
        }
    }

    public static void ToDouble(ReadOnlySpan<int> grades, Span<double> destination)
    {
        for (var i = 0; i < grades.Length; i++)
        {
            destination[i] = grades[i] < 0 ? -1 : grades[i];
        }
    }

    /// <summary>
    /// The grades a list order stands for, row by row of <paramref name="items"/>: one level per position, so every item is
    /// above (or below) every later one.
    /// </summary>
    public static void Positions(Span<double> destination, int items, ListOrder order, string paramName)
    {
        if (order is not (ListOrder.EarlierAbove or ListOrder.LaterAbove))
        {
            throw new ArgumentOutOfRangeException(paramName, order, $"'{paramName}' must be EarlierAbove or LaterAbove.");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var position = i % items;
            destination[i] = order == ListOrder.EarlierAbove ? items - 1 - position : position;
        }
    }

    /// <summary>Marks items whose score is −inf as invalid (grade −1): absent on both sides of every pair.</summary>
    public static void MaskAbsent<T>(ReadOnlySpan<T> scores, Span<double> grades)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] == T.NegativeInfinity)
            {
                grades[i] = -1;
            }
        }
    }

    public static int Rows(int scores, int grades, int items, int gradient, string scoresName, string gradesName, string itemsName, string gradientName)
    {
        var rows = Guard.Rows(scores, items, scoresName, itemsName);
        Guard.SameLength(grades, scores, gradesName);
        if (gradient != 0)
        {
            Guard.SameLength(gradient, scores, gradientName);
        }

        return rows;
    }

    public static void RowWeights<T>(ReadOnlySpan<T> weights, int rows, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (weights.IsEmpty)
        {
            return;
        }

        if (weights.Length != rows)
        {
            throw new ArgumentException($"'{paramName}' has length {weights.Length}; it must be empty or have one weight per row ({rows}).", paramName);
        }

        for (var r = 0; r < rows; r++)
        {
            if (!(weights[r] >= T.Zero) || !T.IsFinite(weights[r]))
            {
                throw new ArgumentException($"'{paramName}[{r}]' is {weights[r]}; a row weight must be finite and not negative.", paramName);
            }
        }
    }

    /// <summary>γ, m, the reduction and the row weights of a batched kernel, each error naming its parameter.</summary>
    public static void BatchSettings<T>(T gamma, T margin, RankingReduction reduction, ReadOnlySpan<T> rowWeights, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.Gamma(gamma, nameof(gamma));
        Guard.Finite(margin, nameof(margin));
        Reduction(reduction, nameof(reduction));
        RowWeights(rowWeights, rows, nameof(rowWeights));
    }

    public static void Reduction(RankingReduction reduction, string paramName)
    {
        if (reduction is not (RankingReduction.Mean or RankingReduction.WeightedMean or RankingReduction.Sum))
        {
            throw new ArgumentOutOfRangeException(paramName, reduction, $"'{paramName}' must be Mean, WeightedMean or Sum.");
        }
    }

    /// <summary>log(1 + e^z) in double without overflow; 0 for z = −inf.</summary>
    public static double Softplus(double z) =>
        z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : LogOnePlus(Math.Exp(z));

    /// <summary>log(1 + x) accurate for tiny x.</summary>
    public static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>1/(1 + e^{−z}) on the side that cannot overflow.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }

        var e = Math.Exp(z);
        return e / (1 + e);
    }

    /// <summary>
    /// Sorts the valid items by grade (keys ascending, <paramref name="items"/> alongside). Grades already in order, as a list
    /// order gives them (ascending or descending), take one linear pass instead of a sort: a list order is O(n) throughout.
    /// </summary>
    public static void SortByGrade(Span<double> keys, Span<int> items)
    {
        bool ascending = true, descending = true;
        for (var k = 1; k < keys.Length && (ascending || descending); k++)
        {
            ascending &= keys[k - 1] <= keys[k];
            descending &= keys[k - 1] >= keys[k];
        }

        if (ascending)
        {
            return;
        }

        if (descending)
        {
            keys.Reverse();
            items.Reverse();
            return;
        }

        keys.Sort(items);
    }
}
