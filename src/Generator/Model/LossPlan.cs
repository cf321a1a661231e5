using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Model;

/// <summary>
/// A per-side log-sum: <c>log Σ_i w_i·exp(±γ·x_i)</c> over the elements of <see cref="Side"/>; "+" when the side is
/// on the left of '&lt;' (<see cref="Right"/> false), "−" on the right. For a scalar side it is just <c>±γ·x</c>.
/// A Circle Loss factor's logit also depends on the relaxation m (its α and Δ), so there a factor is one side with
/// one margin, <see cref="Margin"/> or the run-time <c>margin</c> parameter (<see cref="RuntimeMargin"/>); elsewhere
/// the margin is a block offset and both are 0/false.
/// </summary>
internal readonly record struct Factor(Side Side, bool Right, double Margin = 0, bool RuntimeMargin = false);

/// <summary>
/// A complete bipartite block "every element of Left below every element of Right":
/// <c>Σ_i Σ_j w·a_i·b_j·exp(γ(x_i − y_j + m))</c> = <c>exp(log w + γ(m + c) + F_left + F_right)</c>.
/// A side that is a number has no factor (index −1): it is folded into <see cref="Constant"/> c = c_left − c_right.
/// With <see cref="RuntimeMargin"/> the margin is the method's <c>margin</c> parameter, not <see cref="Margin"/>.
/// </summary>
internal readonly record struct Block(int Left, int Right, double Margin, bool RuntimeMargin, double Constant, double Weight, string Text);

/// <summary>The factorised loss: the factors to reduce once each, and the blocks that combine them.</summary>
internal sealed record LossPlan(EquatableArray<Factor> Factors, EquatableArray<Block> Blocks, int MaxScoreIndex);
