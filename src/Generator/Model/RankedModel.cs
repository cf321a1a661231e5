namespace PairwiseLoss.Generator.Model;

/// <summary>Where the levels of a ranked list come from.</summary>
internal enum LevelSource
{
    /// <summary>A grades parameter: every item below every item of a higher grade.</summary>
    Grades,

    /// <summary>The list's own order: every item below every earlier one.</summary>
    EarlierAbove,

    /// <summary>The list's own order: every item below every later one.</summary>
    LaterAbove,

    /// <summary>Literal constraints whose pairs are every item of a lower level below every item of a higher one (a chain).</summary>
    Literal,

    /// <summary><c>others &lt; target</c> with a target distribution y: Σ_t y_t·log(1 + Σ_{k≠t} e^{s_k − s_t}), a softmax with soft targets.</summary>
    TargetDistribution,
}

/// <summary>The pair weighting of a ranked list (mirrors the runtime's PairWeighting).</summary>
internal enum PairWeightingKind
{
    None = 0,
    HigherGain = 1,
    LabelDifference = 2,
    SquaredLabelDifference = 3,
    GainDifference = 4,
    NdcgLambdaRank = 5,
    NdcgLoss2 = 6,
    NdcgLoss2PlusPlus = 7,
}

/// <summary>How a batch of ranked lists combines its rows (mirrors the runtime's LossReduction).</summary>
internal enum ReductionKind
{
    Mean = 0,
    WeightedMean = 1,
    Sum = 2,
}

/// <summary>
/// A loss over ranked lists, computed by a kernel of <c>PairwiseLoss.Ranking</c>: the levels, the pair weighting and the
/// batch reduction. <see cref="Margin"/> applies unless <see cref="RuntimeMargin"/>: the method's <c>margin</c> parameter. <see cref="LiteralLevels"/>
/// (literal chains only) is the grade of each score index up to the largest one read, −1 for an index in no pair.
/// </summary>
internal sealed record RankedModel(
    LevelSource Source,
    string Constraint,
    double Margin,
    PairWeightingKind Weighting,
    int TopN,
    double LambdaMu,
    ReductionKind Reduction,
    bool RuntimeMargin,
    Infrastructure.EquatableArray<int> LiteralLevels = default);
