using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>The backward pass: scalar sides from the blocks' p_b, set sides by rescaling kept terms or through their softmax.</summary>
internal sealed partial class RowEmitter
{
    /// <summary>
    /// Gradients of scalar factors (literal scores, the target) from the blocks' p_b, and of set factors
    /// through the softmax of their log-sum (one term) — per-pair set gradients were written by the kernels.
    /// </summary>
    private void EmitGradients(bool singleTerm)
    {
        var contributions = new Dictionary<int, List<string>>();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            if (!singleTerm && !HasScalarPartner(blocks[b]))
            {
                continue;
            }

            foreach (var factor in new[] { blocks[b].Left, blocks[b].Right })
            {
                if (factor < 0)
                {
                    continue;
                }

                if (!contributions.TryGetValue(factor, out var list))
                {
                    contributions[factor] = list = new List<string>();
                }

                list.Add($"p{b}");
            }
        }

        var literalOnly = singleTerm && _plan.Factors.All(f => f.Side.Kind == SideKind.Score);
        if (literalOnly)
        {
            EmitLiteralGradients(contributions);
            return;
        }

        if (singleTerm)
        {
            // Stored terms become gradients by one rescale; every other span starts from zero.
            for (var f = 0; f < _plan.Factors.Count; f++)
            {
                if (_storage[f] == Storage.Stored && IsCircle)
                {
                    var factor = _plan.Factors[f];
                    var coefficient = contributions.TryGetValue(f, out var list) ? (list.Count == 1 ? list[0] : $"({string.Join(" + ", list)})") : _text.Literal(0);
                    _writer.Line($"global::PairwiseLoss.SetKernels.CircleScale({SetName(factor.Side)}, positive: {Bool(factor.Right)}, {Gamma}, {CircleMargin(f)}, fullGradient: {Bool(_model.Mode == LossMode.CircleFullGradient)}, {_names.GradientOf(factor.Side.Span)}, {InverseSumOf(f)} * {coefficient});");
                }
                else if (_storage[f] == Storage.Stored)
                {
                    var coefficient = contributions.TryGetValue(f, out var list) ? SignedSum(_plan.Factors[f], list) : _text.Literal(0);
                    _writer.Line($"global::PairwiseLoss.SetKernels.Scale({_names.GradientOf(_plan.Factors[f].Side.Span)}, {InverseSumOf(f)} * {coefficient});");
                }
            }

            var labelled = Enumerable.Range(0, _plan.Factors.Count).Where(f => _storage[f] == Storage.Labelled).ToList();
            if (labelled.Count > 0)
            {
                string Factor(SideKind kind)
                {
                    var f = labelled.First(i => _plan.Factors[i].Side.Kind == kind);
                    var coefficient = contributions.TryGetValue(f, out var list) ? SignedSum(_plan.Factors[f], list) : _text.Literal(0);
                    return $"{InverseSumOf(f)} * {coefficient}";
                }

                _writer.Line($"global::PairwiseLoss.SetKernels.ScaleLabelled({_names.Labels}, {_names.GradientOf(0)}, {Factor(SideKind.Negative)}, {Factor(SideKind.Positive)});");
            }

            for (var span = 0; span < _names.Gradients.Count; span++)
            {
                if (!Enumerable.Range(0, _plan.Factors.Count).Any(f => _storage[f] != Storage.None && _plan.Factors[f].Side.Span == span))
                {
                    _writer.Line($"{_names.Gradients[span]}.Clear();");
                }
            }
        }

        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            if (!contributions.TryGetValue(f, out var list) || _storage[f] != Storage.None)
            {
                continue;
            }

            var factor = _plan.Factors[f];
            var sum = string.Join(" + ", list);
            switch (factor.Side.Kind)
            {
                case SideKind.Score:
                    _writer.Line($"{_names.Gradients[0]}[{factor.Side.Index}] {(factor.Right ? "-=" : "+=")} {sum};");
                    break;
                case SideKind.Target:
                    _writer.Line($"{_names.Gradients[0]}[{_names.Target}] {(factor.Right ? "-=" : "+=")} {sum};");
                    break;
                default:
                    if (!singleTerm)
                    {
                        break;
                    }

                    _writer.Line($"global::PairwiseLoss.SetKernels.AddSoftmaxGradient({SetOf(factor.Side)}, {Scale(f)}, {LogSumOf(f)}, {SignedSum(factor, list)}, {_names.GradientOf(factor.Side.Span)});");
                    break;
            }
        }
    }

    /// <summary>Σ p_b over the blocks that use a factor, negated for a right side (it enters as −γ·y).</summary>
    private static string SignedSum(Factor factor, List<string> contributions)
    {
        var sum = string.Join(" + ", contributions);
        var grouped = contributions.Count == 1 ? sum : $"({sum})";
        return factor.Right ? "-" + grouped : grouped;
    }

    private bool HasScalarPartner(Block block) =>
        (block.Left >= 0 && _plan.Factors[block.Left].Side.IsScalar) || (block.Right >= 0 && _plan.Factors[block.Right].Side.IsScalar);

    /// <summary>Literal constraints only: each gradient element is written once, in straight-line code.</summary>
    private void EmitLiteralGradients(Dictionary<int, List<string>> contributions)
    {
        var gradient = _names.Gradients[0];
        var byIndex = new SortedDictionary<int, string>();
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            if (!contributions.TryGetValue(f, out var list))
            {
                continue;
            }

            var factor = _plan.Factors[f];
            var terms = factor.Right ? string.Concat(list.Select(p => $" - {p}")) : " + " + string.Join(" + ", list);
            byIndex[factor.Side.Index] = byIndex.TryGetValue(factor.Side.Index, out var existing) ? existing + terms : terms;
        }

        var count = _plan.MaxScoreIndex + 1;
        var sparse = count - byIndex.Count > 8;
        if (sparse)
        {
            _writer.Line($"{gradient}.Clear();");
        }
        else
        {
            _writer.Line($"{gradient}.Slice({count}).Clear();");
        }

        for (var index = 0; index < count; index++)
        {
            if (byIndex.TryGetValue(index, out var terms))
            {
                var expression = terms.StartsWith(" + ", System.StringComparison.Ordinal) ? terms.Substring(3) : "-" + terms.Substring(3);
                _writer.Line($"{gradient}[{index}] = {expression};");
            }
            else if (!sparse)
            {
                _writer.Line($"{gradient}[{index}] = {_text.Literal(0)};");
            }
        }
    }
}
