using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// The limit of the block shares when block logits are +∞ (<c>BlockLimits</c> in the runtime): the +∞ parts cancel and
/// each +∞ block's share is e^{f_b} over the +∞ blocks, f_b its logit with the +∞ side replaced by log W. Whether a row
/// needs it is <see cref="RowDecisions.ShareLimit"/>.
/// </summary>
internal sealed partial class RowLowerer
{
    /// <summary>One row: e_b and sum recomputed from f_b when the largest logit is +∞ (the loss is +∞ either way).</summary>
    private void ShareLimit(string max, string sum)
    {
        if (!_shareLimit)
        {
            return;
        }

        var blocks = _plan.Blocks;
        var limits = Enumerable.Range(0, blocks.Count).Select(b => _names["f" + b]).ToList();
        var limitMax = _names["fMax"];
        _out.Open($"if ({T}.IsPositiveInfinity({max}))");
        _out.Comment("+∞ logits: the limit of the shares, e^{f_b} over the +∞ blocks (f_b: the logit with its +∞ side replaced by log W)");
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, limits[b], LimitLogit(blocks[b], Logit(b)));
        }

        _out.Declare(T, limitMax, limits[0]);
        for (var b = 1; b < blocks.Count; b++)
        {
            _out.Assign(limitMax, "=", _text.Max(limitMax, limits[b]));
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Assign(Exp(b), "=", $"global::PairwiseLoss.LossMath.ExpShifted({limits[b]}, {limitMax})");
        }

        _out.Assign(sum, "=", string.Join(" + ", Enumerable.Range(0, blocks.Count).Select(Exp)));
        _out.Close();
    }

    /// <summary>A group row's forward: f_b next to z_b, for <see cref="GroupShareLimit"/>.</summary>
    private void GroupLimits(RowGroup group)
    {
        if (group.Limits is null)
        {
            return;
        }

        for (var b = 0; b < _plan.Blocks.Count; b++)
        {
            _out.Assign($"{group.Limits}[{Slot(group, b)}]", "=", LimitLogit(_plan.Blocks[b], $"{group.Logits}[{Slot(group, b)}]"));
        }
    }

    /// <summary>A group row's backward: its shares (scaled by γ, as the group's kernel wrote them) replaced by their limit when its loss is +∞.</summary>
    private void GroupShareLimit(RowGroup group)
    {
        if (group.Limits is null)
        {
            return;
        }

        _out.Open($"if ({T}.IsPositiveInfinity({group.Losses}[{group.Row}]))");
        _out.Invoke($"global::PairwiseLoss.BlockLimits.Shares({group.Logits}, {group.Limits}, {_plan.Blocks.Count}, {group.Stride}, {group.Row}, {_row.Gamma})");
        _out.Close();
    }

    /// <summary>f_b of a block whose logit is <paramref name="z"/>: <c>BlockLimits.Logit</c> over its sides and its constant with log w.</summary>
    private string LimitLogit(Block block, string z)
    {
        var offset = Offset(block, withLogWeight: true) ?? _text.Literal(0);
        if (block.Left >= 0 && block.Right >= 0)
        {
            return $"global::PairwiseLoss.BlockLimits.Logit({z}, {FactorName(block.Left)}, {LimitInverse(block.Left)}, {FactorName(block.Right)}, {LimitInverse(block.Right)}, {offset})";
        }

        var factor = block.Left >= 0 ? block.Left : block.Right;
        return $"global::PairwiseLoss.BlockLimits.Logit({z}, {FactorName(factor)}, {LimitInverse(factor)}, {offset})";
    }

    /// <summary>The inverse sum of a factor's kept terms (1 for a score, or a set whose terms are recomputed, not kept).</summary>
    private string LimitInverse(int factor) =>
        _storage[factor] is FactorStorage.Stored or FactorStorage.Labelled ? $"{SumsOf(factor)}.InverseSum" : _text.Literal(1);
}
