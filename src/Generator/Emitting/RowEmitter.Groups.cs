using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>Batched rows in groups: forward per row into the group's arrays, the blocks combined across rows, backward per row.</summary>
internal sealed partial class RowEmitter
{
    /// <summary>
    /// Whether a batch can combine its blocks across rows: one log-term of the smooth form. The rows of a group then
    /// run their set reductions one by one, the small log(1 + Σ_b e^{z_b}) of every row in one vectorised call, and
    /// their backward passes one by one — per-row scalar exp and log no longer dominate small rows.
    /// </summary>
    public static bool CanGroup(LossMethodModel model) =>
        model.Terms == TermMode.Single && model.Mode == LossMode.Smooth && model.Plan.Blocks.Count > 0;

    /// <summary>One row of a group, forward: its factors, its block logits into the group's array, and its state.</summary>
    public static void EmitGroupForward(LossMethodModel model, RowNames names, SourceWriter writer, RowGroup group) =>
        new RowEmitter(model, names, writer, group).EmitGroupForward();

    /// <summary>One row of a group, backward: its p_b from the group's array, then the same gradient code as a single row.</summary>
    public static void EmitGroupBackward(LossMethodModel model, RowNames names, SourceWriter writer, RowGroup group) =>
        new RowEmitter(model, names, writer, group).EmitGroupBackward();

    /// <summary>The per-row values the backward pass of a group needs from its forward pass, one array each.</summary>
    public static IReadOnlyList<string> GroupState(LossMethodModel model, RowNames names)
    {
        var emitter = new RowEmitter(model, names, new SourceWriter());
        return emitter.StateFactors().Select(emitter.StateName).ToList();
    }

    private void EmitGroupForward()
    {
        _writer.Line("// forward");
        LoadScalars();
        DeclareSets();
        EmitFactors();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{_group!.Logits}[{Slot(b)}] = {Plus(BlockSum(blocks[b]), Offset(blocks[b], withLogWeight: true))}; // {blocks[b].Text}");
        }

        EmitGroupLimits();
        foreach (var f in StateFactors())
        {
            _writer.Line($"{StateName(f)}[{_group!.Row}] = {(_storage[f] == Storage.None ? FactorName(f) : $"{SumsOf(f)}.InverseSum")};");
        }
    }

    private void EmitGroupBackward()
    {
        _writer.Line("// backward: p_b = γ·e_b / sum, from the group's log-sum-exp; each left element gets +γ·p, each right element −γ·p");
        DeclareSets();
        EmitGroupShareLimit();
        for (var b = 0; b < _plan.Blocks.Count; b++)
        {
            _writer.Line($"{T} p{b} = {_group!.Logits}[{Slot(b)}];");
        }

        EmitGradients(singleTerm: true);
    }

    private string Slot(int block) => block == 0 ? _group!.Row : $"{block} * {_group!.Stride} + {_group.Row}";

    /// <summary>Set factors whose backward needs a forward value: the inverse sum of kept terms, or a recomputed log-sum.</summary>
    private IEnumerable<int> StateFactors() =>
        _names.Backward
            ? Enumerable.Range(0, _plan.Factors.Count).Where(f => _plan.Factors[f].Side.IsSet)
            : Enumerable.Empty<int>();

    private string StateName(int factor) => FactorName(factor) + (_storage[factor] == Storage.None ? "LogSums" : "Inverses");

    private string InverseSumOf(int factor) => _group is null ? $"{SumsOf(factor)}.InverseSum" : $"{StateName(factor)}[{_group.Row}]";

    private string LogSumOf(int factor) => _group is null ? FactorName(factor) : $"{StateName(factor)}[{_group.Row}]";
}
