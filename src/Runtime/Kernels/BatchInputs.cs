using System;
using System.ComponentModel;

namespace PairwiseLoss;

/// <summary>
/// The inputs of a batched loss, row-major <c>[rows × classes]</c>: the scores and the row length always, and each other
/// role only when the loss reads it, so that a call names nothing it does not use.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct BatchInputs<T, TLabel>
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    where TLabel : unmanaged
{
    public BatchInputs(ReadOnlySpan<T> scores, int classes)
    {
        Scores = scores;
        Classes = classes;
        Gamma = T.One;
        Margin = T.Zero;
    }

    public ReadOnlySpan<T> Scores { get; }

    public int Classes { get; }

    public ReadOnlySpan<TLabel> Labels { get; init; }

    public ReadOnlySpan<int> Targets { get; init; }

    /// <summary>Empty for a forward-only loss.</summary>
    public Span<T> Gradient { get; init; }

    /// <summary>γ, when the loss takes it at run time (1 otherwise).</summary>
    public T Gamma { get; init; }

    /// <summary>The default margin, when the loss takes it at run time (0 otherwise).</summary>
    public T Margin { get; init; }
}
