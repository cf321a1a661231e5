using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>One term per pair: softplus terms, set kernels for set sides, the quadratic form only between two sets.</summary>
internal sealed partial class RowEmitter
{
    private void EmitPerPair()
    {
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            if (_plan.Factors[f].Side.IsScalar)
            {
                _writer.Line($"{T} {FactorName(f)} = {FactorValue(f)};");
            }
        }

        if (_names.Backward)
        {
            foreach (var gradient in _names.Gradients)
            {
                _writer.Line($"{gradient}.Clear();");
            }
        }

        _writer.Line($"{T} loss = {_text.Literal(0)};");
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var weight = block.Weight == 1 ? string.Empty : $"{_text.Literal(block.Weight)} * ";
            _writer.Line($"// {block.Text}");
            var left = block.Left >= 0 ? _plan.Factors[block.Left] : (Factor?)null;
            var right = block.Right >= 0 ? _plan.Factors[block.Right] : (Factor?)null;
            if (left is { Side.IsSet: true } && right is { Side.IsSet: true })
            {
                _writer.Line($"loss += global::PairwiseLoss.SetKernels.SoftplusPairs({SetOf(left.Value.Side)}, {SetOf(right.Value.Side)}, {Gamma}, {Offset(block, withLogWeight: false) ?? _text.Literal(0)}, {_text.Literal(block.Weight)}, {_names.GradientOf(left.Value.Side.Span)}, {_names.GradientOf(right.Value.Side.Span)});");
                continue;
            }

            var setIndex = left is { Side.IsSet: true } ? block.Left : right is { Side.IsSet: true } ? block.Right : -1;
            if (setIndex >= 0)
            {
                var set = _plan.Factors[setIndex];
                var other = setIndex == block.Left ? block.Right : block.Left;
                var constant = Offset(block, withLogWeight: false);
                var offset = other >= 0 ? Plus(FactorName(other), constant) : constant ?? _text.Literal(0);
                var scale = set.Right ? "-" + Gamma : Gamma;
                var sigmoid = other >= 0 && _names.Backward ? $"out {T} sigmoid{b}" : "out _";
                _writer.Line($"loss += global::PairwiseLoss.SetKernels.SoftplusSum({SetOf(set.Side)}, {scale}, {offset}, {_text.Literal(block.Weight)}, {_names.GradientOf(set.Side.Span)}, {sigmoid});");
                if (other >= 0 && _names.Backward)
                {
                    _writer.Line($"{T} p{b} = {Gamma} * sigmoid{b};");
                }

                continue;
            }

            _writer.Line($"{T} z{b} = {Plus(BlockSum(block), Offset(block, withLogWeight: false))};");
            _writer.Line($"loss += {weight}global::PairwiseLoss.LossMath.Softplus(z{b});");
            if (_names.Backward)
            {
                var gammaWeight = RuntimeParameter(ParameterRole.Gamma) is { } gamma
                    ? block.Weight == 1 ? gamma : $"{gamma} * {_text.Literal(block.Weight)}"
                    : _text.Literal(_model.Gamma * block.Weight);
                _writer.Line($"{T} p{b} = {Times(gammaWeight, $"global::PairwiseLoss.LossMath.Sigmoid(z{b})")};");
            }
        }

        if (_names.Backward && blocks.Any(HasScalarPartner))
        {
            _writer.Line();
            _writer.Line("// backward: each scalar side gets ±γ·w·σ(z) (set sides were written by their kernels)");
            EmitGradients(singleTerm: false);
        }
    }
}
