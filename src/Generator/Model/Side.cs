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

/// <summary>A resolved side. <see cref="Span"/> is the input span it reads (0 = the scores).</summary>
internal readonly record struct Side(SideKind Kind, int Span, int Index, double Value)
{
    public static Side Score(int index) => new(SideKind.Score, 0, index, 0);

    public static Side Constant(double value) => new(SideKind.Constant, -1, 0, value);

    public static Side Set(SideKind kind, int span = 0) => new(kind, span, 0, 0);

    /// <summary>One value known at run time without a reduction (a literal score or the target).</summary>
    public bool IsScalar => Kind is SideKind.Score or SideKind.Target or SideKind.Mean;

    /// <summary>A set that needs a reduction over its elements.</summary>
    public bool IsSet => Kind is SideKind.Others or SideKind.Positive or SideKind.Negative or SideKind.All;
}
