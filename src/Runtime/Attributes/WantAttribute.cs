using System;

namespace PairwiseLoss;

/// <summary>
/// One wish "want left &lt; right" (or a chain <c>a &lt; b &lt; c</c>: every earlier side below every later one).
/// </summary>
/// <remarks>
/// A side is a score with a literal index (<c>s[2]</c> or <c>s2</c>), a number (a threshold such as <c>0</c>),
/// a labelled set (<c>pos</c>, <c>neg</c>), <c>target</c> or <c>others</c> (from an <c>int</c> parameter),
/// or the name of a span parameter (each of its elements).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class WantAttribute : Attribute
{
    /// <param name="constraint">The constraint, e.g. <c>"s2 &lt; s1 &lt; s0"</c> or <c>"neg &lt; 0 &lt; pos"</c>.</param>
    public WantAttribute(string constraint) => Constraint = constraint;

    /// <summary>The constraint text.</summary>
    public string Constraint { get; }

    /// <summary>Margin for this constraint, overriding <see cref="PairwiseLossAttribute.Margin"/>.</summary>
    public double Margin { get; set; }

    /// <summary>Weight w ≥ 0 of this constraint's pairs. Default 1.</summary>
    public double Weight { get; set; } = 1;
}
