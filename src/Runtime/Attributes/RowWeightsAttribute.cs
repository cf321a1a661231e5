using System;

namespace PairwiseLoss;

/// <summary>
/// Marks a <c>ReadOnlySpan&lt;T&gt;</c> parameter of a batched graded or ordered loss as one weight per row (list): finite and not
/// negative; a row of weight 0 contributes nothing to the loss or the gradient. Empty means every row weighs 1.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RowWeightsAttribute : Attribute
{
}
