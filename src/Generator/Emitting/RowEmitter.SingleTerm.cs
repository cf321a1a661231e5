using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>One log-term: the factors, the block logits and the stable log-sum-exp over the blocks.</summary>
internal sealed partial class RowEmitter
{
    private void EmitSingleTerm()
    {
        EmitFactors();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            _writer.Line($"{T} z{b} = {Plus(BlockSum(block), Offset(block, withLogWeight: true))}; // {block.Text}");
        }

        // log(1 + Σ_b e^{z_b}) shifted by the largest logit and the implicit 0: no overflow for any finite input.
        _writer.Line($"{T} max = {_text.Max(_text.Literal(0), "z0")};");
        for (var b = 1; b < blocks.Count; b++)
        {
            _writer.Line($"max = {_text.Max("max", $"z{b}")};");
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{T} e{b} = global::PairwiseLoss.LossMath.ExpShifted(z{b}, max);");
        }

        _writer.Line($"{T} sum = {_text.Exp("-max")}{string.Concat(Enumerable.Range(0, blocks.Count).Select(b => $" + e{b}"))};");
        _writer.Line($"{T} loss = max + {_text.Log("sum")};");
        if (!_names.Backward)
        {
            return;
        }

        EmitShareLimit();
        _writer.Line();
        if (IsCircle)
        {
            _writer.Line("// backward: ∂L/∂z_b = p_b = e_b / sum; each element gets p times its softmax weight times dℓ/ds (α held constant unless CircleFullGradient)");
            _writer.Line($"{T} scale = {_text.Literal(1)} / sum;");
        }
        else
        {
            _writer.Line("// backward: ∂L/∂z_b = p_b = e_b / sum; each left element gets +γ·p, each right element −γ·p");
            _writer.Line($"{T} scale = {Gamma} / sum;");
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{T} p{b} = scale * e{b};");
        }

        EmitGradients(singleTerm: true);
    }

    /// <summary>Every factor reduced once: log Σ_i a_i e^{±γ x_i}, a stable log-sum-exp for sets.</summary>
    private void EmitFactors()
    {
        var labelled = Enumerable.Range(0, _plan.Factors.Count).Where(f => _storage[f] == Storage.Labelled).ToList();
        if (labelled.Count > 0)
        {
            var negative = labelled.First(f => _plan.Factors[f].Side.Kind == SideKind.Negative);
            var positive = labelled.First(f => _plan.Factors[f].Side.Kind == SideKind.Positive);
            var gradient = _names.GradientOf(0);
            _writer.Line($"global::PairwiseLoss.LabelledSums<{T}> {LabelledSums} = global::PairwiseLoss.SetKernels.LabelledLogSumExp({_names.Scores}, {_names.Labels}, {Scale(negative)}, {Scale(positive)}, {gradient});");
        }

        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            switch (_storage[f])
            {
                case Storage.Labelled:
                    _writer.Line($"{T} {FactorName(f)} = {SumsOf(f)}.LogSum;");
                    break;
                case Storage.Stored:
                    var side = _plan.Factors[f].Side;
                    var reduction = IsCircle
                        ? $"CircleLogSumExpInto({SetName(side)}, positive: {Bool(_plan.Factors[f].Right)}, {Gamma}, {CircleMargin(f)}, {_names.GradientOf(side.Span)})"
                        : $"LogSumExpInto({SetName(side)}, {Scale(f)}, {_names.GradientOf(side.Span)})";
                    _writer.Line($"global::PairwiseLoss.SetSums<{T}> {SumsOf(f)} = global::PairwiseLoss.SetKernels.{reduction};");
                    _writer.Line($"{T} {FactorName(f)} = {SumsOf(f)}.LogSum;");
                    break;
                default:
                    _writer.Line($"{T} {FactorName(f)} = {FactorValue(f)};");
                    break;
            }
        }

    }
}
