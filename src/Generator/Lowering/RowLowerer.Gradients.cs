using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>The backward pass: scalar sides from the blocks' p_b, set sides by rescaling kept terms or through their softmax.</summary>
internal sealed partial class RowLowerer
{
    /// <summary>Where the backward pass reads each set factor's forward state: the inverse sum of kept terms, its log-sum.</summary>
    private sealed record Backward(IReadOnlyList<string> InverseSums, IReadOnlyList<string> LogSums)
    {
        /// <summary>In the same row as the forward pass: the factor's own locals.</summary>
        public static Backward Of(RowLowerer row) => new(
            Enumerable.Range(0, row._plan.Factors.Count).Select(f => $"{row.SumsOf(f)}.InverseSum").ToList(),
            Enumerable.Range(0, row._plan.Factors.Count).Select(row.FactorName).ToList());
    }

    /// <summary>The blocks that reach each factor, as their p_b; per pair only the blocks with a scalar side.</summary>
    private Dictionary<int, List<string>> Contributions(bool scalarBlocksOnly, System.Func<int, string>? probability = null)
    {
        probability ??= Probability;
        var contributions = new Dictionary<int, List<string>>();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            if (scalarBlocksOnly && !HasScalarPartner(blocks[b]))
            {
                continue;
            }

            foreach (var factor in new[] { blocks[b].Left, blocks[b].Right }.Where(f => f >= 0))
            {
                if (!contributions.TryGetValue(factor, out var list))
                {
                    contributions[factor] = list = new List<string>();
                }

                list.Add(probability(b));
            }
        }

        return contributions;
    }

    /// <summary>
    /// One log-term: literal scores straight-line; otherwise stored terms rescaled, labelled terms rescaled per label,
    /// other sets through their softmax, scalar sides added, and spans no kernel wrote cleared.
    /// </summary>
    private void SingleTermGradients(Backward state)
    {
        var contributions = Contributions(scalarBlocksOnly: false);
        if (_gradient is GradientForm.Literal or GradientForm.Sparse)
        {
            LiteralGradients(contributions);
            return;
        }

        string Coefficient(int f) => contributions.TryGetValue(f, out var list) ? SignedSum(_plan.Factors[f], list) : _text.Literal(0);
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            if (_storage[f] != FactorStorage.Stored)
            {
                continue;
            }

            var factor = _plan.Factors[f];
            if (IsCircle)
            {
                var coefficient = contributions.TryGetValue(f, out var list) ? CircleCoefficient(list) : _text.Literal(0);
                _out.Invoke($"global::PairwiseLoss.SetKernels.CircleScale({SetName(factor.Side)}, positive: {Bool(factor.Right)}, {_row.Gamma}, {CircleMargin(f)}, fullGradient: {Bool(_model.Mode == LossMode.CircleFullGradient)}, {_row.GradientOf(factor.Side.Span)}, {state.InverseSums[f]} * {coefficient})");
            }
            else
            {
                _out.Invoke($"global::PairwiseLoss.SetKernels.Scale({_row.GradientOf(factor.Side.Span)}, {state.InverseSums[f]} * {Coefficient(f)})");
            }
        }

        var labelled = Enumerable.Range(0, _plan.Factors.Count).Where(f => _storage[f] == FactorStorage.Labelled).ToList();
        if (labelled.Count > 0)
        {
            string Scaled(SideKind kind)
            {
                var f = labelled.First(i => _plan.Factors[i].Side.Kind == kind);
                return $"{state.InverseSums[f]} * {Coefficient(f)}";
            }

            _out.Invoke($"global::PairwiseLoss.SetKernels.ScaleLabelled({_row.Labels}, {_row.GradientOf(0)}, {Scaled(SideKind.Negative)}, {Scaled(SideKind.Positive)})");
        }

        for (var span = 0; span < _row.Gradients.Count; span++)
        {
            if (!Enumerable.Range(0, _plan.Factors.Count).Any(f => _storage[f] is FactorStorage.Stored or FactorStorage.Labelled && _plan.Factors[f].Side.Span == span))
            {
                _out.Invoke($"{_row.Gradients[span]}.Clear()");
            }
        }

        foreach (var f in contributions.Keys.OrderBy(f => f))
        {
            var factor = _plan.Factors[f];
            if (_storage[f] == FactorStorage.Scalar)
            {
                ScalarGradient(factor, contributions[f]);
            }
            else if (_storage[f] == FactorStorage.Recomputed && IsCircle)
            {
                _out.Invoke($"global::PairwiseLoss.SetKernels.AddCircleGradient({SetName(factor.Side)}, positive: {Bool(factor.Right)}, {_row.Gamma}, {CircleMargin(f)}, fullGradient: {Bool(_model.Mode == LossMode.CircleFullGradient)}, {state.LogSums[f]}, {CircleCoefficient(contributions[f])}, {_row.GradientOf(factor.Side.Span)})");
            }
            else if (_storage[f] == FactorStorage.Recomputed)
            {
                _out.Invoke($"global::PairwiseLoss.SetKernels.AddSoftmaxGradient({SetName(factor.Side)}, {Scale(f)}, {state.LogSums[f]}, {SignedSum(factor, contributions[f])}, {_row.GradientOf(factor.Side.Span)})");
            }
        }
    }

    /// <summary>One term per pair: set sides were written by their kernels; each scalar side gets ±γ·w·ℓ'(z).</summary>
    private void PerPairScalarGradients()
    {
        var contributions = Contributions(scalarBlocksOnly: true);
        foreach (var f in contributions.Keys.OrderBy(f => f).Where(f => _storage[f] == FactorStorage.Scalar))
        {
            ScalarGradient(_plan.Factors[f], contributions[f]);
        }
    }

    private void ScalarGradient(Factor factor, List<string> contributions) =>
        _out.Assign($"{_row.Gradients[0]}[{Sides.ScalarIndex(factor.Side, _row)}]", factor.Right ? "-=" : "+=", string.Join(" + ", contributions));

    /// <summary>Σ p_b over the blocks that use a Circle factor: its logit's slope carries γ and the sign.</summary>
    private static string CircleCoefficient(List<string> contributions) =>
        contributions.Count == 1 ? contributions[0] : $"({string.Join(" + ", contributions)})";

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
    private void LiteralGradients(Dictionary<int, List<string>> contributions)
    {
        var gradient = _row.Gradients[0];
        var byIndex = new SortedDictionary<int, string>();
        foreach (var f in contributions.Keys.OrderBy(f => f))
        {
            var factor = _plan.Factors[f];
            var terms = factor.Right ? string.Concat(contributions[f].Select(p => $" - {p}")) : " + " + string.Join(" + ", contributions[f]);
            byIndex[factor.Side.Index] = byIndex.TryGetValue(factor.Side.Index, out var existing) ? existing + terms : terms;
        }

        var count = _plan.MaxScoreIndex + 1;
        var sparse = _gradient == GradientForm.Sparse;
        _out.Invoke(sparse ? $"{gradient}.Clear()" : $"{gradient}.Slice({count}).Clear()");
        for (var index = 0; index < count; index++)
        {
            if (byIndex.TryGetValue(index, out var terms))
            {
                var expression = terms.StartsWith(" + ", System.StringComparison.Ordinal) ? terms.Substring(3) : "-" + terms.Substring(3);
                _out.Assign($"{gradient}[{index}]", "=", expression);
            }
            else if (!sparse)
            {
                _out.Assign($"{gradient}[{index}]", "=", _text.Literal(0));
            }
        }
    }
}
