using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// Writes the forward and backward code of one row: the factors (per-side log-sums), the block logits, the
/// stable log-sum-exp over the blocks and the gradient of every score. Declares <c>loss</c>.
/// </summary>
internal sealed partial class RowEmitter
{
    private readonly LossMethodModel _model;
    private readonly RowNames _names;
    private readonly SourceWriter _writer;
    private readonly CSharpText _text;
    private readonly LossPlan _plan;
    private readonly Storage[] _storage;
    private readonly RowGroup? _group;

    private RowEmitter(LossMethodModel model, RowNames names, SourceWriter writer, RowGroup? group = null)
    {
        _group = group;
        _model = model;
        _names = names;
        _writer = writer;
        _text = new CSharpText(model.Element);
        _plan = model.Plan;
        _storage = ChooseStorage();
    }

    /// <summary>How a set factor's gradient is produced.</summary>
    private enum Storage
    {
        /// <summary>Not a set, or a set whose terms are recomputed in the backward pass (shared span).</summary>
        None,

        /// <summary>The only set on its span: its terms are kept in the gradient span and rescaled.</summary>
        Stored,

        /// <summary><c>neg</c> and <c>pos</c> of hard labels: disjoint, so both keep their terms in one span.</summary>
        Labelled,
    }

    /// <summary>
    /// Sets keep their exp terms in the gradient span when no other set on that span needs the same slots: the
    /// backward pass is then a rescale, one exp per element in all. Only with gradients, in one log-term.
    /// </summary>
    private Storage[] ChooseStorage()
    {
        var storage = new Storage[_plan.Factors.Count];
        if (!_names.Backward || _model.Terms != TermMode.Single || _model.Mode == LossMode.Hard)
        {
            return storage;
        }

        for (var span = 0; span < _names.ScoreSpans.Count; span++)
        {
            if (IsCircle)
            {
                // The declaration is validated to hold one set factor per span.
                foreach (var f in Enumerable.Range(0, _plan.Factors.Count).Where(f => _plan.Factors[f].Side.IsSet && _plan.Factors[f].Side.Span == span))
                {
                    storage[f] = Storage.Stored;
                }

                continue;
            }

            var sets = Enumerable.Range(0, _plan.Factors.Count).Where(f => _plan.Factors[f].Side.IsSet && _plan.Factors[f].Side.Span == span).ToList();
            if (sets.Count == 1)
            {
                storage[sets[0]] = Storage.Stored;
            }
            else if (sets.Count == 2 && _model.Labels == LabelKind.Hard
                && sets.Select(f => _plan.Factors[f].Side.Kind).OrderBy(k => k).SequenceEqual(new[] { SideKind.Positive, SideKind.Negative }))
            {
                storage[sets[0]] = storage[sets[1]] = Storage.Labelled;
            }
        }

        return storage;
    }

    private const string LabelledSums = "labelledSums";

    public static void Emit(LossMethodModel model, RowNames names, SourceWriter writer) =>
        new RowEmitter(model, names, writer).Emit();

    private string T => _text.Keyword;

    /// <summary>γ: the <c>gamma</c> parameter when the method has one, else the attribute's constant.</summary>
    private string Gamma => RuntimeParameter(ParameterRole.Gamma) ?? _text.Literal(_model.Gamma);

    private string? RuntimeParameter(ParameterRole role) => _model.Parameters.FirstOrDefault(p => p.Role == role).Name;

    /// <summary>
    /// The constant part of a block's logit, <c>[log w] + γ(m + c)</c>, folded into one literal when γ and m are
    /// known at compile time; null when it is 0.
    /// </summary>
    private string? Offset(Block block, bool withLogWeight)
    {
        var logWeight = withLogWeight ? System.Math.Log(block.Weight) : 0;
        if (IsCircle)
        {
            // Circle Loss carries its margin inside each element's logit (Δ and α), not as a block offset.
            return logWeight == 0 ? null : _text.Literal(logWeight);
        }

        var runtimeGamma = RuntimeParameter(ParameterRole.Gamma);
        var runtimeMargin = block.RuntimeMargin ? RuntimeParameter(ParameterRole.Margin) : null;
        if (runtimeGamma is null && runtimeMargin is null)
        {
            var value = logWeight + (_model.Gamma * (block.Margin + block.Constant));
            return value == 0 ? null : _text.Literal(value);
        }

        var inner = runtimeMargin is null ? block.Margin + block.Constant : block.Constant;
        var margin = runtimeMargin is null ? (inner == 0 ? null : _text.Literal(inner)) : _text.Plus(runtimeMargin, inner);
        var scaled = margin is null ? null : $"{Gamma} * {(runtimeMargin is not null && inner != 0 ? $"({margin})" : margin)}";
        if (logWeight == 0)
        {
            return scaled;
        }

        return scaled is null ? _text.Literal(logWeight) : $"{scaled} + {_text.Literal(logWeight)}";
    }

    /// <summary><c>factor * expression</c>, without the multiplication when the factor is the literal 1.</summary>
    private string Times(string factor, string expression) => factor == _text.Literal(1) ? expression : $"{factor} * {expression}";

    private static string Plus(string expression, string? term) => term is null ? expression : $"{expression} + {term}";

    private void Emit()
    {
        _writer.Line("// forward");
        if (_plan.Blocks.Count == 0)
        {
            _writer.Line($"{T} loss = {_text.Literal(0)};");
            foreach (var gradient in _names.Gradients)
            {
                _writer.Line($"{gradient}.Clear();");
            }

            return;
        }

        LoadScalars();
        DeclareSets();
        if (_model.Mode == LossMode.Hard)
        {
            EmitHard();
        }
        else if (_model.Terms == TermMode.Single)
        {
            EmitSingleTerm();
        }
        else
        {
            EmitPerPair();
        }
    }

    private void LoadScalars()
    {
        var indices = ScoreIndices();
        foreach (var index in indices)
        {
            _writer.Line($"{T} {ScoreLocal(index)} = {_names.Scores}[{index}];");
        }

        if (_plan.Factors.Any(f => f.Side.Kind == SideKind.Target))
        {
            _writer.Line($"{T} {TargetLocal} = {_names.Scores}[{_names.Target}];");
        }
    }

    /// <summary>Each set side is described once and reused by the forward and backward kernels.</summary>
    private void DeclareSets()
    {
        var declared = new HashSet<Side>();
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            var factor = _plan.Factors[f];
            if (factor.Side.IsSet && _storage[f] != Storage.Labelled && declared.Add(factor.Side))
            {
                _writer.Line($"global::PairwiseLoss.ScoreSet<{T}> {SetName(factor.Side)} = {SetFactory(factor.Side)};");
            }
        }
    }

    private bool IsCircle => _model.Mode is LossMode.Circle or LossMode.CircleFullGradient;

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>The relaxation m of a Circle factor: its block's margin, or the run-time <c>margin</c> parameter.</summary>
    private string CircleMargin(int factor)
    {
        var block = _plan.Blocks.First(b => b.Left == factor || b.Right == factor);
        return block.RuntimeMargin ? RuntimeParameter(ParameterRole.Margin)! : _text.Literal(block.Margin);
    }

    private string Scale(int factor) => _plan.Factors[factor].Right ? "-" + Gamma : Gamma;

    private string SumsOf(int factor) => _storage[factor] == Storage.Labelled
        ? $"{LabelledSums}.{(_plan.Factors[factor].Side.Kind == SideKind.Negative ? "Negative" : "Positive")}"
        : SideName(_plan.Factors[factor].Side) + "Sums";

    private string BlockSum(Block block)
    {
        if (block.Left >= 0 && block.Right >= 0)
        {
            // An empty side makes the block empty, even against a side that overflowed to +inf.
            return $"global::PairwiseLoss.LossMath.LogProduct({FactorName(block.Left)}, {FactorName(block.Right)})";
        }

        return FactorName(block.Left >= 0 ? block.Left : block.Right);
    }

    private string FactorValue(int index)
    {
        var factor = _plan.Factors[index];
        var side = factor.Side;
        if (side.IsScalar)
        {
            var score = side.Kind == SideKind.Score ? ScoreLocal(side.Index) : TargetLocal;
            // A right side enters as −γ·y; an absent score (−inf) must give −inf there, not +inf.
            return factor.Right ? $"global::PairwiseLoss.LossMath.Right({score}, {Gamma})" : Times(Gamma, score);
        }

        return IsCircle
            ? $"global::PairwiseLoss.SetKernels.CircleLogSumExp({SetOf(side)}, positive: {Bool(factor.Right)}, {Gamma}, {CircleMargin(index)})"
            : $"global::PairwiseLoss.SetKernels.LogSumExp({SetOf(side)}, {Scale(index)})";
    }

    private string SetOf(Side side) => SetName(side);

    private string SetName(Side side) => SideName(side) + "Set";

    private string SetFactory(Side side) => side.Kind switch
    {
        SideKind.Positive => _text.Set($"Labelled({_names.Scores}, {_names.Labels}, positive: true)"),
        SideKind.Negative => _text.Set($"Labelled({_names.Scores}, {_names.Labels}, positive: false)"),
        SideKind.Others => _text.Set($"AllExcept({_names.Scores}, {_names.Target})"),
        _ => _text.Set($"All({_names.ScoreSpans[side.Span]})"),
    };

    private string FactorName(int index)
    {
        var factor = _plan.Factors[index];
        return SideName(factor.Side) + (factor.Right ? "Right" : "Left");
    }

    private string SideName(Side side) => side.Kind switch
    {
        SideKind.Score => ScoreLocal(side.Index),
        SideKind.Target => "target",
        SideKind.Others => "others",
        SideKind.Positive => "pos",
        SideKind.Negative => "neg",
        _ => _model.Parameters.First(p => p.Role == ParameterRole.Scores && p.Span == side.Span).Name,
    };

    private string ScoreLocal(int index) => _names.ScoresPrefix + index.ToString(CultureInfo.InvariantCulture);

    private string TargetLocal => _names.ScoresPrefix + "Target";

    private SortedSet<int> ScoreIndices()
    {
        var indices = new SortedSet<int>();
        foreach (var factor in _plan.Factors)
        {
            if (factor.Side.Kind == SideKind.Score)
            {
                indices.Add(factor.Side.Index);
            }
        }

        return indices;
    }
}
