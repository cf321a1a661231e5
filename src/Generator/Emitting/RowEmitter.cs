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

    /// <summary>
    /// Whether a batch can combine its blocks across rows: one log-term of the smooth form. The rows of a group then
    /// run their set reductions one by one, the small log(1 + Σ_b e^{z_b}) of every row in one vectorised call, and
    /// their backward passes one by one — per-row scalar exp and log no longer dominate small rows.
    /// </summary>
    public static bool CanGroup(LossMethodModel model) =>
        model.Terms == TermMode.Single && model.Mode == LossMode.Smooth && model.Plan.Blocks.Count > 0;

    /// <summary>One row of a group, forward: its factors, its block logits into the group's array, and its state.</summary>
    public static void EmitGroupForward(LossMethodModel model, RowNames names, SourceWriter writer, RowGroup group) =>
        new RowEmitter(model, names, writer, group).EmitGroupForward();

    /// <summary>One row of a group, backward: its p_b from the group's array, then the same gradient code as a single row.</summary>
    public static void EmitGroupBackward(LossMethodModel model, RowNames names, SourceWriter writer, RowGroup group) =>
        new RowEmitter(model, names, writer, group).EmitGroupBackward();

    /// <summary>The per-row values the backward pass of a group needs from its forward pass, one array each.</summary>
    public static IReadOnlyList<string> GroupState(LossMethodModel model, RowNames names)
    {
        var emitter = new RowEmitter(model, names, new SourceWriter());
        return emitter.StateFactors().Select(emitter.StateName).ToList();
    }

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

    private void EmitGroupForward()
    {
        _writer.Line("// forward");
        LoadScalars();
        DeclareSets();
        EmitFactors();
        var blocks = _plan.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            _writer.Line($"{_group!.Logits}[{Slot(b)}] = {Plus(BlockSum(blocks[b]), Offset(blocks[b], withLogWeight: true))}; // {blocks[b].Text}");
        }

        foreach (var f in StateFactors())
        {
            _writer.Line($"{StateName(f)}[{_group!.Row}] = {(_storage[f] == Storage.None ? FactorName(f) : $"{SumsOf(f)}.InverseSum")};");
        }
    }

    private void EmitGroupBackward()
    {
        _writer.Line("// backward: p_b = γ·e_b / sum, from the group's log-sum-exp; each left element gets +γ·p, each right element −γ·p");
        DeclareSets();
        for (var b = 0; b < _plan.Blocks.Count; b++)
        {
            _writer.Line($"{T} p{b} = {_group!.Logits}[{Slot(b)}];");
        }

        EmitGradients(singleTerm: true);
    }

    private string Slot(int block) => block == 0 ? _group!.Row : $"{block} * {_group!.Stride} + {_group.Row}";

    /// <summary>Set factors whose backward needs a forward value: the inverse sum of kept terms, or a recomputed log-sum.</summary>
    private IEnumerable<int> StateFactors() =>
        _names.Backward
            ? Enumerable.Range(0, _plan.Factors.Count).Where(f => _plan.Factors[f].Side.IsSet)
            : Enumerable.Empty<int>();

    private string StateName(int factor) => FactorName(factor) + (_storage[factor] == Storage.None ? "LogSums" : "Inverses");

    private string InverseSumOf(int factor) => _group is null ? $"{SumsOf(factor)}.InverseSum" : $"{StateName(factor)}[{_group.Row}]";

    private string LogSumOf(int factor) => _group is null ? FactorName(factor) : $"{StateName(factor)}[{_group.Row}]";

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
