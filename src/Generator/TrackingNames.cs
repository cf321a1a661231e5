namespace PairwiseLoss.Generator;

/// <summary>Names of the pipeline steps, so tests can assert what was cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Types = nameof(Types);
    public const string EmissionPlans = nameof(EmissionPlans);
    public const string WantWithoutLoss = nameof(WantWithoutLoss);
    public const string WantWithoutLossDiagnostics = nameof(WantWithoutLossDiagnostics);
    public const string InvalidTypes = nameof(InvalidTypes);
    public const string DecisionRules = nameof(DecisionRules);
    public const string DecisionRuleDiagnostics = nameof(DecisionRuleDiagnostics);
    public const string TorchSharpReferenced = nameof(TorchSharpReferenced);
    public const string TensorForms = nameof(TensorForms);
}
