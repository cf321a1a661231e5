namespace PairwiseLoss.Generator.Model;

/// <summary>What one side of "want left &lt; right" denotes.</summary>
internal enum SideKind
{
    /// <summary>One score with a literal index: <c>s[2]</c>.</summary>
    Score,

    /// <summary>A number, e.g. the threshold <c>0</c>.</summary>
    Constant,

    /// <summary>The score at the run-time index of the target parameter.</summary>
    Target,

    /// <summary>Every score except the target.</summary>
    Others,

    /// <summary>Indices whose label is true (weight t_i for soft labels).</summary>
    Positive,

    /// <summary>Indices whose label is false (weight 1 − t_i for soft labels).</summary>
    Negative,

    /// <summary>Every element of a score span.</summary>
    All,

    /// <summary>The mean of the row's scores (a linear side of the per-class losses).</summary>
    Mean,
}

/// <summary>How a side is reduced in a row: the one property the planner and the lowering branch on.</summary>
internal enum SideShape
{
    /// <summary>A number, folded into the block's offset.</summary>
    Constant,

    /// <summary>One value known at run time without a reduction (a literal score, the target).</summary>
    Scalar,

    /// <summary>A set of elements, reduced by a log-sum-exp kernel.</summary>
    Set,

    /// <summary>A statistic of the whole row (the mean): only the per-class kernels take it.</summary>
    RowStatistic,
}

/// <summary>A resolved side. <see cref="Span"/> is the input span it reads (0 = the scores).</summary>
internal readonly record struct Side(SideKind Kind, int Span, int Index, double Value)
{
    public static Side Score(int index) => new(SideKind.Score, 0, index, 0);

    public static Side Constant(double value) => new(SideKind.Constant, -1, 0, value);

    /// <summary>A side that is named, not written as a number or a literal index: a set, the target, the mean.</summary>
    public static Side Named(SideKind kind, int span = 0) => new(kind, span, 0, 0);

    /// <summary>The shape of each kind of side: a new kind of side says here how it is reduced.</summary>
    public SideShape Shape => Kind switch
    {
        SideKind.Constant => SideShape.Constant,
        SideKind.Score or SideKind.Target => SideShape.Scalar,
        SideKind.Mean => SideShape.RowStatistic,
        _ => SideShape.Set,
    };

    /// <summary>One value known at run time without a reduction (a literal score or the target).</summary>
    public bool IsScalar => Shape == SideShape.Scalar;

    /// <summary>A set that needs a reduction over its elements.</summary>
    public bool IsSet => Shape == SideShape.Set;
}
