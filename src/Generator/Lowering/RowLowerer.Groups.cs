using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>Batched rows in groups: forward per row into the group's arrays, the blocks combined across rows, backward per row.</summary>
internal sealed partial class RowLowerer
{
    /// <summary>The per-row values the backward pass of a group needs from its forward pass: one array each.</summary>
    public IReadOnlyList<string> GroupState() => StateFactors().Select(StateName).ToList();

    /// <summary>One row of a group, forward: its factors, its block logits into the group's array, and its state.</summary>
    public void GroupForward(RowGroup group)
    {
        _out.Comment("forward");
        LoadScalars();
        DeclareSets();
        Factors();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Assign($"{group.Logits}[{Slot(group, b)}]", "=", BlockLogit(blocks[b], withLogWeight: true), LogitMath(blocks[b]));
        }

        GroupLimits(group);

        foreach (var f in StateFactors())
        {
            _out.Assign($"{StateName(f)}[{group.Row}]", "=", _storage[f] == FactorStorage.Recomputed ? FactorName(f) : $"{SumsOf(f)}.InverseSum");
        }
    }

    /// <summary>One row of a group, backward: its p_b from the group's array, then the same gradient code as a single row.</summary>
    public void GroupBackward(RowGroup group)
    {
        _out.Comment("backward: p_b = γ·∂L/∂z_b = γ·e_b / sum, from the group's log-sum-exp; each left element gets +p_b, each right element −p_b");
        DeclareSets();
        GroupShareLimit(group);
        for (var b = 0; b < _plan.Blocks.Count; b++)
        {
            _out.Declare(T, Probability(b), $"{group.Logits}[{Slot(group, b)}]");
        }

        var fromGroup = Enumerable.Range(0, _plan.Factors.Count).Select(f => _plan.Factors[f].Side.IsSet ? $"{StateName(f)}[{group.Row}]" : string.Empty).ToList();
        SingleTermGradients(new Backward(fromGroup, fromGroup));
    }

    private static string Slot(RowGroup group, int block) => block == 0 ? group.Row : $"{block} * {group.Stride} + {group.Row}";

    /// <summary>Set factors whose backward needs a forward value: the inverse sum of kept terms, or a recomputed log-sum.</summary>
    private IEnumerable<int> StateFactors() =>
        _row.Backward
            ? Enumerable.Range(0, _plan.Factors.Count).Where(f => _plan.Factors[f].Side.IsSet)
            : Enumerable.Empty<int>();

    private string StateName(int factor) => _names[FactorName(factor) + (_storage[factor] == FactorStorage.Recomputed ? "LogSums" : "Inverses")];
}
