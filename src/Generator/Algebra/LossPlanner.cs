using System;
using System.Collections.Generic;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Algebra;

/// <summary>
/// Factorises pairs into blocks. A pair of sides L &lt; R with margin m and weight w sums, over every element
/// i of L and j of R, <c>w·a_i·b_j·e^{γ(x_i − y_j + m)} = w·e^{γm}·(Σ_i a_i e^{γx_i})·(Σ_j b_j e^{−γy_j})</c>:
/// the product of two per-side log-sums (factors), each computed once however many blocks share it.
/// This turns O(|L|·|R|) into O(|L| + |R|). Numbers fold into the block's offset.
/// </summary>
internal static class LossPlanner
{
    /// <param name="pairs">The resolved constraints.</param>
    /// <param name="marginInFactors">
    /// Circle Loss: the margin shapes each element's logit, so sides shared by pairs of different margins are different
    /// factors (reusing one side's terms across margins would compute the wrong loss).
    /// </param>
    public static LossPlan Plan(IReadOnlyList<Pair> pairs, bool marginInFactors = false)
    {
        var factors = new List<Factor>();
        var blocks = new List<Block>();
        var maxIndex = -1;
        foreach (var pair in pairs)
        {
            if (pair.Weight == 0)
            {
                continue; // weight 0 drops the pair: it contributes exactly nothing
            }

            var (margin, runtimeMargin) = marginInFactors ? (pair.Margin, pair.RuntimeMargin) : (0.0, false);
            var left = FactorIndex(factors, new Factor(pair.Left, Right: false, margin, runtimeMargin));
            var right = FactorIndex(factors, new Factor(pair.Right, Right: true, margin, runtimeMargin));
            var constant = ConstantOf(pair.Left) - ConstantOf(pair.Right);
            blocks.Add(new Block(left, right, pair.Margin, pair.RuntimeMargin, constant, pair.Weight, pair.Text));
            maxIndex = Math.Max(maxIndex, Math.Max(IndexOf(pair.Left), IndexOf(pair.Right)));
        }

        return new LossPlan(factors.ToEquatableArray(), blocks.ToEquatableArray(), maxIndex);
    }

    private static int FactorIndex(List<Factor> factors, Factor factor)
    {
        if (factor.Side.Kind == SideKind.Constant)
        {
            return -1;
        }

        var index = factors.IndexOf(factor);
        if (index < 0)
        {
            factors.Add(factor);
            index = factors.Count - 1;
        }

        return index;
    }

    private static double ConstantOf(Side side) => side.Kind == SideKind.Constant ? side.Value : 0;

    private static int IndexOf(Side side) => side.Kind == SideKind.Score ? side.Index : -1;
}
