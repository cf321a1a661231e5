namespace PairwiseLoss.Diagnostics;

/// <summary>
/// The diagnostic ids, shared as a linked source file by the generator (which reports them, see DiagnosticDescriptors)
/// and the code fixes (which fix them), so that the code fix assembly does not reference the generator.
/// </summary>
internal static class DiagnosticIds
{
    public const string MethodNotPartial = "PL0001";
    public const string MethodNotStatic = "PL0002";
    public const string TypeNotPartial = "PL0003";
    public const string UnsupportedReturnType = "PL0004";
    public const string InvalidParameter = "PL0005";
    public const string MissingScores = "PL0006";
    public const string GradientMismatch = "PL0007";
    public const string MissingLabels = "PL0008";
    public const string MissingTarget = "PL0009";
    public const string SyntaxError = "PL0010";
    public const string UnknownName = "PL0011";
    public const string IndexOutOfRange = "PL0012";
    public const string InvalidGamma = "PL0013";
    public const string InvalidMargin = "PL0014";
    public const string InvalidWeight = "PL0015";
    public const string EmptyConstraint = "PL0016";
    public const string SelfComparison = "PL0017";
    public const string DuplicateConstraint = "PL0018";
    public const string Contradiction = "PL0019";
    public const string ConstantComparison = "PL0020";
    public const string NoConstraints = "PL0021";
    public const string GreaterThan = "PL0022";
    public const string GenericMethod = "PL0023";
    public const string InvalidLabels = "PL0024";
    public const string BatchNeedsClasses = "PL0025";
    public const string CircleShape = "PL0026";
    public const string IncompatibleModes = "PL0027";
    public const string PerClassShape = "PL0028";
    public const string MissingAccessibility = "PL0030";
    public const string ConstantOutOfRange = "PL0031";
    public const string WantWithoutLoss = "PL0032";
    public const string DuplicateWithOtherMargin = "PL0033";
    public const string FullGradientWithoutCircle = "PL0034";
    public const string ShapeWithoutPerPair = "PL0035";
    public const string UnknownShape = "PL0036";
    public const string NeedsRankedConstraint = "PL0037";
    public const string QuantifierMismatch = "PL0038";
    public const string RankedConstraintAlone = "PL0039";
    public const string WeightingNeedsTerms = "PL0040";
    public const string NoDecisionRule = "PL0041";
    public const string DecisionRuleSignature = "PL0042";

    /// <summary>Each message argument travels as a diagnostic property under this prefix and its index: "Arg0", "Arg1", ….</summary>
    public const string ArgumentPropertyPrefix = "Arg";
}
