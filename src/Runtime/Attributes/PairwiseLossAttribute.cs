using System;

namespace PairwiseLoss;

/// <summary>
/// Marks a <c>static partial</c> method whose body the PairwiseLoss generator writes from the
/// method's <see cref="WantAttribute"/> constraints.
/// </summary>
/// <remarks>
/// Each constraint "want l &lt; r" contributes the logit <c>z = γ (l − r + m)</c>; the loss is
/// <c>log(1 + Σ w·exp(z))</c> (one term, the default) or <c>Σ w·log(1 + exp(z))</c> (one term per pair).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PairwiseLossAttribute : Attribute
{
    /// <summary>The scale γ &gt; 0 (Circle Loss notation). Default 1.</summary>
    public double Gamma { get; set; } = 1;

    /// <summary>The margin m added to every constraint that does not set its own. Default 0.</summary>
    public double Margin { get; set; }

    /// <summary>Whether the constraints share one log-term or each pair is a term of its own.</summary>
    public LossTerms Terms { get; set; } = LossTerms.Single;

    /// <summary>
    /// Row-major batch: scores and labels are <c>[rows × classes]</c>, an <c>int</c> parameter gives the
    /// class count, a <c>ReadOnlySpan&lt;int&gt;</c> the per-row targets; the loss is the mean over rows.
    /// </summary>
    public bool Batched { get; set; }

    /// <summary>
    /// Circle Loss (Sun et al., CVPR 2020, eq. 4): left sides are similarities to negatives, right sides to positives;
    /// their logits become <c>γ·α_n·(s_n − m)</c> and <c>−γ·α_p·(s_p − (1 − m))</c> with the self-paced weights
    /// <c>α_n = [s_n + m]₊</c>, <c>α_p = [1 + m − s_p]₊</c>; <see cref="Margin"/> is the relaxation m.
    /// The weights are constants in the backward pass (as <c>.detach()</c> in the reference implementations).
    /// </summary>
    public bool Circle { get; set; }

    /// <summary>With <see cref="Circle"/>: differentiate through the self-paced weights α too.</summary>
    public bool CircleFullGradient { get; set; }

    /// <summary>
    /// The hard limit γ → ∞ of <c>T/γ</c>: <c>max(0, max_c (l_c − r_c + m_c))</c>, with a subgradient at the maximising pair.
    /// </summary>
    public bool Hard { get; set; }
}

/// <summary>How the constraints of a declaration are grouped into log-terms.</summary>
public enum LossTerms
{
    /// <summary><c>log(1 + Σ_c w_c e^{z_c})</c>: the sum inside the log (balances classes; ZLPR, softmax).</summary>
    Single = 0,

    /// <summary><c>Σ_c w_c log(1 + e^{z_c})</c>: one term per pair (threshold constraints give sigmoid BCE).</summary>
    PerPair = 1,

    /// <summary>
    /// Batched only: one log-term per class j, its sum running over the rows — the "n tasks of m classes" losses of
    /// Su Jianlin, https://kexue.fm/archives/9158: <c>"others &lt; pos"</c> is eq. loss-1, <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij e^{γ(s_ik − s_ij + m)})</c>, and
    /// <c>"mean &lt; pos"</c> is eq. loss-3, <c>Σ_j log(1 + Σ_i t_ij e^{γ(s̄_i − s_ij + m)})</c>.
    /// </summary>
    PerClass = 2,
}
