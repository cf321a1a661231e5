using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Model;
using PairwiseLoss.Generator.Naming;

namespace PairwiseLoss.Generator.Lowering;

internal static partial class Lowerer
{
    /// <summary>The statements of a rows helper around each row's own code: slices, masked rows, groups.</summary>
    private sealed class Rows
    {
        private readonly LossMethodModel _model;
        private readonly CSharpText _text;
        private readonly LocalNames _names;
        private readonly IReadOnlyDictionary<ParameterRole, string> _parameters;
        private readonly RowContext _row;

        public Rows(LossMethodModel model, CSharpText text, LocalNames names, IReadOnlyDictionary<ParameterRole, string> parameters, RowContext row, StatementBuilder body)
        {
            _model = model;
            _text = text;
            _names = names;
            _parameters = parameters;
            _row = row;
            Body = body;
        }

        public StatementBuilder Body { get; }

        public string Row => _names["row"];

        private string Start => _names["start"];

        private string Classes => _parameters[ParameterRole.Classes];

        /// <summary>
        /// Rows in groups of <c>RowsPerGroup</c>: each row's set reductions and block logits, then every row's
        /// log(1 + Σ_b e^{z_b}) in one vectorised call, then each row's backward pass. Small rows no longer pay a
        /// scalar exp per block and a log each.
        /// </summary>
        public void Groups(RowLowerer lowerer, string firstRow, string endRow, string counted, string total)
        {
            var t = _text.Keyword;
            var blocks = _model.Plan.Blocks.Count;
            var (stride, logits, losses, present) = (_names["RowsPerGroup"], _names["groupLogits"], _names["groupLosses"], _names["groupPresent"]);
            var (groupStart, groupSize, groupRow) = (_names["groupStart"], _names["groupSize"], _names["groupRow"]);
            var limits = RowDecisions.ShareLimit(_model, _row.Backward) ? _names["groupLimits"] : null;
            var group = new RowGroup(logits, stride, groupRow, losses, limits);
            Body.Declare("const int", stride, "64");
            Body.Declare($"global::System.Span<{t}>", logits, $"stackalloc {t}[{blocks} * {stride}]");
            Body.Declare($"global::System.Span<{t}>", losses, $"stackalloc {t}[{stride}]");
            Body.Declare("global::System.Span<bool>", present, $"stackalloc bool[{stride}]");
            if (limits is not null)
            {
                Body.Declare($"global::System.Span<{t}>", limits, $"stackalloc {t}[{blocks} * {stride}]");
            }

            foreach (var state in lowerer.GroupState())
            {
                Body.Declare($"global::System.Span<{t}>", state, $"stackalloc {t}[{stride}]");
            }

            Body.Open($"for (int {groupStart} = {firstRow}; {groupStart} < {endRow}; {groupStart} += {stride})");
            Body.Declare("int", groupSize, $"global::System.Math.Min({stride}, {endRow} - {groupStart})");
            Body.Open($"for (int {groupRow} = 0; {groupRow} < {groupSize}; {groupRow}++)");
            Body.Declare("int", Row, $"{groupStart} + {groupRow}");
            Slices();
            MarkMaskedGroupRow(blocks, group, present);
            Body.Blank();
            lowerer.GroupForward(group);
            Body.Close();
            Body.Blank();
            Body.Comment("every row's log(1 + Σ_b e^{z_b}) and its p_b = γ·∂L/∂z_b at once, vectorised across the group");
            Body.Invoke($"global::PairwiseLoss.BlockKernels.LogOnePlusSumExp({logits}, {blocks}, {stride}, {groupSize}, {losses}, {_row.Gamma})");
            Body.Open($"for (int {groupRow} = 0; {groupRow} < {groupSize}; {groupRow}++)");
            Body.Open($"if (!{present}[{groupRow}])");
            Body.Add(new Continue());
            Body.Close();
            Body.Blank();
            if (_row.Backward)
            {
                Body.Declare("int", Row, $"{groupStart} + {groupRow}");
                Slices();
                lowerer.GroupBackward(group);
            }

            Body.Assign(total, "+=", $"{losses}[{groupRow}]");
            Body.Invoke(counted + "++");
            Body.Close();
            Body.Close();
        }

        public void Slices()
        {
            var t = _text.Keyword;
            Body.Declare("int", Start, $"{Row} * {Classes}");
            Body.Declare($"global::System.ReadOnlySpan<{t}>", _row.Scores, $"{_parameters[ParameterRole.Scores]}.Slice({Start}, {Classes})");
            if (_row.Labels is not null)
            {
                Body.Declare($"global::System.ReadOnlySpan<{LabelType(_model, _text)}>", _row.Labels, $"{_parameters[ParameterRole.Labels]}.Slice({Start}, {Classes})");
            }

            if (_row.Backward)
            {
                Body.Declare($"global::System.Span<{t}>", _row.Gradients[0], $"{_parameters[ParameterRole.Gradient]}.Slice({Start}, {Classes})");
            }

            if (_row.Target is not null)
            {
                Body.Declare("int", _row.Target, $"{_parameters[ParameterRole.Targets]}[{Row}]");
            }
        }

        /// <summary>
        /// A row whose scores are all −inf (padding) is absent: it adds nothing and is not counted in the mean.
        /// </summary>
        public void SkipMaskedRow()
        {
            Body.Open($"if (global::PairwiseLoss.SetKernels.IsAllMasked({_row.Scores}))");
            ClearAndContinue();
        }

        /// <summary>An absent row of a group: its block logits become −inf, so the group's log-sum-exp gives it exactly 0.</summary>
        private void MarkMaskedGroupRow(int blocks, RowGroup group, string present)
        {
            var block = _names["block"];
            Body.Assign($"{present}[{group.Row}]", "=", $"!global::PairwiseLoss.SetKernels.IsAllMasked({_row.Scores})");
            Body.Open($"if (!{present}[{group.Row}])");
            Body.Open($"for (int {block} = 0; {block} < {blocks}; {block}++)");
            Body.Assign($"{group.Logits}[({block} * {group.Stride}) + {group.Row}]", "=", $"{_text.Keyword}.NegativeInfinity");
            Body.Close();
            ClearAndContinue();
        }

        private void ClearAndContinue()
        {
            if (_row.Backward)
            {
                Body.Invoke($"{_row.Gradients[0]}.Clear()");
            }

            Body.Add(new Continue());
            Body.Close();
        }
    }
}
