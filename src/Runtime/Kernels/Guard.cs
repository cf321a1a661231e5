using System;
using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>Argument checks for generated code: each throws an <see cref="ArgumentException"/> naming the parameter.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>The span must hold the largest literal index the constraints read.</summary>
    public static void MinLength(int length, int required, string paramName)
    {
        if (length < required)
        {
            throw new ArgumentException($"'{paramName}' has length {length}, but the constraints read index {required - 1}: pass at least {required} elements.", paramName);
        }
    }

    /// <summary>Labels and gradients have one element per score.</summary>
    public static void SameLength(int length, int expected, string paramName)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{paramName}' has length {length}; it must have one element per score ({expected}).", paramName);
        }
    }

    /// <summary>A span that is either empty (not wanted) or has one element per score.</summary>
    internal static void EmptyOrSameLength(int length, int expected, string paramName)
    {
        if (length != 0 && length != expected)
        {
            throw new ArgumentException($"'{paramName}' has length {length}; it must be empty or have one element per score ({expected}).", paramName);
        }
    }

    /// <summary>A span must hold at least <paramref name="required"/> elements (a kernel's layout needs them all).</summary>
    internal static void AtLeast(int length, long required, string paramName)
    {
        if (length < required)
        {
            throw new ArgumentException($"'{paramName}' has length {length}, but the layout needs {required} elements.", paramName);
        }
    }

    /// <summary>A count or size that must not be negative.</summary>
    internal static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"'{paramName}' must not be negative.");
        }
    }

    /// <summary>The target indexes a score.</summary>
    public static void Target(int target, int length, string paramName)
    {
        if ((uint)target >= (uint)length)
        {
            throw new ArgumentOutOfRangeException(paramName, target, $"'{paramName}' must be an index into the {length} scores.");
        }
    }

    /// <summary>One target per row, each an index into its row.</summary>
    public static void Targets(ReadOnlySpan<int> targets, int rows, int classes, string paramName)
    {
        if (targets.Length != rows)
        {
            throw new ArgumentException($"'{paramName}' has length {targets.Length}; it must have one target per row ({rows}).", paramName);
        }

        for (var row = 0; row < targets.Length; row++)
        {
            if ((uint)targets[row] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(paramName, targets[row], $"'{paramName}[{row}]' must be a class index in [0, {classes}).");
            }
        }
    }

    /// <summary>Soft labels are probabilities: each in [0, 1], never NaN.</summary>
    public static void SoftLabels<T>(ReadOnlySpan<T> labels, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var t = labels[i];
            if (!(t >= T.Zero && t <= T.One))
            {
                throw new ArgumentException($"'{paramName}[{i}]' is {t}; soft labels must lie in [0, 1].", paramName);
            }
        }
    }

    /// <summary>The number of rows of a row-major <c>[rows × classes]</c> span.</summary>
    public static int Rows(int length, int classes, string scoresName, string classesName)
    {
        if (classes <= 0)
        {
            throw new ArgumentOutOfRangeException(classesName, classes, $"'{classesName}' must be positive.");
        }

        if (length % classes != 0)
        {
            throw new ArgumentException($"'{scoresName}' has length {length}, which is not a whole number of rows of {classes} classes.", scoresName);
        }

        return length / classes;
    }

    /// <summary>γ scales every logit: it must be finite and positive.</summary>
    public static void Gamma<T>(T gamma, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(gamma > T.Zero) || !T.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(paramName, gamma, $"'{paramName}' must be a finite number greater than 0.");
        }
    }

    /// <summary>A margin must be finite.</summary>
    public static void Finite<T>(T value, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"'{paramName}' must be a finite number.");
        }
    }

    /// <summary>Grades are numbers: NaN and +∞ are refused (a negative grade marks an invalid item).</summary>
    public static void Grades<T>(ReadOnlySpan<T> grades, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < grades.Length; i++)
        {
            if (T.IsNaN(grades[i]) || T.IsPositiveInfinity(grades[i]))
            {
                throw new ArgumentException($"'{paramName}[{i}]' is {grades[i]}; a grade must be a finite number (negative for an invalid item).", paramName);
            }
        }
    }

    /// <summary>Row weights: empty, or one finite, non-negative weight per row.</summary>
    public static void RowWeights<T>(ReadOnlySpan<T> rowWeights, int rows, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Ranking.RankingInput.RowWeights(rowWeights, rows, paramName);

    /// <summary>A target distribution's weights: finite and not negative (they need not sum to 1).</summary>
    public static void Distribution<T>(ReadOnlySpan<T> targets, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < targets.Length; i++)
        {
            if (!(targets[i] >= T.Zero) || !T.IsFinite(targets[i]))
            {
                throw new ArgumentException($"'{paramName}[{i}]' is {targets[i]}; a target weight must be finite and not negative.", paramName);
            }
        }
    }
}
