namespace PairwiseLoss.Generator.Model;

/// <summary>The term ℓ(z) of each pair when every pair is a term of its own (mirrors the runtime's PairShape).</summary>
internal enum PairShapeKind
{
    Logistic = 0,
    Hinge = 1,
    SquaredHinge = 2,
    Sigmoid = 3,
}

/// <summary>
/// The pair-term axis: one descriptor per <see cref="PairShapeKind"/> that names its runtime struct (the
/// <c>IPairShape&lt;T&gt;</c> that literal pairs and the set kernels share) and describes itself in math, for the generated
/// header and comments. A new shape is a value here, one in the runtime's <c>PairShape</c>, and its struct.
/// </summary>
internal sealed record PairShapeDescriptor(PairShapeKind Kind, string RuntimeType, string Term, string Slope, string Name)
{
    public static bool IsDefined(int shape) => shape is >= (int)PairShapeKind.Logistic and <= (int)PairShapeKind.Sigmoid;

    public static PairShapeDescriptor Of(PairShapeKind kind) => kind switch
    {
        PairShapeKind.Hinge => new(kind, "HingeShape", "max(0, z)", "[z > 0]", "hinge"),
        PairShapeKind.SquaredHinge => new(kind, "SquaredHingeShape", "max(0, z)²", "2·max(0, z)", "squared hinge"),
        PairShapeKind.Sigmoid => new(kind, "SigmoidShape", "σ(z)", "σ(z)·σ(−z)", "sigmoid, a soft count of violated pairs"),
        _ => new(kind, "LogisticShape", "log(1 + exp(z))", "σ(z)", "logistic"),
    };

    /// <summary>The struct generated code names, e.g. <c>global::PairwiseLoss.HingeShape&lt;float&gt;</c>.</summary>
    public string Type(string element) => $"global::PairwiseLoss.{RuntimeType}<{element}>";
}
