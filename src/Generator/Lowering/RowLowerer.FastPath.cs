using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// The literal fast path (<see cref="RowDecisions.LiteralFastPath"/>): plain logits, one finiteness check, then
/// guard-free straight-line forward and backward code that returns; the guarded code after it is the fallback.
/// </summary>
internal sealed partial class RowLowerer
{
    private void LiteralFastPath()
    {
        if (!_literalFastPath)
        {
            return;
        }

        var blocks = _plan.Blocks;
        string Name(string stem, int b) => _names[stem + "Fast" + b];
        var max = _names["maxFast"];
        var sum = _names["sumFast"];
        _out.Comment("fast path: every score read and the largest logit finite, so no guard below could act");
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Name("z", b), Plus(PlainDifference(blocks[b]), Offset(blocks[b], withLogWeight: true)));
        }

        _out.Declare(T, max, _text.Max(_text.Literal(0), Name("z", 0)));
        for (var b = 1; b < blocks.Count; b++)
        {
            _out.Assign(max, "=", _text.Max(max, Name("z", b)));
        }

        var finite = _plan.Factors.Select(f => f.Side).Distinct().OrderBy(s => s.Index).Select(ScalarLocal).ToList();
        if (_row.RuntimeGamma)
        {
            finite.Insert(0, _row.Gamma);
        }

        if (_row.Margin is not null && blocks.Any(b => b.RuntimeMargin))
        {
            finite.Insert(0, _row.Margin);
        }

        finite.Add(max);
        _out.Open("if (" + string.Join(" && ", finite.Select(x => $"{T}.IsFinite({x})")) + ")");
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Name("e", b), _text.Exp($"{Name("z", b)} - {max}"));
        }

        _out.Declare(T, sum, _text.Exp("-" + max) + string.Concat(Enumerable.Range(0, blocks.Count).Select(b => " + " + Name("e", b))));
        if (_row.Backward)
        {
            var scale = _names["scaleFast"];
            _out.Declare(T, scale, $"{_row.Gamma} / {sum}");
            for (var b = 0; b < blocks.Count; b++)
            {
                _out.Declare(T, Name("p", b), $"{scale} * {Name("e", b)}");
            }

            LiteralGradients(Contributions(scalarBlocksOnly: false, b => Name("p", b)));
        }

        _out.Add(new Return($"{max} + {_text.Log(sum)}"));
        _out.Close();
        _out.Blank();
        _out.Comment("guarded path: absent (−∞) scores, +∞ limits, NaN");
    }

    /// <summary>The plain <c>γ·(l − r)</c> of a block over literal scores (a constant side contributes only to the offset).</summary>
    private string PlainDifference(Block block)
    {
        string Score(int factor) => ScalarLocal(_plan.Factors[factor].Side);
        if (block.Left >= 0 && block.Right >= 0)
        {
            var difference = $"{Score(block.Left)} - {Score(block.Right)}";
            return _row.Gamma == _text.Literal(1) ? difference : $"{_row.Gamma} * ({difference})";
        }

        return block.Left >= 0
            ? Times(_row.Gamma, Score(block.Left))
            : "-" + Times(_row.Gamma, Score(block.Right));
    }
}
