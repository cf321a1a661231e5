using System;

namespace PairwiseLoss;

/// <summary>
/// Marks a <c>static partial</c> method whose body the generator writes as the decision rule of a loss declared in the same
/// type: the prediction its constraints imply. <c>"neg &lt; c &lt; pos"</c> (a threshold c) predicts <c>s_i &gt; c</c> into a
/// <c>Span&lt;bool&gt;</c>; a padding class <c>"neg &lt; s0 &lt; pos"</c> predicts <c>s_i &gt; s_0</c>; <c>"others &lt; target"</c> predicts the
/// argmax (an <c>int</c>, or a <c>Span&lt;int&gt;</c> of one class per row when batched); a graded or ordered constraint
/// predicts the order of the scores (item indices, best first, into a <c>Span&lt;int&gt;</c>).
/// </summary>
/// <example>
/// <code>
/// [PairwiseLoss, Want("neg &lt; 0 &lt; pos")]
/// public static partial float MultiLabel(ReadOnlySpan&lt;float&gt; s, ReadOnlySpan&lt;bool&gt; labels, Span&lt;float&gt; grad);
///
/// [DecisionRule(nameof(MultiLabel))]
/// public static partial void Predict(ReadOnlySpan&lt;float&gt; s, Span&lt;bool&gt; labels); // labels[i] = s[i] &gt; 0
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DecisionRuleAttribute : Attribute
{
    /// <summary>Marks the decision rule of <paramref name="loss"/>, a [PairwiseLoss] method of the same type (write <c>nameof(Loss)</c>).</summary>
    public DecisionRuleAttribute(string loss) => Loss = loss;

    /// <summary>The name of the loss method whose constraints imply the rule.</summary>
    public string Loss { get; }
}
