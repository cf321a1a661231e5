using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Emitting;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;
using PairwiseLoss.Generator.Parsing;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// A [DecisionRule] method → its own file: a plain loop (threshold, argmax) or one call that orders the items, after the
/// argument checks that name the user's parameters. The header says which loss the rule belongs to and why.
/// </summary>
internal static class DecisionRuleLowerer
{
    public static EmissionPlan Lower(DecisionRuleModel rule)
    {
        var text = new CSharpText(rule.Element);
        var p = rule.Parameters;
        var scores = p[0];
        var output = p[p.Count - 1];
        var rows = rule.RowLength ? p[1] : null;
        var body = new StatementBuilder();
        var names = new Naming.LocalNames(p.Select(name => name.TrimStart('@')).Concat(new[] { "nameof" }));
        var (i, best, row, count, values, column) = (names["i"], names["best"], names["row"], names["count"], names["values"], names["column"]);
        var returns = "void";
        switch (rule.Kind)
        {
            case DecisionKind.Threshold:
                body.Invoke($"global::PairwiseLoss.Guard.SameLength({output}.Length, {scores}.Length, nameof({output}))");
                body.Blank();
                body.Open($"for (var {i} = 0; {i} < {scores}.Length; {i}++)");
                body.Assign($"{output}[{i}]", "=", $"{scores}[{i}] > {text.Literal(rule.Threshold)}");
                body.Close();
                break;
            case DecisionKind.ScoreThreshold:
                var classes = rows ?? $"{scores}.Length";
                if (rows is not null)
                {
                    body.Invoke($"global::PairwiseLoss.Guard.Rows({scores}.Length, {rows}, nameof({scores}), nameof({rows}))");
                }

                body.Invoke($"global::PairwiseLoss.Guard.MinLength({classes}, {rule.Index + 1}, nameof({rows ?? scores}))");
                body.Invoke($"global::PairwiseLoss.Guard.SameLength({output}.Length, {scores}.Length, nameof({output}))");
                body.Blank();
                body.Open($"for (var {i} = 0; {i} < {scores}.Length; {i}++)");
                body.Declare("var", column, $"{i} % {classes}");
                var padding = rule.Index == 0 ? $"{i} - {column}" : $"{i} - {column} + {rule.Index}";
                body.Assign($"{output}[{i}]", "=", $"{column} != {rule.Index} && {scores}[{i}] > {scores}[{padding}]", $"above the padding class s[{rule.Index}] of its row");
                body.Close();
                break;
            case DecisionKind.ArgMax when rows is null:
                returns = "int";
                body.Invoke($"global::PairwiseLoss.Guard.MinLength({scores}.Length, 1, nameof({scores}))");
                body.Blank();
                body.Declare("var", best, "0");
                body.Open($"for (var {i} = 1; {i} < {scores}.Length; {i}++)");
                body.Open($"if ({scores}[{i}] > {scores}[{best}])");
                body.Assign(best, "=", i);
                body.Close();
                body.Close();
                body.Blank();
                body.Add(new Return(best));
                break;
            case DecisionKind.ArgMax:
                body.Declare("var", count, $"global::PairwiseLoss.Guard.Rows({scores}.Length, {rows}, nameof({scores}), nameof({rows}))");
                body.Invoke($"global::PairwiseLoss.Guard.SameLength({output}.Length, {count}, nameof({output}))");
                body.Blank();
                body.Open($"for (var {row} = 0; {row} < {count}; {row}++)");
                body.Declare("var", values, $"{scores}.Slice({row} * {rows}, {rows})");
                body.Declare("var", best, "0");
                body.Open($"for (var {i} = 1; {i} < {values}.Length; {i}++)");
                body.Open($"if ({values}[{i}] > {values}[{best}])");
                body.Assign(best, "=", i);
                body.Close();
                body.Close();
                body.Blank();
                body.Assign($"{output}[{row}]", "=", best);
                body.Close();
                break;
            default:
                if (rows is not null)
                {
                    body.Invoke($"global::PairwiseLoss.Guard.Rows({scores}.Length, {rows}, nameof({scores}), nameof({rows}))");
                }

                body.Invoke($"global::PairwiseLoss.Guard.SameLength({output}.Length, {scores}.Length, nameof({output}))");
                body.Invoke(rows is null
                    ? $"global::PairwiseLoss.Ranking.RankOrder.Descending({scores}, {output})"
                    : $"global::PairwiseLoss.Ranking.RankOrder.Descending({scores}, {rows}, {output})");
                break;
        }

        var parameterTypes = ParameterTypes(rule, text.Keyword);
        var declaration = $"{rule.Modifiers} {returns} {rule.Name}(" + string.Join(", ", parameterTypes.Select((type, i) => $"{type} {p[i]}")) + ")";
        var summary = new[]
        {
            Escape($"The decision rule of {rule.Loss}: {DecisionRuleParser.Describe(rule.Kind, rule.Threshold, rule.Index)}" + (rule.Kind == DecisionKind.Order ? " (ties: the earlier item first)." : ".")),
            Escape($"Implied by its constraints: {rule.Constraints}"),
        };
        var method = new MethodPlan(summary.ToEquatableArray(), default, declaration, body.ToArray(), null);
        var header = new[]
        {
            "<auto-generated/>",
            "Generated by the PairwiseLoss source generator. Edit the loss's [Want] attributes, not this file.",
            string.Empty,
            $"{string.Join(".", rule.ContainingTypes.Select(t => t.NameWithTypeParameters))}.{rule.Name}: the decision rule of {rule.Loss}",
            $"  {DecisionRuleParser.Describe(rule.Kind, rule.Threshold, rule.Index)}",
            $"  implied by: {rule.Constraints}",
        };
        return new EmissionPlan(HintName(rule), header.ToEquatableArray(), rule.Namespace, rule.ContainingTypes, new[] { method }.ToEquatableArray(), null);
    }

    private static IEnumerable<string> ParameterTypes(DecisionRuleModel rule, string element)
    {
        yield return $"global::System.ReadOnlySpan<{element}>";
        if (rule.RowLength)
        {
            yield return "int";
        }

        if (rule.Kind is DecisionKind.Threshold or DecisionKind.ScoreThreshold)
        {
            yield return "global::System.Span<bool>";
        }
        else if (rule.Kind == DecisionKind.Order || rule.RowLength)
        {
            yield return "global::System.Span<int>";
        }
    }

    private static string HintName(DecisionRuleModel rule)
    {
        var parts = new List<string>();
        if (rule.Namespace.Length > 0)
        {
            parts.Add(rule.Namespace);
        }

        parts.AddRange(rule.ContainingTypes.Select(t => t.NameWithTypeParameters.Replace('<', '{').Replace('>', '}').Replace(" ", string.Empty)));
        parts.Add(rule.Name);
        return string.Join(".", parts) + ".DecisionRule.g.cs";
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
