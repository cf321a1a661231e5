using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;
using PairwiseLoss.Generator.Naming;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>A batched loss: the user's method checks and calls <c>RowBlocks.Mean</c>; the rows are a helper of ours.</summary>
internal static partial class Lowerer
{
    /// <summary>The rows method of a batched loss, and which of the runtime's roles it reads.</summary>
    private readonly record struct RowsHelper(MethodPlan Plan, string Name, IReadOnlyList<ParameterRole> Reads, RowChoices Choices);

    /// <summary>The roles of a batch: the name a rows helper wants each under, and its property in the runtime's <c>BatchInputs</c>.</summary>
    private static readonly (ParameterRole Role, string Wanted, string Property)[] BatchRoles =
    {
        (ParameterRole.Scores, "scores", "Scores"),
        (ParameterRole.Labels, "labels", "Labels"),
        (ParameterRole.Targets, "targets", "Targets"),
        (ParameterRole.Gradient, "gradient", "Gradient"),
        (ParameterRole.Gamma, "gamma", "Gamma"),
        (ParameterRole.Margin, "margin", "Margin"),
        (ParameterRole.Classes, "classes", "Classes"),
    };

    private static void Batched(LossMethodModel model, StatementBuilder body, CSharpText text, LocalNames names, RowsHelper helper)
    {
        Guards(model, body);

        // The inputs name only the roles this loss reads; the lambda hands each block of rows to our rows helper.
        var inputsType = $"global::PairwiseLoss.BatchInputs<{text.Keyword}, {LabelType(model, text)}>";
        var initialisers = BatchRoles
            .Where(input => input.Role is not (ParameterRole.Scores or ParameterRole.Classes) && helper.Reads.Contains(input.Role))
            .Select(input => $"{input.Property} = {Single(model, input.Role)}")
            .ToList();
        var inputs = $"new {inputsType}({Single(model, ParameterRole.Scores)}, {Single(model, ParameterRole.Classes)})"
            + (initialisers.Count == 0 ? string.Empty : " { " + string.Join(", ", initialisers) + " }");

        var (block, firstRow, endRow, counted) = (names.Fresh("block"), names.Fresh("firstRow"), names.Fresh("endRow"), names.Fresh("counted"));
        var forwarded = helper.Reads.Select(role => $"{block}.{InputProperty(role)}")
            .Concat(new[] { firstRow, endRow, $"out {counted}" });
        body.Comment("the mean over rows; blocks of rows run on several cores for large batches, with the same result");
        body.Add(new Return(
            "global::PairwiseLoss.RowBlocks.Mean(\n" +
            $"{inputs},\n" +
            $"static (in {inputsType} {block}, int {firstRow}, int {endRow}, out int {counted}) =>\n" +
            $"    global::{HelperNamespace}.{HelperClass}.{helper.Name}({string.Join(", ", forwarded)}))"));
    }

    private static string InputProperty(ParameterRole role) => BatchRoles.First(input => input.Role == role).Property;

    private static string LabelType(LossMethodModel model, CSharpText text) => model.Labels == LabelKind.Soft ? text.Keyword : "bool";

    private static string ParameterType(ParameterRole role, string element, string labelType) => role switch
    {
        ParameterRole.Scores => $"global::System.ReadOnlySpan<{element}>",
        ParameterRole.Labels => $"global::System.ReadOnlySpan<{labelType}>",
        ParameterRole.Targets => "global::System.ReadOnlySpan<int>",
        ParameterRole.Gradient => $"global::System.Span<{element}>",
        ParameterRole.Classes => "int",
        _ => element,
    };

    /// <summary>
    /// The rows [firstRow, endRow) of a batched loss, as <c>RowBlocks.Mean</c> calls them from each thread: the sum of
    /// their losses and how many rows counted. It takes only the roles it reads.
    /// </summary>
    private static RowsHelper LowerRows(LossMethodModel model, BodyLayout layout, string methodName)
    {
        var text = new CSharpText(model.Element);
        var labelType = LabelType(model, text);
        var names = new LocalNames(System.Array.Empty<string>());
        var present = BatchRoles.Where(r => r.Role is ParameterRole.Scores or ParameterRole.Classes || Single(model, r.Role) is not null).ToList();
        var parameter = present.ToDictionary(r => r.Role, r => names.Fresh(Single(model, r.Role) ?? r.Wanted));
        var (firstRow, endRow, counted) = (names.Fresh("firstRow"), names.Fresh("endRow"), names.Fresh("counted"));
        string? Parameter(ParameterRole role) => parameter.TryGetValue(role, out var name) ? name : null;

        var scores = parameter[ParameterRole.Scores];
        var classes = parameter[ParameterRole.Classes];
        var row = new RowContext(
            new[] { names[scores + "Row"] },
            new[] { scores },
            Parameter(ParameterRole.Labels) is { } labels ? names[labels + "Row"] : null,
            Parameter(ParameterRole.Targets) is null ? null : names["rowTarget"],
            Parameter(ParameterRole.Gradient) is { } gradient ? new[] { names[gradient + "Row"] } : System.Array.Empty<string>(),
            scores,
            Gamma(model, text, Parameter(ParameterRole.Gamma)),
            Parameter(ParameterRole.Gamma) is not null && model.Mode != LossMode.Hard,
            Parameter(ParameterRole.Margin));
        var rows = new Rows(model, text, names, parameter, row, new StatementBuilder());
        var total = names["total"];
        rows.Body.Declare(text.Keyword, total, text.Literal(0));
        rows.Body.Assign(counted, "=", "0");
        var lowerer = new RowLowerer(model, row, names, rows.Body);
        if (layout == BodyLayout.RowGroups)
        {
            rows.Groups(lowerer, firstRow, endRow, counted, total);
        }
        else
        {
            rows.Body.Open($"for (int {rows.Row} = {firstRow}; {rows.Row} < {endRow}; {rows.Row}++)");
            rows.Slices();
            rows.SkipMaskedRow();
            rows.Body.Blank();
            lowerer.Row();
            rows.Body.Assign(total, "+=", lowerer.Loss);
            rows.Body.Invoke(counted + "++");
            rows.Body.Close();
        }

        rows.Body.Blank();
        rows.Body.Add(new Return(total));
        var statements = rows.Body.ToArray();
        var used = present.Where(r => RowDecisions.Reads(model, r.Role)).ToList();
        var signature = used.Select(r => $"{ParameterType(r.Role, text.Keyword, labelType)} {parameter[r.Role]}")
            .Concat(new[] { $"int {firstRow}", $"int {endRow}", $"out int {counted}" });
        var typeName = string.Join(".", model.ContainingTypes.Select(t => t.NameWithTypeParameters));
        var plan = new MethodPlan(
            new[] { $"Rows [<paramref name=\"{firstRow}\"/>, <paramref name=\"{endRow}\"/>) of the batched <c>{Escape(typeName)}.{model.Name}</c>: the sum of their losses and how many rows counted." }.ToEquatableArray(),
            default,
            $"public static {text.Keyword} {methodName}({string.Join(", ", signature)})",
            statements,
            null);
        return new RowsHelper(plan, methodName, used.Select(r => r.Role).ToList(), lowerer.Choices(layout));
    }
}
