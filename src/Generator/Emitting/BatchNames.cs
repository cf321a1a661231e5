using System.Linq;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Emitting;

/// <summary>
/// Parameter names of a batched loss's rows method: the user's names where the role exists, a name that says it
/// is unused otherwise (the runtime delegate has every role).
/// </summary>
internal sealed record BatchNames(string Method, string Scores, string Labels, string LabelType, string Targets, string Gradient, string Gamma, string Margin, string Classes)
{
    public static BatchNames Of(LossMethodModel model, CSharpText text)
    {
        string Name(ParameterRole role, string unused) => model.Parameters.Where(p => p.Role == role).Select(p => p.Name).FirstOrDefault() ?? unused;
        return new BatchNames(
            model.Name + "Rows",
            Name(ParameterRole.Scores, "scores"),
            Name(ParameterRole.Labels, "noLabels"),
            model.Labels == LabelKind.Soft ? text.Keyword : "bool",
            Name(ParameterRole.Targets, "noTargets"),
            Name(ParameterRole.Gradient, "noGradient"),
            Name(ParameterRole.Gamma, "noGamma"),
            Name(ParameterRole.Margin, "noMargin"),
            Name(ParameterRole.Classes, "classes"));
    }
}
