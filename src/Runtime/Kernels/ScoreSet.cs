using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PairwiseLoss;

/// <summary>
/// A set-valued side of a constraint over a span of scores: every element, every element but one (<c>others</c>),
/// or the elements a label marks (<c>pos</c>/<c>neg</c>; soft labels give each element a weight).
/// Generated code builds these; a score of −inf is absent from every set.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct ScoreSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<bool> _hardLabels;
    private readonly ReadOnlySpan<T> _softLabels;
    private readonly int _excluded;
    private readonly Membership _membership;

    private ScoreSet(ReadOnlySpan<T> scores, Membership membership, int excluded, ReadOnlySpan<bool> hardLabels, ReadOnlySpan<T> softLabels)
    {
        Scores = scores;
        _membership = membership;
        _excluded = excluded;
        _hardLabels = hardLabels;
        _softLabels = softLabels;
    }

    private enum Membership : byte
    {
        All,
        Positive,
        Negative,
        SoftPositive,
        SoftNegative,
    }

    /// <summary>The scores the set ranges over.</summary>
    public ReadOnlySpan<T> Scores { get; }

    /// <summary>Every score.</summary>
    public static ScoreSet<T> All(ReadOnlySpan<T> scores) => new(scores, Membership.All, -1, default, default);

    /// <summary>Every score except the one at <paramref name="excluded"/> (the <c>others</c> of a target).</summary>
    public static ScoreSet<T> AllExcept(ReadOnlySpan<T> scores, int excluded) => new(scores, Membership.All, excluded, default, default);

    /// <summary>The scores whose hard label equals <paramref name="positive"/>.</summary>
    public static ScoreSet<T> Labelled(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, bool positive)
    {
        Guard.SameLength(labels.Length, scores.Length, nameof(labels));
        return new(scores, positive ? Membership.Positive : Membership.Negative, -1, labels, default);
    }

    /// <summary>Every score, weighted by t_i (positive) or 1 − t_i (negative); weight 0 drops the element.</summary>
    public static ScoreSet<T> Labelled(ReadOnlySpan<T> scores, ReadOnlySpan<T> labels, bool positive)
    {
        Guard.SameLength(labels.Length, scores.Length, nameof(labels));
        return new(scores, positive ? Membership.SoftPositive : Membership.SoftNegative, -1, default, labels);
    }

    /// <summary>The element's weight, or 0 when it is not in the set (masked elements are handled by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T Weight(int index) => _membership switch
    {
        Membership.All => index == _excluded ? T.Zero : T.One,
        Membership.Positive => _hardLabels[index] ? T.One : T.Zero,
        Membership.Negative => _hardLabels[index] ? T.Zero : T.One,
        Membership.SoftPositive => _softLabels[index],
        _ => T.One - _softLabels[index],
    };

    /// <summary>Whether every member has weight 1, so the kernels can skip the log of the weight.</summary>
    internal bool IsUnweighted => _membership is not (Membership.SoftPositive or Membership.SoftNegative);

    /// <summary>Every score but possibly one excluded index: the vectorised path needs no labels.</summary>
    internal bool IsAll => _membership == Membership.All;

    /// <summary>The index left out of an <c>others</c> set, or −1.</summary>
    internal int Excluded => _excluded;

    /// <summary>Members are chosen by hard labels; <see cref="IsPositive"/> tells which value.</summary>
    internal bool IsHardLabelled => _membership is Membership.Positive or Membership.Negative;

    internal bool IsPositive => _membership is Membership.Positive or Membership.SoftPositive;

    internal ReadOnlySpan<bool> HardLabels => _hardLabels;
}
