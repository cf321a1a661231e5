using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;
using PairwiseLoss.Generator.Naming;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// Lowers one row of a loss to statements: the factors (per-side log-sums), the block logits, the stable
/// log-sum-exp over the blocks and the gradient of every score. Declares <c>loss</c> (under its allocated name).
/// Every choice comes from <see cref="RowDecisions"/>; every local from the body's <see cref="LocalNames"/>.
/// </summary>
internal sealed partial class RowLowerer
{
    private readonly LossMethodModel _model;
    private readonly RowContext _row;
    private readonly LocalNames _names;
    private readonly StatementBuilder _out;
    private readonly CSharpText _text;
    private readonly LossPlan _plan;
    private readonly FactorStorage[] _storage;
    private readonly GradientForm _gradient;
    private readonly bool _shareLimit;
    private readonly bool _literalFastPath;

    public RowLowerer(LossMethodModel model, RowContext row, LocalNames names, StatementBuilder output)
    {
        _model = model;
        _row = row;
        _names = names;
        _out = output;
        _text = new CSharpText(model.Element);
        _plan = model.Plan;
        _storage = RowDecisions.Storage(model, row.Backward, row.ScoreSpans.Count);
        _gradient = RowDecisions.Gradient(model, row.Backward);
        _shareLimit = RowDecisions.ShareLimit(model, row.Backward);
        _literalFastPath = RowDecisions.LiteralFastPath(model);
    }

    /// <summary>The name of the row's loss local.</summary>
    public string Loss => _names["loss"];

    /// <summary>The choices behind this row, for the plan.</summary>
    public RowChoices Choices(BodyLayout layout) => new(
        layout,
        Enumerable.Range(0, _plan.Factors.Count).Select(f => new FactorChoice(FactorName(f), _plan.Factors[f].Side.Kind, _storage[f])).ToEquatableArray(),
        _gradient,
        _shareLimit,
        _literalFastPath);

    /// <summary>One row: forward, then backward when there are gradients.</summary>
    public void Row()
    {
        _out.Comment("forward");
        if (_plan.Blocks.Count == 0)
        {
            _out.Declare(T, Loss, _text.Literal(0));
            foreach (var gradient in _row.Gradients)
            {
                _out.Invoke($"{gradient}.Clear()");
            }

            return;
        }

        LoadScalars();
        DeclareSets();
        if (_model.Mode == LossMode.Hard && _model.Terms == TermMode.Single)
        {
            Hard();
        }
        else if (_model.Terms == TermMode.Single)
        {
            SingleTerm();
        }
        else
        {
            PerPair();
        }
    }

    private string T => _text.Keyword;

    private bool IsCircle => _model.Mode is LossMode.Circle or LossMode.CircleFullGradient;

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary><c>factor * expression</c>, without the multiplication when the factor is the literal 1.</summary>
    private string Times(string factor, string expression) => factor == _text.Literal(1) ? expression : $"{factor} * {expression}";

    private static string Plus(string expression, string? term) => term is null ? expression : $"{expression} + {term}";

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

        var runtimeMargin = block.RuntimeMargin ? _row.Margin : null;
        if (!_row.RuntimeGamma && runtimeMargin is null)
        {
            if (logWeight == 0)
            {
                return _text.Product(_model.Gamma, block.Margin, block.Constant);
            }

            var value = logWeight + (_model.Gamma * (block.Margin + block.Constant));
            return value == 0 ? null : _text.Literal(value);
        }

        var inner = runtimeMargin is null ? block.Margin + block.Constant : block.Constant;
        var margin = runtimeMargin is null ? (inner == 0 ? null : _text.Literal(inner)) : _text.Plus(runtimeMargin, inner);
        var scaled = margin is null ? null : $"{_row.Gamma} * {(runtimeMargin is not null && inner != 0 ? $"({margin})" : margin)}";
        if (logWeight == 0)
        {
            return scaled;
        }

        return scaled is null ? _text.Literal(logWeight) : $"{scaled} + {_text.Literal(logWeight)}";
    }

    /// <summary>Each scalar side is read once: literal scores by index, then the others (the target).</summary>
    private void LoadScalars()
    {
        foreach (var side in _plan.Factors.Select(f => f.Side).Where(s => s.IsScalar).Distinct().OrderBy(s => s.Kind != SideKind.Score).ThenBy(s => s.Index))
        {
            _out.Declare(T, ScalarLocal(side), Sides.ScalarSource(side, _row));
        }
    }

    /// <summary>Each set side is described once and reused by the forward and backward kernels.</summary>
    private void DeclareSets()
    {
        var declared = new HashSet<Side>();
        for (var f = 0; f < _plan.Factors.Count; f++)
        {
            var side = _plan.Factors[f].Side;
            if (side.IsSet && _storage[f] != FactorStorage.Labelled && declared.Add(side))
            {
                _out.Declare($"global::PairwiseLoss.ScoreSet<{T}>", SetName(side), Sides.SetFactory(side, _row, T));
            }
        }
    }

    /// <summary>The relaxation m of a Circle factor: its own margin, or the run-time <c>margin</c> parameter.</summary>
    private string CircleMargin(int factor)
    {
        var f = _plan.Factors[factor];
        return f.RuntimeMargin ? _row.Margin! : _text.Literal(f.Margin);
    }

    private string Scale(int factor) => _plan.Factors[factor].Right ? "-" + _row.Gamma : _row.Gamma;

    private string LabelledSums => _names["labelledSums"];

    private string SumsOf(int factor) => _storage[factor] == FactorStorage.Labelled
        ? $"{LabelledSums}.{(_plan.Factors[factor].Side.Kind == SideKind.Negative ? "Negative" : "Positive")}"
        : _names[Stem(_plan.Factors[factor].Side) + "Sums"];

    /// <summary>
    /// A block's logit: its sides' sum plus its constant. A run-time γ·m can overflow to ±∞, so then the constant is
    /// added by <c>LossMath.Shift</c>, which keeps an empty block (−∞) empty instead of making −∞ + ∞ = NaN.
    /// </summary>
    private string BlockLogit(Block block, bool withLogWeight)
    {
        var offset = Offset(block, withLogWeight);
        return offset is not null && (_row.RuntimeGamma || block.RuntimeMargin)
            ? $"global::PairwiseLoss.LossMath.Shift({BlockSum(block)}, {offset})"
            : Plus(BlockSum(block), offset);
    }

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
            // A right side enters as −γ·y; an absent score (−inf) must give −inf there, not +inf.
            var score = ScalarLocal(side);
            return factor.Right ? $"global::PairwiseLoss.LossMath.Right({score}, {_row.Gamma})" : Times(_row.Gamma, score);
        }

        return IsCircle
            ? $"global::PairwiseLoss.SetKernels.CircleLogSumExp({SetName(side)}, positive: {Bool(factor.Right)}, {_row.Gamma}, {CircleMargin(index)})"
            : $"global::PairwiseLoss.SetKernels.LogSumExp({SetName(side)}, {Scale(index)})";
    }

    private string Stem(Side side) => Sides.Stem(side, _row);

    private string SetName(Side side) => _names[Stem(side) + "Set"];

    private string FactorName(int index)
    {
        var factor = _plan.Factors[index];
        var name = Stem(factor.Side) + (factor.Right ? "Right" : "Left");

        // Circle factors of one side differ by margin: each is a local of its own (spRight, spRight1, …).
        var twin = 0;
        for (var f = 0; f < index; f++)
        {
            twin += _plan.Factors[f].Side == factor.Side && _plan.Factors[f].Right == factor.Right ? 1 : 0;
        }

        return _names[twin == 0 ? name : name + twin];
    }

    private string ScalarLocal(Side side) => _names[Sides.ScalarLocal(side, _row)];

    /// <summary>
    /// The logit of a block in math, for its comment: <c>γ·(s[2] − s[1] + 0.1)</c> between scores, and over a set
    /// side the log-sum of the same logit, <c>log Σ_(l∈neg, r∈pos) e^(γ·(l − r))</c> (the hard mode: the maximum).
    /// </summary>
    private string LogitMath(Block block)
    {
        if (IsCircle)
        {
            return block.Text; // α and Δ depend on each element: the header states the formula
        }

        var scores = _model.Parameters.First(p => p.Role == ParameterRole.Scores).Name;
        var sets = new List<string>();
        string Operand(int factor, double constant, string symbol)
        {
            if (factor < 0)
            {
                return MathDescription.Number(constant);
            }

            var side = _plan.Factors[factor].Side;
            if (side.IsScalar)
            {
                return Sides.MathScalar(side, scores);
            }

            sets.Add($"{symbol}∈{Stem(side)}");
            return symbol;
        }

        // A number side is the block's constant c = c_left − c_right; "0 − r" reads "−r", "l − 0" reads "l".
        var left = block.Left < 0 && block.Constant == 0 ? null : Operand(block.Left, block.Constant, "l");
        var right = block.Right < 0 && block.Constant == 0 ? null : Operand(block.Right, -block.Constant, "r");
        var margin = block.RuntimeMargin ? " + m" : block.Margin == 0 ? string.Empty : block.Margin < 0 ? " − " + MathDescription.Number(-block.Margin) : " + " + MathDescription.Number(block.Margin);
        var difference = (left, right) switch
        {
            (null, _) => "−" + right,
            (_, null) => left,
            _ when block.Right < 0 && block.Constant > 0 => $"{left} + {MathDescription.Number(block.Constant)}",
            _ => $"{left} − {right}",
        } + margin;
        var over = string.Join(", ", sets);
        if (_model.Mode == LossMode.Hard)
        {
            // Score units: the hard mode has no γ.
            return (sets.Count == 0 || _model.Terms == TermMode.PerPair ? difference : $"max_({over}) ({difference})") + ": " + block.Text;
        }

        var weight = block.Weight == 1 ? string.Empty : "log " + MathDescription.Number(block.Weight) + " + ";
        var scaled = difference.Contains(" ") ? $"γ·({difference})" : difference.StartsWith("−", System.StringComparison.Ordinal) ? $"−γ·{difference.Substring(1)}" : $"γ·{difference}";
        var logit = sets.Count == 0 ? scaled : $"log Σ_({over}) e^({scaled})";
        return $"{weight}{logit}: {block.Text}";
    }
}
