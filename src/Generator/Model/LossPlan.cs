using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Model;

/// <summary>
/// A per-side log-sum: <c>log Σ_i w_i·exp(±γ·x_i)</c> over the elements of <see cref="Side"/>; "+" when the side is
/// on the left of '&lt;' (<see cref="Right"/> false), "−" on the right. For a scalar side it is just <c>±γ·x</c>.
/// </summary>
internal readonly record struct Factor(Side Side, bool Right);

/// <summary>
/// A complete bipartite block "every element of Left below every element of Right":
/// <c>Σ_i Σ_j w·a_i·b_j·exp(γ(x_i − y_j + m))</c> = <c>exp(log w + Offset + F_left + F_right)</c>.
/// A side that is a number has no factor (index −1): it is folded into <see cref="Offset"/> = γ(m + c_left − c_right).
/// </summary>
internal readonly record struct Block(int Left, int Right, double Offset, double Weight, string Text);

/// <summary>The factorised loss: the factors to reduce once each, and the blocks that combine them.</summary>
internal sealed record LossPlan(EquatableArray<Factor> Factors, EquatableArray<Block> Blocks, int MaxScoreIndex)
{
    public bool HasSets
    {
        get
        {
            foreach (var factor in Factors)
            {
                if (!factor.Side.IsScalar || factor.Side.Kind == SideKind.Target)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
