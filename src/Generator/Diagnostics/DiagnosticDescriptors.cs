using Microsoft.CodeAnalysis;
using PairwiseLoss.Diagnostics;

namespace PairwiseLoss.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports, in one table. Ids are stable: see AnalyzerReleases.*.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "PairwiseLoss";

    public static readonly DiagnosticDescriptor MethodNotPartial = Error(
        DiagnosticIds.MethodNotPartial, "Loss method must be partial",
        "Loss method '{0}' must be declared 'static partial' without a body: {1}",
        "The generator writes the body of a [PairwiseLoss] method, so the method must be a partial declaration.");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error(
        DiagnosticIds.MethodNotStatic, "Loss method must be static",
        "Loss method '{0}' must be 'static': add the 'static' modifier",
        "Generated losses hold no state; they are static methods.");

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        DiagnosticIds.TypeNotPartial, "Containing type must be partial",
        "Type '{0}' contains a [PairwiseLoss] method and must be declared 'partial'",
        "The generated body lives in another part of the containing type, so every containing type must be partial.");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        DiagnosticIds.UnsupportedReturnType, "Unsupported return type",
        "Loss method '{0}' returns '{1}': return 'float' or 'double' (the loss value)",
        "A loss returns its value as float or double; the element type of every span must match it.");

    public static readonly DiagnosticDescriptor InvalidParameter = Error(
        DiagnosticIds.InvalidParameter, "Parameter not understood",
        "Parameter '{0}' of type '{1}' is not understood: {2}",
        "A loss takes ReadOnlySpan<T> scores, optional labels (ReadOnlySpan<bool> or ReadOnlySpan<T>), an int target, and one Span<T> gradient per score span.");

    public static readonly DiagnosticDescriptor MissingScores = Error(
        DiagnosticIds.MissingScores, "Missing scores parameter",
        "Loss method '{0}' needs a 'ReadOnlySpan<{1}>' scores parameter as its first parameter",
        "The first parameter holds the scores the constraints talk about.");

    public static readonly DiagnosticDescriptor GradientMismatch = Error(
        DiagnosticIds.GradientMismatch, "Gradient parameters do not match the score spans",
        "Loss method '{0}' has {1} gradient span(s) for {2} score span(s): declare one 'Span<{3}>' per score span, in the same order, or none for a forward-only loss",
        "Each score span gets its gradient span; with no gradient span only the loss is computed.");

    public static readonly DiagnosticDescriptor MissingLabels = Error(
        DiagnosticIds.MissingLabels, "Labels parameter required",
        "'{0}' needs a labels parameter: add 'ReadOnlySpan<bool> labels' (or 'ReadOnlySpan<{1}> labels' for soft labels) after the scores",
        "pos and neg are the indices whose label is true (or weighted by t and 1 − t for soft labels).");

    public static readonly DiagnosticDescriptor MissingTarget = Error(
        DiagnosticIds.MissingTarget, "Target parameter required",
        "'{0}' needs a target parameter: add '{1}' after the scores",
        "target is the score at the index given by an int parameter; others are all the other scores.");

    public static readonly DiagnosticDescriptor SyntaxError = Error(
        DiagnosticIds.SyntaxError, "Constraint syntax error",
        "{0}",
        "A constraint is a chain of sides separated by '<', e.g. \"s2 < s1 < s0\" or \"neg < 0 < pos\".");

    public static readonly DiagnosticDescriptor UnknownName = Error(
        DiagnosticIds.UnknownName, "Unknown name in constraint",
        "'{0}' is not a side: write a score such as {1}[0], a number, pos, neg, target, others, or the name of a span parameter",
        "Names in a constraint refer to the scores parameter, the labelled sets, the target or a span parameter.");

    public static readonly DiagnosticDescriptor IndexOutOfRange = Error(
        DiagnosticIds.IndexOutOfRange, "Score index out of range",
        "Score index '{0}' is out of range: write a literal index from 0 to {1}",
        "Literal indices are unrolled into straight-line code; use a set (pos, neg, others, a span) for large or run-time indices.");

    public static readonly DiagnosticDescriptor InvalidGamma = Error(
        DiagnosticIds.InvalidGamma, "Gamma must be a finite positive number",
        "Gamma = {0} is not allowed: write a finite number greater than 0 (the default is 1)",
        "γ scales every logit; γ ≤ 0 reverses or erases the constraints.");

    public static readonly DiagnosticDescriptor InvalidMargin = Error(
        DiagnosticIds.InvalidMargin, "Margin must be finite",
        "Margin = {0} is not allowed: write a finite number (the default is 0)",
        "An infinite or NaN margin makes every value of the loss infinite or NaN.");

    public static readonly DiagnosticDescriptor InvalidWeight = Error(
        DiagnosticIds.InvalidWeight, "Weight must be finite and non-negative",
        "Weight = {0} is not allowed: write a finite number ≥ 0 (the default is 1)",
        "Weights multiply exp(z) inside the log; a negative weight can make the log's argument negative.");

    public static readonly DiagnosticDescriptor EmptyConstraint = Error(
        DiagnosticIds.EmptyConstraint, "Empty constraint",
        "The constraint is empty: write at least two sides, e.g. \"s1 < s0\"",
        "A constraint needs a left and a right side.");

    public static readonly DiagnosticDescriptor SelfComparison = Error(
        DiagnosticIds.SelfComparison, "Side compared with itself",
        "'{0}' is compared with itself: each pair would add the constant exp(γm); compare it with another side",
        "A side below itself never changes with the scores and only adds a constant.");

    public static readonly DiagnosticDescriptor DuplicateConstraint = Warning(
        DiagnosticIds.DuplicateConstraint, "Duplicate constraint",
        "'{0}' is already wanted by an earlier constraint: remove it, or use Weight to count it more",
        "A duplicate doubles the pair's weight, which is better said with Weight.");

    public static readonly DiagnosticDescriptor Contradiction = Warning(
        DiagnosticIds.Contradiction, "Contradictory constraints",
        "The constraints form a cycle ({0}): the loss can never reach 0; remove one of them",
        "A cycle such as s0 < s1 < s0 cannot be satisfied, so the loss stays above log 2.");

    public static readonly DiagnosticDescriptor ConstantComparison = Error(
        DiagnosticIds.ConstantComparison, "Two numbers compared",
        "'{0}' compares two numbers: at least one side must be a score or a set",
        "A constraint between two constants does not depend on the scores.");

    public static readonly DiagnosticDescriptor NoConstraints = Error(
        DiagnosticIds.NoConstraints, "No constraints",
        "Loss method '{0}' has no [Want(\"…\")] attribute: add at least one, e.g. [Want(\"s1 < s0\")]",
        "The constraints are the loss; a declaration without any would be the constant 0.");

    public static readonly DiagnosticDescriptor GreaterThan = Error(
        DiagnosticIds.GreaterThan, "Use '<' only",
        "Constraints are written with '<' only: write \"{0}\" instead",
        "Every constraint reads as \"want left < right\"; reverse the sides instead of using '>'. '<=' is written '<' too: the loss is smooth, and Margin sets the gap.");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        DiagnosticIds.GenericMethod, "Generic loss methods are not supported",
        "Loss method '{0}' is generic: declare one method per element type (float or double)",
        "The generated code is specialised for float or double.");

    public static readonly DiagnosticDescriptor InvalidLabels = Error(
        DiagnosticIds.InvalidLabels, "Labels parameter has the wrong type",
        "Labels parameter '{0}' has type '{1}': use 'ReadOnlySpan<bool>' (hard labels) or 'ReadOnlySpan<{2}>' (soft labels in [0, 1])",
        "Hard labels are bool; soft labels have the element type of the scores.");

    public static readonly DiagnosticDescriptor BatchNeedsClasses = Error(
        DiagnosticIds.BatchNeedsClasses, "Batched loss needs a class count",
        "Batched loss '{0}' needs an 'int classes' parameter giving the row length of the row-major scores",
        "A batched loss reads scores as [rows × classes]; the class count cannot be inferred.");

    public static readonly DiagnosticDescriptor CircleShape = Error(
        DiagnosticIds.CircleShape, "Circle Loss needs one set of negatives below one set of positives",
        "Circle Loss cannot use '{0}': write the similarities to negatives below those to positives, each a span of its own, e.g. \"sn < sp\"",
        "Circle Loss weights each similarity by its own distance from the optimum; its sides are whole sets on separate spans.");

    public static readonly DiagnosticDescriptor IncompatibleModes = Error(
        DiagnosticIds.IncompatibleModes, "Settings that cannot be combined",
        "'{0}' cannot be combined with '{1}': remove one of them",
        "Circle changes the logit of one log-term and excludes Hard and per-pair terms; Hard is the γ → ∞ limit of one log-term (the largest violation) or, per pair, of the logistic terms (the sum of hinges), and has no per-class form.");

    public static readonly DiagnosticDescriptor PerClassShape = Error(
        DiagnosticIds.PerClassShape, "Per-class terms need a batched 'others < pos' or 'mean < pos'",
        "Terms = LossTerms.PerClass supports one constraint, \"others < pos\" (eq. loss-1) or \"mean < pos\" (eq. loss-3), with Batched = true and a labels parameter",
        "One log-term per class runs over the rows of a batch; the two losses of Su Jianlin's \"n tasks of m classes\" post (https://kexue.fm/archives/9158) have linear-time kernels.");

    public static readonly DiagnosticDescriptor MissingAccessibility = Error(
        DiagnosticIds.MissingAccessibility, "Loss method needs an accessibility modifier",
        "Loss method '{0}' returns a value, so its partial declaration needs an accessibility modifier: add 'public', 'internal' or 'private'",
        "C# requires an explicit accessibility on partial methods with a return value.");

    public static readonly DiagnosticDescriptor ConstantOutOfRange = Error(
        DiagnosticIds.ConstantOutOfRange, "Constant beyond the element type's range",
        "{0} = {1} does not fit in {2}: use a smaller value (or double), or pass γ as a 'gamma' parameter",
        "The generated code writes γ, margins, thresholds and weights as literals of the loss's element type.");

    public static readonly DiagnosticDescriptor WantWithoutLoss = Error(
        DiagnosticIds.WantWithoutLoss, "[Want] without [PairwiseLoss]",
        "Method '{0}' has [Want] but no [PairwiseLoss]: add [PairwiseLoss] so that the generator writes its body, or remove the [Want] attributes",
        "[Want] only describes a loss that the generator writes; on its own it does nothing.");

    public static readonly DiagnosticDescriptor DuplicateWithOtherMargin = Warning(
        DiagnosticIds.DuplicateWithOtherMargin, "Pair wanted twice with different margins",
        "'{0}' is already wanted with Margin = {1} by an earlier constraint; this one asks Margin = {2}: keep one of the two (the larger margin is the stricter wish)",
        "Two margins on one pair add two exponentials, exp(γ(l − r + m₁)) + exp(γ(l − r + m₂)): the larger margin dominates and the smaller only adds weight, which is rarely what was meant.");

    public static readonly DiagnosticDescriptor ShapeWithoutPerPair = Error(
        DiagnosticIds.ShapeWithoutPerPair, "A pair shape needs one term per pair",
        "'{0}' applies to each pair's own term: add Terms = LossTerms.PerPair, or remove the Shape",
        "One log-term (the default) and per-class terms sum exponentials inside a log; only with Terms = LossTerms.PerPair is each pair a term ℓ(z) of its own.");

    public static readonly DiagnosticDescriptor UnknownShape = Error(
        DiagnosticIds.UnknownShape, "Unknown pair shape",
        "Shape = {0} is not a PairShape: write PairShape.Logistic, Hinge, SquaredHinge or Sigmoid",
        "The pair shapes are the values of the PairShape enum.");

    public static readonly DiagnosticDescriptor FullGradientWithoutCircle = Warning(
        DiagnosticIds.FullGradientWithoutCircle, "CircleFullGradient without Circle",
        "CircleFullGradient = true has no effect without Circle = true: add Circle = true, or remove CircleFullGradient",
        "CircleFullGradient chooses whether Circle Loss differentiates through its weights α; other losses have no α.");

    public static readonly DiagnosticDescriptor NeedsRankedConstraint = Error(
        DiagnosticIds.NeedsRankedConstraint, "Setting needs a graded or ordered constraint",
        "'{0}' applies to a graded or ordered constraint, such as \"s[i] < s[j] where g[i] < g[j]\" or \"s[j] < s[i] where i < j\": remove it, or write such a constraint",
        "Pair weightings, per-item terms, reductions and row weights are settings of losses over whole ranked lists.");

    public static readonly DiagnosticDescriptor QuantifierMismatch = Error(
        DiagnosticIds.QuantifierMismatch, "Condition does not match the pair",
        "{0}",
        "A quantified constraint wants the pair below wherever its condition holds; the condition relates the same two variables, the lower grade on the lower side.");

    public static readonly DiagnosticDescriptor RankedConstraintAlone = Error(
        DiagnosticIds.RankedConstraintAlone, "A graded or ordered constraint is the whole loss",
        "'{0}' cannot be combined with the graded or ordered constraint of this method: declare it in a method of its own",
        "A graded or ordered constraint covers every pair of the list; the generated code hands the list to one ranking kernel.");

    public static readonly DiagnosticDescriptor WeightingNeedsTerms = Error(
        DiagnosticIds.WeightingNeedsTerms, "Pair weighting not available with these terms",
        "PairWeight = PairWeighting.{0} {1}",
        "Weights that factor as a(g_i)·b(g_j) (none, the higher item's gain) keep one log-term O(n log n); differences and NDCG weights are per pair.");

    public static readonly DiagnosticDescriptor NoDecisionRule = Error(
        DiagnosticIds.NoDecisionRule, "No decision rule",
        "'{0}' implies no decision rule: {1}",
        "A decision rule is the prediction a loss's constraints imply: a threshold between negatives and positives, the argmax of a target, or the order of graded or ordered items.");

    public static readonly DiagnosticDescriptor DecisionRuleSignature = Error(
        DiagnosticIds.DecisionRuleSignature, "Decision rule declared with the wrong signature",
        "The decision rule of '{0}' ({1}) is declared as '{2}'",
        "The rule's declaration says how the prediction is returned: labels into a Span<bool>, a class as an int (or one per row into a Span<int>), an order of item indices into a Span<int>.");

    private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
        Create(id, title, message, description, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message, string description) =>
        Create(id, title, message, description, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description);
}
