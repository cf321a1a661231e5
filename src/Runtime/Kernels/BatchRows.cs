using System;
using System.ComponentModel;

namespace PairwiseLoss;

/// <summary>The rows [firstRow, endRow) of a batched loss: returns the sum of their losses and how many rows counted.</summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T BatchRows<T, TLabel>(ReadOnlySpan<T> scores, ReadOnlySpan<TLabel> labels, ReadOnlySpan<int> targets, Span<T> gradient, T gamma, T margin, int classes, int firstRow, int endRow, out int counted);
