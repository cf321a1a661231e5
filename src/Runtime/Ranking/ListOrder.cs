namespace PairwiseLoss.Ranking;

/// <summary>Which items of a list rank above which when the list's own order is the ranking (no grades).</summary>
public enum ListOrder
{
    /// <summary>Earlier items above later ones: the order the list was shown or labelled in (item 0 is the best).</summary>
    EarlierAbove,

    /// <summary>Later items above earlier ones (the last item is the best).</summary>
    LaterAbove,
}
