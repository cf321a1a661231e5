namespace PairwiseLoss.Generator.Algebra;

/// <summary>One "want left &lt; right" after chains are expanded: every element of Left below every element of Right.</summary>
/// <remarks><see cref="RuntimeMargin"/>: the constraint sets no margin and the method takes a <c>margin</c> parameter.</remarks>
internal readonly record struct Pair(Model.Side Left, Model.Side Right, double Margin, bool RuntimeMargin, double Weight, string Text);
