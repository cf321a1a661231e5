using System;
using System.Numerics;

namespace PairwiseLoss.Ranking;

/// <summary>One list's loss for <see cref="RankingBatch"/>: grades already converted (negative = invalid), gradient empty or one per score.</summary>
internal interface IRankingRow<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<double> grades, Span<T> gradient, out bool counted);
}
