using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// The hard mode: the γ → ∞ limit of T/γ, <c>max(0, max_b (max_L x − min_R y + m + c))</c>. Each side is reduced to
/// its maximum and where it is; the subgradient is +1 at the left maximiser and −1 at the right minimiser of the
/// active block (the first one on ties), and 0 when every constraint holds with its margin.
/// </summary>
internal sealed partial class RowEmitter
{
    private void EmitHard()
    {
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            var factor = _plan.Factors[f];
            var sign = factor.Right ? "-" + _text.Literal(1) : _text.Literal(1);
            if (factor.Side.IsSet)
            {
                _writer.Line($"global::PairwiseLoss.SetArgMax<{T}> {ArgMaxName(f)} = global::PairwiseLoss.SetKernels.ArgMax({SetName(factor.Side)}, {sign});");
                _writer.Line($"{T} {FactorName(f)} = {ArgMaxName(f)}.Value;");
                continue;
            }

            var score = factor.Side.Kind == SideKind.Score ? ScoreLocal(factor.Side.Index) : TargetLocal;
            _writer.Line(factor.Right
                ? $"{T} {FactorName(f)} = global::PairwiseLoss.LossMath.Right({score}, {_text.Literal(1)});"
                : $"{T} {FactorName(f)} = {score};");
        }

        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{T} h{b} = {Plus(BlockSum(blocks[b]), HardOffset(blocks[b]))}; // {blocks[b].Text}");
        }

        // Math.Max propagates NaN, so a NaN score gives a NaN loss, never a silent 0.
        _writer.Line($"{T} loss = {_text.Max(_text.Literal(0), "h0")};");
        for (var b = 1; b < blocks.Count; b++)
        {
            _writer.Line($"loss = {_text.Max("loss", $"h{b}")};");
        }

        if (!_names.Backward)
        {
            return;
        }

        _writer.Line();
        _writer.Line("// backward: a subgradient, +1 at the active block's left maximiser, −1 at its right minimiser");
        foreach (var gradient in _names.Gradients)
        {
            _writer.Line($"{gradient}.Clear();");
        }

        _writer.Open($"if (loss > {_text.Literal(0)})");
        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Open(b == 0 ? $"if (h{b} == loss)" : $"else if (h{b} == loss)");
            foreach (var (f, delta) in new[] { (blocks[b].Left, "+="), (blocks[b].Right, "-=") }.Where(x => x.Item1 >= 0))
            {
                _writer.Line($"{GradientElement(f)} {delta} {_text.Literal(1)};");
            }

            _writer.Close();
        }

        _writer.Close();
    }

    private string ArgMaxName(int factor) => FactorName(factor) + "Max";

    private string GradientElement(int factor)
    {
        var side = _plan.Factors[factor].Side;
        var gradient = _names.Gradients[side.IsSet ? side.Span : 0];
        return side.Kind switch
        {
            SideKind.Score => $"{gradient}[{side.Index}]",
            SideKind.Target => $"{gradient}[{_names.Target}]",
            _ => $"{gradient}[{ArgMaxName(factor)}.Index]",
        };
    }

    /// <summary>m + c of a block, unscaled: the hard mode measures violations in score units.</summary>
    private string? HardOffset(Block block)
    {
        if (block.RuntimeMargin)
        {
            return _text.Plus(RuntimeParameter(ParameterRole.Margin)!, block.Constant);
        }

        var value = block.Margin + block.Constant;
        return value == 0 ? null : _text.Literal(value);
    }
}
