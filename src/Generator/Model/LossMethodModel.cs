using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Model;

internal enum ElementType
{
    Float,
    Double,
}

internal enum LabelKind
{
    None,
    Hard,
    Soft,
}

/// <summary>How the constraints are grouped into log-terms (mirrors the runtime's LossTerms).</summary>
internal enum TermMode
{
    Single = 0,
    PerPair = 1,
    PerClass = 2,

    /// <summary>One log-term per upper item over the items below it (ListMLE over an order).</summary>
    PerItem = 3,
}

/// <summary>The shape of the per-constraint logit and of the reduction.</summary>
internal enum LossMode
{
    /// <summary>z = γ(l − r + m), log(1 + Σ w e^z).</summary>
    Smooth,

    /// <summary>Circle Loss: self-paced weights α and optima Δ in each side's logit.</summary>
    Circle,

    /// <summary>Circle Loss differentiated through α as well.</summary>
    CircleFullGradient,

    /// <summary>
    /// The γ → ∞ limit of T/γ, in score units: one log-term becomes max(0, max_c (l − r + m)), one term per pair the sum
    /// of hinges Σ_c w_c·max(0, l − r + m).
    /// </summary>
    Hard,
}

internal enum ParameterRole
{
    /// <summary>A ReadOnlySpan of scores; <see cref="ParameterModel.Span"/> numbers them (0 = the scores).</summary>
    Scores,
    Labels,
    Target,
    Targets,
    Classes,

    /// <summary>The gradient of score span <see cref="ParameterModel.Span"/>.</summary>
    Gradient,

    /// <summary>γ given at run time.</summary>
    Gamma,

    /// <summary>The default margin given at run time.</summary>
    Margin,

    /// <summary>One grade per score (integer or the element type), named by a graded constraint.</summary>
    Grades,

    /// <summary>One weight per row of a batched graded or ordered loss (<c>[RowWeights]</c>).</summary>
    RowWeights,
}

/// <summary>A parameter as the user wrote it: name, emitted type text and its role in the loss.</summary>
internal readonly record struct ParameterModel(string Name, string TypeText, ParameterRole Role, int Span);

/// <summary>A containing type, kept as text so it round-trips: keyword ("class", "record struct") and name.</summary>
internal readonly record struct TypeDeclarationModel(string Keyword, string NameWithTypeParameters);

/// <summary>One user constraint as written, for the generated documentation.</summary>
internal readonly record struct ConstraintText(string Text, double Margin, double Weight);

/// <summary>
/// Everything the lowering needs for one loss method; value-equatable, no Roslyn objects. <see cref="MemberNames"/> are
/// the containing type's member names (sorted), which seed the allocator of the generated locals.
/// </summary>
internal sealed record LossMethodModel(
    string Namespace,
    EquatableArray<TypeDeclarationModel> ContainingTypes,
    string Modifiers,
    string Name,
    ElementType Element,
    EquatableArray<ParameterModel> Parameters,
    double Gamma,
    TermMode Terms,
    bool Batched,
    LossMode Mode,
    LabelKind Labels,
    EquatableArray<ConstraintText> Constraints,
    LossPlan Plan,
    EquatableArray<string> MemberNames,
    PairShapeKind Shape = PairShapeKind.Logistic,
    RankedModel? Ranked = null)
{
    /// <summary>Key of the generated file: one file per containing type.</summary>
    public string TypeKey => Namespace + "|" + string.Join(".", ContainingTypes);
}
