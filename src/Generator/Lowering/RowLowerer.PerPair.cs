using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>One term ℓ(z) per pair (the pair shape): set kernels for set sides, the quadratic form only between two sets.</summary>
internal sealed partial class RowLowerer
{
    private PairShapeDescriptor Shape => PairShapeDescriptor.Of(_model.Shape);

    /// <summary>
    /// The logit of a pair of scalar sides, γ·(l − r) + c with the difference taken first (<c>LossMath.Difference</c>:
    /// −∞ when a score is absent), so two nearly equal huge scores keep their small logit; a number side, as a block.
    /// </summary>
    private string PairLogit(Block block)
    {
        if (block.Left < 0 || block.Right < 0)
        {
            return BlockLogit(block, withLogWeight: false);
        }

        var difference = $"global::PairwiseLoss.LossMath.Difference({ScalarLocal(_plan.Factors[block.Left].Side)}, {ScalarLocal(_plan.Factors[block.Right].Side)})";
        var scaled = _row.Gamma == _text.Literal(1) ? difference : $"{_row.Gamma} * {difference}";
        var offset = Offset(block, withLogWeight: false);
        return offset is null ? scaled : _row.RuntimeGamma || block.RuntimeMargin ? $"global::PairwiseLoss.LossMath.Shift({scaled}, {offset})" : $"{scaled} + {offset}";
    }

    private void PerPair()
    {
        // ±γ·s of a score is needed only against a number; against a score or a set the difference comes first.
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            if (_plan.Factors[f].Side.IsScalar && _plan.Blocks.Any(b => (b.Left == f && b.Right < 0) || (b.Right == f && b.Left < 0)))
            {
                _out.Declare(T, FactorName(f), FactorValue(f));
            }
        }

        foreach (var gradient in _row.Gradients)
        {
            _out.Invoke($"{gradient}.Clear()");
        }

        _out.Declare(T, Loss, _text.Literal(0));
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var left = block.Left >= 0 ? _plan.Factors[block.Left] : (Factor?)null;
            var right = block.Right >= 0 ? _plan.Factors[block.Right] : (Factor?)null;
            if (left is { Side.IsSet: true } && right is { Side.IsSet: true })
            {
                _out.Comment(block.Text);
                _out.Assign(Loss, "+=", $"global::PairwiseLoss.SetKernels.PairPairs<{T}, {Shape.Type(T)}>({SetName(left.Value.Side)}, {SetName(right.Value.Side)}, {_row.Gamma}, {Offset(block, withLogWeight: false) ?? _text.Literal(0)}, {_text.Literal(block.Weight)}, {_row.GradientOf(left.Value.Side.Span)}, {_row.GradientOf(right.Value.Side.Span)})");
                continue;
            }

            var setIndex = left is { Side.IsSet: true } ? block.Left : right is { Side.IsSet: true } ? block.Right : -1;
            if (setIndex >= 0)
            {
                var set = _plan.Factors[setIndex];
                var other = setIndex == block.Left ? block.Right : block.Left;
                // The scalar side's score is the pivot: the kernel takes x − pivot before scaling (no cancellation).
                var offset = Offset(block, withLogWeight: false) ?? _text.Literal(0);
                var pivot = other >= 0 ? ScalarLocal(_plan.Factors[other].Side) : _text.Literal(0);
                var scale = set.Right ? "-" + _row.Gamma : _row.Gamma;
                var slope = _names["slope" + b];
                var output = other >= 0 && _row.Backward ? $"out {T} {slope}" : "out _";
                _out.Comment(block.Text);
                _out.Assign(Loss, "+=", $"global::PairwiseLoss.SetKernels.PairSum<{T}, {Shape.Type(T)}>({SetName(set.Side)}, {scale}, {pivot}, {offset}, {_text.Literal(block.Weight)}, {_row.GradientOf(set.Side.Span)}, {output})");
                if (other >= 0 && _row.Backward)
                {
                    _out.Declare(T, Probability(b), $"{_row.Gamma} * {slope}");
                }

                continue;
            }

            _out.Declare(T, Logit(b), PairLogit(block), LogitMath(block));
            var weight = block.Weight == 1 ? string.Empty : $"{_text.Literal(block.Weight)} * ";
            _out.Assign(Loss, "+=", $"{weight}{Shape.Type(T)}.Value({Logit(b)})");
            if (_row.Backward)
            {
                var gammaWeight = _row.RuntimeGamma
                    ? block.Weight == 1 ? _row.Gamma : $"{_row.Gamma} * {_text.Literal(block.Weight)}"
                    : _text.Product(_model.Gamma, block.Weight) ?? _text.Literal(0);
                _out.Declare(T, Probability(b), Times(gammaWeight, $"{Shape.Type(T)}.Slope({Logit(b)})"));
            }
        }

        if (_row.Backward && blocks.Any(HasScalarPartner))
        {
            _out.Blank();
            _out.Comment($"backward: each scalar side gets ±γ·w·ℓ'(z), ℓ'(z) = {Shape.Slope} (set sides were written by their kernels)");
            PerPairScalarGradients();
        }
    }
}
