using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// One generated file, fully decided: every comment line, every name, every statement. The printer
/// (<see cref="Emitting.PlanPrinter"/>) only walks it. Value-equatable, so the pipeline caches it.
/// </summary>
/// <param name="Header">The file's header comment, one line each (without the <c>//</c>).</param>
/// <param name="Methods">The user's partial methods, printed inside the user's types.</param>
/// <param name="Helpers">What the bodies call besides the runtime, in a <c>file static class</c> of our own namespace.</param>
internal sealed record EmissionPlan(
    string HintName,
    EquatableArray<string> Header,
    string Namespace,
    EquatableArray<TypeDeclarationModel> ContainingTypes,
    EquatableArray<MethodPlan> Methods,
    HelperClassPlan? Helpers);

/// <summary>A generated class outside the user's type: nothing is added to the user's partial but its methods.</summary>
internal sealed record HelperClassPlan(string Namespace, string Name, EquatableArray<MethodPlan> Methods);

/// <summary>
/// One method: its XML documentation (<c>Summary</c> or <c>Remarks</c> lines, already escaped), its declaration line, its
/// body, and the choices that shaped the body (recorded so tests and readers can see them without reading code).
/// </summary>
internal sealed record MethodPlan(
    EquatableArray<string> Summary,
    EquatableArray<string> Remarks,
    string Declaration,
    EquatableArray<Statement> Body,
    RowChoices? Choices);

/// <summary>How a body is laid out.</summary>
internal enum BodyLayout
{
    /// <summary>One row in the user's method.</summary>
    Row,

    /// <summary>A batch: the mean over rows, each row in a loop of the helper.</summary>
    RowLoop,

    /// <summary>A batch whose rows are combined in groups: one vectorised log-sum-exp over a group's blocks.</summary>
    RowGroups,

    /// <summary>One log-term per class across rows: a runtime kernel does it all.</summary>
    ClassKernel,

    /// <summary>Graded, ordered or chained lists: a kernel of PairwiseLoss.Ranking does it all (<see cref="RowChoices.Kernel"/>).</summary>
    RankingKernel,
}

/// <summary>How a factor is reduced and where its backward pass reads its state.</summary>
internal enum FactorStorage
{
    /// <summary>A score or the target: one value, no reduction.</summary>
    Scalar,

    /// <summary>A set reduced by a log-sum-exp kernel; its gradient goes through its softmax, recomputed.</summary>
    Recomputed,

    /// <summary>The only set on its span: its terms are kept in the gradient span and rescaled by the backward pass.</summary>
    Stored,

    /// <summary><c>neg</c> and <c>pos</c> of hard labels: disjoint, so both keep their terms in one span.</summary>
    Labelled,

    /// <summary>Hard mode: the side's maximum and where it is.</summary>
    ArgMax,

    /// <summary>Per-pair terms: the set is reduced by a pair-shape kernel that also writes its gradient.</summary>
    PairTerms,
}

/// <summary>How the gradient is written.</summary>
internal enum GradientForm
{
    /// <summary>Forward only.</summary>
    None,

    /// <summary>Literal scores only: every element up to the largest index written once, straight-line.</summary>
    Literal,

    /// <summary>Literal scores only, far apart: the span is cleared and the used elements written.</summary>
    Sparse,

    /// <summary>Set kernels write or rescale their spans; scalar sides are added on top.</summary>
    Kernels,
}

/// <summary>One factor as the body computes it: its local, its side and its storage.</summary>
internal readonly record struct FactorChoice(string Local, SideKind Side, FactorStorage Storage);

/// <summary>
/// The decisions behind one body: layout, how each factor is stored, how the gradient is written, and whether the block
/// shares take their +∞ limit (<see cref="RowDecisions.ShareLimit"/>).
/// </summary>
internal sealed record RowChoices(BodyLayout Layout, EquatableArray<FactorChoice> Factors, GradientForm Gradient, bool ShareLimit, bool LiteralFastPath, string? Kernel = null);
