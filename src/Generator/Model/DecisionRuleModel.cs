using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Model;

/// <summary>The prediction a loss's constraints imply.</summary>
internal enum DecisionKind
{
    /// <summary><c>neg &lt; c &lt; pos</c>: a label wherever the score exceeds the threshold c.</summary>
    Threshold,

    /// <summary><c>neg &lt; s_k &lt; pos</c>: a label wherever the score exceeds the padding class's score s_k.</summary>
    ScoreThreshold,

    /// <summary><c>others &lt; target</c>: the class of the largest score.</summary>
    ArgMax,

    /// <summary>Graded or ordered constraints: the items by descending score.</summary>
    Order,
}

/// <summary>
/// A [DecisionRule] method, value-equatable: where it is declared, the loss it belongs to and the rule, with the user's
/// parameter names in their order (scores, then the row length when <see cref="RowLength"/>, then the output).
/// </summary>
internal sealed record DecisionRuleModel(
    string Namespace,
    EquatableArray<TypeDeclarationModel> ContainingTypes,
    string Modifiers,
    string Name,
    string Loss,
    ElementType Element,
    DecisionKind Kind,
    double Threshold,
    int Index,
    bool RowLength,
    EquatableArray<string> Parameters,
    string Constraints)
{
    /// <summary>Key of the generated file: one file of rules per containing type.</summary>
    public string TypeKey => Namespace + "|" + string.Join(".", ContainingTypes);
}
