namespace PairwiseLoss.Numerics.Tests;

/// <summary>
/// Bugs found by this suite and reported (not fixed here: src/ belongs to the lead). Each switch narrows one check;
/// set it to false once the bug is fixed so the check runs in full.
/// </summary>
public static class KnownIssues
{
    /// <summary>
    /// Soft-label sets at huge logits: <c>SetKernels.LogSumExp</c> folds log w into the shift
    /// (<c>max = γx + log w</c>, which rounds to γx when |γx| ≫ |log w|/ε) while <c>AddSoftmaxGradient</c> multiplies
    /// by w again, so the gradient comes out scaled by w. Repro: <c>Losses.MultiLabelCrossEntropy(new[] { -1e30 },
    /// new[] { 0.5 }, g)</c> gives g = −0.5 (expected −1); float <c>(new[] { -5000f }, new[] { 0.5f })</c> gives
    /// −1.00021 (|g| &gt; 1). The loss itself is right. Affects every soft-label catalogue loss but BCE.
    /// </summary>
    public const bool SoftWeightLostAtHugeLogits = true;
}
