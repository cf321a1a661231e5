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
    /// With <see cref="LossTerms.PerPair"/>: the term ℓ(z) each pair contributes, <c>L = Σ_c w_c·ℓ(z_c)</c> (default the
    /// logistic log(1 + e^z); also the hinge, squared hinge and sigmoid). Other settings have no per-pair term.
    /// </summary>
    public PairShape Shape { get; set; } = PairShape.Logistic;

    /// <summary>
    /// Row-major batch: scores and labels are <c>[rows × classes]</c>, an <c>int</c> parameter gives the
    /// class count, a <c>ReadOnlySpan&lt;int&gt;</c> the per-row targets.
    /// </summary>
    /// <remarks>
    /// With <see cref="Terms"/> = <see cref="LossTerms.Single"/> or <see cref="LossTerms.PerPair"/> the method returns the
    /// <b>mean</b> of the row losses over the rows with at least one score other than −inf (a row entirely −inf is padding:
    /// not counted, gradient 0; a counted row whose loss is 0 still counts), 0 when no row counts, and writes the gradient
    /// of that mean. With <see cref="LossTerms.PerClass"/> it returns a <b>sum over classes</b> instead (see there).
    /// </remarks>
    public bool Batched { get; set; }

    /// <summary>
    /// Circle Loss (Sun et al., CVPR 2020, eq. 4): left sides are similarities to negatives, right sides to positives;
    /// their logits become <c>γ·α_n·(s_n − m)</c> and <c>−γ·α_p·(s_p − (1 − m))</c> with the self-paced weights
    /// <c>α_n = [s_n + m]₊</c>, <c>α_p = [1 + m − s_p]₊</c>; <see cref="Margin"/> is the relaxation m.
    /// The weights are constants in the backward pass (as <c>.detach()</c> in the reference implementations) unless
    /// <see cref="CircleFullGradient"/> is also set.
    /// </summary>
    /// <remarks>
    /// <para>Allowed combinations of <see cref="Circle"/>, <see cref="CircleFullGradient"/>, <see cref="Hard"/> and <see cref="Terms"/>:</para>
    /// <list type="table">
    /// <listheader><term>Settings</term><description>Loss</description></listheader>
    /// <item><term>none of the three (any <see cref="Terms"/>)</term><description>the smooth pairwise loss</description></item>
    /// <item><term><c>Circle</c></term><description>Circle Loss, α held constant in the backward pass</description></item>
    /// <item><term><c>Circle, CircleFullGradient</c></term><description>Circle Loss, α differentiated too</description></item>
    /// <item><term><c>Hard</c></term><description>the hard limit <c>max(0, max_c (l_c − r_c + m_c))</c></description></item>
    /// </list>
    /// <para>
    /// <see cref="Circle"/> and <see cref="Hard"/> each need <see cref="Terms"/> = <see cref="LossTerms.Single"/> (the default):
    /// <c>Circle</c> with <c>Hard</c>, and either of them with <see cref="LossTerms.PerPair"/> or <see cref="LossTerms.PerClass"/>,
    /// is diagnostic PL0027. <c>Circle</c> also needs its sides to be whole sets on spans of their own, negatives on the
    /// left and positives on the right, e.g. <c>[Want("sn &lt; sp")]</c> (PL0026 otherwise).
    /// <see cref="CircleFullGradient"/> only takes effect together with <c>Circle</c>: on its own, or with <c>Hard</c>,
    /// it changes nothing (and the generator does not report it), so do not set it there.
    /// </para>
    /// </remarks>
    public bool Circle { get; set; }

    /// <summary>
    /// With <see cref="Circle"/>: differentiate through the self-paced weights α too (the full gradient), instead of
    /// holding them constant. The same setting is <c>fullGradient</c> on <see cref="CircleLoss.Pairs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, T, Span{T}, Span{T}, bool)"/>
    /// and <see cref="CircleLoss.Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, T, Span{T}, Span{T}, bool)"/>. Default false.
    /// </summary>
    /// <remarks>Only valid together with <c>Circle = true</c>; without it the flag has no effect (see <see cref="Circle"/> for every allowed combination).</remarks>
    public bool CircleFullGradient { get; set; }

    /// <summary>
    /// The hard limit γ → ∞ of <c>T/γ</c>: <c>max(0, max_c (l_c − r_c + m_c))</c>, with a subgradient at the maximising pair.
    /// </summary>
    /// <remarks>
    /// Only with <see cref="Terms"/> = <see cref="LossTerms.Single"/> and without <see cref="Circle"/> (PL0027 otherwise);
    /// <see cref="CircleFullGradient"/> has no effect with it. See <see cref="Circle"/> for every allowed combination.
    /// </remarks>
    public bool Hard { get; set; }

    /// <summary>
    /// Graded constraints (<c>"s[i] &lt; s[j] where g[i] &lt; g[j]"</c>): a weight on every pair, from the grades (default none). With one
    /// log-term <see cref="PairWeighting.HigherGain"/> factors; the differences and the NDCG weights need
    /// <see cref="LossTerms.PerPair"/>.
    /// </summary>
    public PairWeighting PairWeight { get; set; }

    /// <summary>With an NDCG pair weighting: k of NDCG@k (pairs with a rank beyond k weigh less or nothing); 0 for the whole list.</summary>
    public int TopN { get; set; }

    /// <summary>μ of <see cref="PairWeighting.NdcgLoss2PlusPlus"/> (default 10, as in allRank).</summary>
    public double LambdaMu { get; set; } = 10;

    /// <summary>Batched graded or ordered losses: how the rows combine (default the mean over the counted rows).</summary>
    public LossReduction Reduction { get; set; }
}
