using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// The limit of the block shares when block logits are +∞ (BlockLimits in the runtime): the +∞ parts cancel and
/// each +∞ block's share is e^{f_b} over the +∞ blocks, f_b its logit with the +∞ side replaced by log W.
/// </summary>
internal sealed partial class RowEmitter
{
    /// <summary>Whether the shares need a limit: with one block its share is already the limit (1).</summary>
    private bool NeedsLimit => _names.Backward && _plan.Blocks.Count > 1;

    /// <summary>One row: recompute e_b and sum when the largest logit is +∞ (the loss is +∞ either way).</summary>
    private void EmitShareLimit()
    {
        if (!NeedsLimit)
        {
            return;
        }

        var blocks = _plan.Blocks;
        _writer.Open($"if ({T}.IsPositiveInfinity(max))");
        _writer.Line("// +∞ logits: the limit of the shares, e^{f_b} over the +∞ blocks (f_b: the logit with its +∞ side replaced by log W)");
        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{T} f{b} = {LimitLogit(blocks[b], $"z{b}")};");
        }

        _writer.Line($"{T} fMax = f0;");
        for (var b = 1; b < blocks.Count; b++)
        {
            _writer.Line($"fMax = {_text.Max("fMax", $"f{b}")};");
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"e{b} = global::PairwiseLoss.LossMath.ExpShifted(f{b}, fMax);");
        }

        _writer.Line($"sum = {string.Join(" + ", Enumerable.Range(0, blocks.Count).Select(b => $"e{b}"))};");
        _writer.Close();
    }

    /// <summary>A group row's forward: f_b next to z_b, for <see cref="EmitGroupShareLimit"/>.</summary>
    private void EmitGroupLimits()
    {
        if (!NeedsLimit)
        {
            return;
        }

        for (var b = 0; b < _plan.Blocks.Count; b++)
        {
            _writer.Line($"{GroupLimits}[{Slot(b)}] = {LimitLogit(_plan.Blocks[b], $"{_group!.Logits}[{Slot(b)}]")};");
        }
    }

    /// <summary>A group row's backward: its shares replaced by their limit when its loss is +∞.</summary>
    private void EmitGroupShareLimit()
    {
        if (!NeedsLimit)
        {
            return;
        }

        _writer.Open($"if ({T}.IsPositiveInfinity(groupLosses[{_group!.Row}]))");
        _writer.Line($"global::PairwiseLoss.BlockLimits.Shares({_group.Logits}, {GroupLimits}, {_plan.Blocks.Count}, {_group.Stride}, {_group.Row}, {Gamma});");
        _writer.Close();
    }

    /// <summary>The name of the group array of f_b (declared by the batch emitter when <see cref="NeedsGroupLimits"/>).</summary>
    public const string GroupLimits = "groupLimits";

    /// <summary>Whether a grouped batch needs the <see cref="GroupLimits"/> array.</summary>
    public static bool NeedsGroupLimits(LossMethodModel model, RowNames names) => names.Backward && model.Plan.Blocks.Count > 1;

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

    /// <summary>The inverse sum of a factor's stored terms (1 for a score, or a set whose terms are not stored).</summary>
    private string LimitInverse(int factor) => _storage[factor] == Storage.None ? _text.Literal(1) : $"{SumsOf(factor)}.InverseSum";
}
