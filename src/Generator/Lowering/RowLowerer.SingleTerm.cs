using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>One log-term: the factors, the block logits and the stable log-sum-exp over the blocks.</summary>
internal sealed partial class RowLowerer
{
    private string Logit(int block) => _names["z" + block];

    private string Exp(int block) => _names["e" + block];

    private string Probability(int block) => _names["p" + block];

    private void SingleTerm()
    {
        LiteralFastPath();
        Factors();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Logit(b), BlockLogit(blocks[b], withLogWeight: true), LogitMath(blocks[b]));
        }

        // log(1 + Σ_b e^{z_b}) shifted by the largest logit and the implicit 0: no overflow for any finite input.
        var max = _names["max"];
        var sum = _names["sum"];
        _out.Declare(T, max, _text.Max(_text.Literal(0), Logit(0)));
        for (var b = 1; b < blocks.Count; b++)
        {
            _out.Assign(max, "=", _text.Max(max, Logit(b)));
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Exp(b), $"global::PairwiseLoss.LossMath.ExpShifted({Logit(b)}, {max})");
        }

        _out.Declare(T, sum, _text.Exp("-" + max) + string.Concat(Enumerable.Range(0, blocks.Count).Select(b => " + " + Exp(b))));
        _out.Declare(T, Loss, $"{max} + {_text.Log(sum)}");
        if (!_row.Backward)
        {
            return;
        }

        ShareLimit(max, sum);
        _out.Blank();
        var scale = _names["scale"];
        if (IsCircle)
        {
            _out.Comment("backward: p_b = ∂L/∂z_b = e_b / sum; each element gets p times its softmax weight times dℓ/ds (α held constant unless CircleFullGradient)");
            _out.Declare(T, scale, $"{_text.Literal(1)} / {sum}");
        }
        else
        {
            _out.Comment("backward: p_b = γ·∂L/∂z_b = γ·e_b / sum; each left element gets +p_b, each right element −p_b");
            _out.Declare(T, scale, $"{_row.Gamma} / {sum}");
        }

        for (var b = 0; b < blocks.Count; b++)
        {
            _out.Declare(T, Probability(b), $"{scale} * {Exp(b)}");
        }

        SingleTermGradients(Backward.Of(this));
    }

    /// <summary>Every factor reduced once: log Σ_i a_i e^{±γ x_i}, a stable log-sum-exp for sets.</summary>
    private void Factors()
    {
        var labelled = Enumerable.Range(0, _plan.Factors.Count).Where(f => _storage[f] == FactorStorage.Labelled).ToList();
        if (labelled.Count > 0)
        {
            var negative = labelled.First(f => _plan.Factors[f].Side.Kind == SideKind.Negative);
            var positive = labelled.First(f => _plan.Factors[f].Side.Kind == SideKind.Positive);
            _out.Declare($"global::PairwiseLoss.LabelledSums<{T}>", LabelledSums, $"global::PairwiseLoss.SetKernels.LabelledLogSumExp({_row.Scores}, {_row.Labels}, {Scale(negative)}, {Scale(positive)}, {_row.GradientOf(0)})");
        }

        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            switch (_storage[f])
            {
                case FactorStorage.Labelled:
                    _out.Declare(T, FactorName(f), $"{SumsOf(f)}.LogSum");
                    break;
                case FactorStorage.Stored:
                    var side = _plan.Factors[f].Side;
                    var reduction = IsCircle
                        ? $"CircleLogSumExpInto({SetName(side)}, positive: {Bool(_plan.Factors[f].Right)}, {_row.Gamma}, {CircleMargin(f)}, {_row.GradientOf(side.Span)})"
                        : $"LogSumExpInto({SetName(side)}, {Scale(f)}, {_row.GradientOf(side.Span)})";
                    _out.Declare($"global::PairwiseLoss.SetSums<{T}>", SumsOf(f), "global::PairwiseLoss.SetKernels." + reduction);
                    _out.Declare(T, FactorName(f), $"{SumsOf(f)}.LogSum");
                    break;
                default:
                    _out.Declare(T, FactorName(f), FactorValue(f));
                    break;
            }
        }
    }
}
