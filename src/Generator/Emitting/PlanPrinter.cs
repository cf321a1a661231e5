using System.Linq;
using PairwiseLoss.Generator.Lowering;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// Prints an <see cref="EmissionPlan"/>: one method per kind of node, no decisions. Layout only — indentation,
/// braces, semicolons, the <c>//</c> of comments and the <c>///</c> of documentation.
/// </summary>
internal static class PlanPrinter
{
    private static readonly string GeneratorVersion =
        typeof(PlanPrinter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    public static string Print(EmissionPlan plan)
    {
        var writer = new SourceWriter();
        foreach (var line in plan.Header)
        {
            writer.Line(("// " + line).TrimEnd());
        }

        writer.Line();
        writer.Line("#nullable enable");
        writer.Line();
        UserTypes(plan, writer);
        if (plan.Helpers is { } helpers)
        {
            writer.Line();
            Helpers(helpers, writer);
        }

        return writer.ToString();
    }

    private static void UserTypes(EmissionPlan plan, SourceWriter writer)
    {
        if (plan.Namespace.Length > 0)
        {
            writer.Open($"namespace {plan.Namespace}");
        }

        foreach (var type in plan.ContainingTypes)
        {
            writer.Open($"partial {type.Keyword} {type.NameWithTypeParameters}");
        }

        Methods(plan.Methods, writer);
        foreach (var _ in plan.ContainingTypes)
        {
            writer.Close();
        }

        if (plan.Namespace.Length > 0)
        {
            writer.Close();
        }
    }

    private static void Helpers(HelperClassPlan helpers, SourceWriter writer)
    {
        writer.Open($"namespace {helpers.Namespace}");
        writer.Line("/// <summary>What the generated losses of this file call besides the runtime; nothing is added to the user's types.</summary>");
        writer.Line(GeneratedCode);
        writer.Open($"file static class {helpers.Name}");
        Methods(helpers.Methods, writer);
        writer.Close();
        writer.Close();
    }

    private static void Methods(Infrastructure.EquatableArray<MethodPlan> methods, SourceWriter writer)
    {
        for (var i = 0; i < methods.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            Method(methods[i], writer);
        }
    }

    private static string GeneratedCode => $"[global::System.CodeDom.Compiler.GeneratedCode(\"PairwiseLoss.Generator\", \"{GeneratorVersion}\")]";

    private static void Method(MethodPlan method, SourceWriter writer)
    {
        Documentation("summary", method.Summary, writer);
        Documentation("remarks", method.Remarks, writer);
        writer.Line(GeneratedCode);
        writer.Open(method.Declaration);
        Statements(method.Body, writer);
        writer.Close();
    }

    /// <summary>
    /// One XML element; each line but the last ends in <c>&lt;br/&gt;</c> so that Quick Info shows the lines as written
    /// (plain newlines collapse into one paragraph).
    /// </summary>
    private static void Documentation(string element, Infrastructure.EquatableArray<string> lines, SourceWriter writer)
    {
        if (lines.Count == 0)
        {
            return;
        }

        if (lines.Count == 1)
        {
            writer.Line($"/// <{element}>{lines[0]}</{element}>");
            return;
        }

        writer.Line($"/// <{element}>");
        for (var i = 0; i < lines.Count; i++)
        {
            writer.Line("/// " + lines[i] + (i < lines.Count - 1 ? "<br/>" : string.Empty));
        }

        writer.Line($"/// </{element}>");
    }

    private static void Statements(Infrastructure.EquatableArray<Statement> statements, SourceWriter writer)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case Comment comment:
                    Print(comment, writer);
                    break;
                case Blank blank:
                    Print(blank, writer);
                    break;
                case Declare declare:
                    Print(declare, writer);
                    break;
                case Assign assign:
                    Print(assign, writer);
                    break;
                case Invoke invoke:
                    Print(invoke, writer);
                    break;
                case Return result:
                    Print(result, writer);
                    break;
                case Continue next:
                    Print(next, writer);
                    break;
                case Scope scope:
                    Print(scope, writer);
                    break;
            }
        }
    }

    private static void Print(Comment comment, SourceWriter writer) => writer.Line("// " + comment.Text);

    private static void Print(Blank _, SourceWriter writer) => writer.Line();

    private static void Print(Declare declare, SourceWriter writer) =>
        writer.Line($"{declare.Type} {declare.Name} = {declare.Value};{Note(declare.Note)}");

    private static void Print(Assign assign, SourceWriter writer) =>
        writer.Line($"{assign.Target} {assign.Operator} {assign.Value};{Note(assign.Note)}");

    private static void Print(Invoke invoke, SourceWriter writer) => writer.Line(invoke.Expression + ";");

    /// <summary><c>return Value;</c>; a value of several lines continues one level deeper.</summary>
    private static void Print(Return result, SourceWriter writer)
    {
        var lines = result.Value.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i == 0 ? "return " + lines[i] : "    " + lines[i];
            writer.Line(i == lines.Length - 1 ? line + ";" : line);
        }
    }

    private static void Print(Continue _, SourceWriter writer) => writer.Line("continue;");

    private static void Print(Scope scope, SourceWriter writer)
    {
        writer.Open(scope.Header);
        Statements(scope.Body, writer);
        writer.Close();
    }

    private static string Note(string? note) => note is null ? string.Empty : " // " + note;
}
