namespace PairwiseLoss.Generator.Algebra;

/// <summary>One "want left &lt; right" after chains are expanded: every element of Left below every element of Right.</summary>
internal readonly record struct Pair(Model.Side Left, Model.Side Right, double Margin, double Weight, string Text);
