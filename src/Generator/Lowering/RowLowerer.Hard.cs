using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// The hard mode: the γ → ∞ limit of T/γ, <c>max(0, max_b (max_L x − min_R y + m + c))</c>. Each side is reduced to
/// its maximum and where it is; the subgradient is +1 at the left maximiser and −1 at the right minimiser of the
/// active block (the first one on ties), and 0 when every constraint holds with its margin.
/// </summary>
internal sealed partial class RowLowerer
{
    private void Hard()
    {
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            var factor = _plan.Factors[f];
            if (factor.Side.IsSet)
            {
                var sign = factor.Right ? "-" + _text.Literal(1) : _text.Literal(1);
                _out.Declare($"global::PairwiseLoss.SetArgMax<{T}>", ArgMaxName(f), $"global::PairwiseLoss.SetKernels.ArgMax({SetName(factor.Side)}, {sign})");
                _out.Declare(T, FactorName(f), $"{ArgMaxName(f)}.Value");
                continue;
            }

            var score = ScalarLocal(factor.Side);
            _out.Declare(T, FactorName(f), factor.Right ? $"global::PairwiseLoss.LossMath.Right({score}, {_text.Literal(1)})" : score);
        }

        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Hinge(b), Plus(BlockSum(blocks[b]), HardOffset(blocks[b])), LogitMath(blocks[b]));
        }

        // Math.Max propagates NaN, so a NaN score gives a NaN loss, never a silent 0.
        _out.Declare(T, Loss, _text.Max(_text.Literal(0), Hinge(0)));
        for (var b = 1; b < blocks.Count; b++)
        {
            _out.Assign(Loss, "=", _text.Max(Loss, Hinge(b)));
        }

        if (!_row.Backward)
        {
            return;
        }

        _out.Blank();
        _out.Comment("backward: a subgradient, +1 at the active block's left maximiser, −1 at its right minimiser");
        foreach (var gradient in _row.Gradients)
        {
            _out.Invoke($"{gradient}.Clear()");
        }

        _out.Open($"if ({Loss} > {_text.Literal(0)})");
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Open(b == 0 ? $"if ({Hinge(b)} == {Loss})" : $"else if ({Hinge(b)} == {Loss})");
            foreach (var (f, delta) in new[] { (blocks[b].Left, "+="), (blocks[b].Right, "-=") }.Where(x => x.Item1 >= 0))
            {
                _out.Assign(GradientElement(f), delta, _text.Literal(1));
            }

            _out.Close();
        }

        _out.Close();
    }

    private string Hinge(int block) => _names["h" + block];

    private string ArgMaxName(int factor) => _names[FactorName(factor) + "Max"];

    private string GradientElement(int factor)
    {
        var side = _plan.Factors[factor].Side;
        var gradient = _row.Gradients[side.IsSet ? side.Span : 0];
        return side.IsSet ? $"{gradient}[{ArgMaxName(factor)}.Index]" : $"{gradient}[{Sides.ScalarIndex(side, _row)}]";
    }

    /// <summary>m + c of a block, unscaled: the hard mode measures violations in score units.</summary>
    private string? HardOffset(Block block)
    {
        if (block.RuntimeMargin)
        {
            return _text.Plus(_row.Margin!, block.Constant);
        }

        return _text.Sum(block.Margin, block.Constant);
    }
}
