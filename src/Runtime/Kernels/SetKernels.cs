using System;
using System.ComponentModel;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The reductions generated code calls for set-valued sides. Every kernel is stable (shifted by its maximum),
/// treats −inf scores as absent, adds soft-label weights in log space and returns exactly 0 for an empty set.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class SetKernels
{
    /// <summary><c>log Σ_i a_i·exp(scale·x_i)</c> over the set's members; −inf when the set is empty.</summary>
    public static T LogSumExp<T>(ScoreSet<T> set, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LogSumExp(set, new LinearLogit<T>(scale));

    /// <summary><c>log Σ_i a_i·exp(ℓ(x_i))</c> for any per-element logit ℓ; −inf when the set is empty.</summary>
    internal static T LogSumExp<T, TLogit>(ScoreSet<T> set, TLogit logit)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLogit : struct, IElementLogit<T>
    {
        var scores = set.Scores;
        var max = T.NegativeInfinity;
        var any = false;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            max = T.Max(max, set.IsUnweighted ? logit.Of(x) : logit.Of(x) + T.Log(weight));
            any = true;
        }

        if (!any || !T.IsFinite(max))
        {
            return max;
        }

        var sum = T.Zero;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            // The weight joins the exponent, so it rounds exactly as it did in the maximum.
            sum += set.IsUnweighted ? T.Exp(logit.Of(x) - max) : T.Exp(logit.Of(x) + T.Log(weight) - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>
    /// Adds <c>coefficient·a_i·exp(scale·x_i − logSum)</c> to each member's gradient: the derivative of
    /// <c>coefficient/γ·LogSumExp</c>, the softmax of the set. Nothing happens for an empty set or a zero coefficient.
    /// </summary>
    public static void AddSoftmaxGradient<T>(ScoreSet<T> set, T scale, T logSum, T coefficient, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (coefficient == T.Zero || logSum == T.NegativeInfinity)
        {
            return;
        }

        var scores = set.Scores;
        if (T.IsPositiveInfinity(logSum))
        {
            AddInfiniteMembersGradient(set, scale, coefficient, gradient);
            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var weight = set.Weight(i);
            if (weight == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            var logit = set.IsUnweighted ? scale * x : (scale * x) + T.Log(weight);
            gradient[i] += coefficient * LossMath.ExpShifted(logit, logSum);
        }
    }

    /// <summary>
    /// The softmax of a side whose log-sum is +∞, in the limit along equal rates: the members whose logit is +∞ share the
    /// coefficient in proportion to their weights a_i (each +∞ score is the same t → ∞), the others get 0.
    /// </summary>
    private static void AddInfiniteMembersGradient<T>(ScoreSet<T> set, T scale, T coefficient, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scores = set.Scores;
        var total = T.Zero;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                var x = scores[i];
                var weight = set.Weight(i);
                if (weight == T.Zero || x == T.NegativeInfinity || !T.IsPositiveInfinity(scale * x))
                {
                    continue;
                }

                if (pass == 0)
                {
                    total += weight;
                }
                else
                {
                    gradient[i] += coefficient * (weight / total);
                }
            }
        }
    }

    /// <summary>
    /// <c>Σ_i w·a_i·softplus(scale·x_i + offset)</c>, one term per member; adds <c>scale·w·a_i·σ(·)</c> to the
    /// gradient (when not empty) and returns <c>Σ_i w·a_i·σ(·)</c> for the other, scalar side.
    /// </summary>
    public static T SoftplusSum<T>(ScoreSet<T> set, T scale, T offset, T weight, Span<T> gradient, out T sigmoidSum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scores = set.Scores;
        var loss = T.Zero;
        sigmoidSum = T.Zero;
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            var a = weight * set.Weight(i);
            if (a == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            var z = (scale * x) + offset;
            loss += a * LossMath.Softplus(z);
            var p = a * LossMath.Sigmoid(z);
            sigmoidSum += p;
            if (!gradient.IsEmpty)
            {
                gradient[i] += scale * p;
            }
        }

        return loss;
    }

    /// <summary>
    /// <c>Σ_i Σ_j w·a_i·b_j·softplus(γ(x_i − y_j) + offset)</c> over every pair (left member i, right member j):
    /// a sum of softplus terms does not factorise, so this is the honest quadratic form.
    /// </summary>
    public static T SoftplusPairs<T>(ScoreSet<T> left, ScoreSet<T> right, T gamma, T offset, T weight, Span<T> leftGradient, Span<T> rightGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var loss = T.Zero;
        for (var i = 0; i < left.Scores.Length; i++)
        {
            var x = left.Scores[i];
            var a = weight * left.Weight(i);
            if (a == T.Zero || x == T.NegativeInfinity)
            {
                continue;
            }

            loss += SoftplusSum(right, -gamma, (gamma * x) + offset, a, rightGradient, out var sigmoidSum);
            if (!leftGradient.IsEmpty)
            {
                leftGradient[i] += gamma * sigmoidSum;
            }
        }

        return loss;
    }

    /// <summary>Whether every score of the row is −inf (a padding row, absent from a batched mean).</summary>
    public static bool IsAllMasked<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The first score usually decides (a present row); a masked row is checked a vector at a time.
        if (row.IsEmpty || row[0] != T.NegativeInfinity)
        {
            return row.IsEmpty;
        }

        return row.IndexOfAnyExcept(T.NegativeInfinity) < 0;
    }
}
