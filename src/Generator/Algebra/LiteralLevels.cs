using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Algebra;

/// <summary>
/// Literal constraints that rank whole levels: every score of a lower level below every score of a higher one, as a chain
/// <c>s99 &lt; s98 &lt; … &lt; s0</c> (one score per level) or <c>s3 &lt; s2 &lt; s0</c> with <c>s4 &lt; s2 &lt; s0</c>, <c>s3 &lt; s1</c>, … These are a
/// graded list with the level as the grade, and lower to the O(n log n) graded kernels instead of one unrolled term per pair:
/// a chain of n scores has n(n − 1)/2 pairs, which unrolled would cost O(n²) generated lines and compile time.
/// </summary>
internal static class LiteralLevels
{
    /// <summary>Below this many pairs the unrolled straight-line code is kept: it is faster for short declarations.</summary>
    public const int MinPairs = 64;

    /// <summary>
    /// The level of each score index 0…max (−1 for an index in no pair), when the plan is exactly "every lower level below
    /// every higher level" over literal scores of the scores span, with one margin and weight 1; otherwise null.
    /// </summary>
    public static int[]? Find(LossPlan plan)
    {
        if (plan.Blocks.Count < MinPairs || plan.Factors.Any(f => f.Side.Kind != SideKind.Score || f.Side.Span != 0))
        {
            return null;
        }

        var first = plan.Blocks[0];
        var pairs = new HashSet<(int Lower, int Upper)>();
        foreach (var block in plan.Blocks)
        {
            if (block.Weight != 1 || block.Constant != 0 || block.Margin != first.Margin || block.RuntimeMargin != first.RuntimeMargin
                || !pairs.Add((plan.Factors[block.Left].Side.Index, plan.Factors[block.Right].Side.Index)))
            {
                return null;
            }
        }

        // Level = the longest chain of pairs below an index (Kahn's order; a cycle has no levels).
        var items = pairs.SelectMany(p => new[] { p.Lower, p.Upper }).Distinct().ToList();
        var below = items.ToDictionary(i => i, _ => 0);
        var uppers = items.ToDictionary(i => i, _ => new List<int>());
        foreach (var (lower, upper) in pairs)
        {
            below[upper]++;
            uppers[lower].Add(upper);
        }

        var level = items.ToDictionary(i => i, _ => 0);
        var ready = new Queue<int>(items.Where(i => below[i] == 0));
        var placed = 0;
        while (ready.Count > 0)
        {
            var i = ready.Dequeue();
            placed++;
            foreach (var upper in uppers[i])
            {
                level[upper] = System.Math.Max(level[upper], level[i] + 1);
                if (--below[upper] == 0)
                {
                    ready.Enqueue(upper);
                }
            }
        }

        if (placed != items.Count || pairs.Any(p => level[p.Lower] >= level[p.Upper]))
        {
            return null;
        }

        // Every pair goes up a level; the structure is complete when there are as many pairs as cross-level couples.
        var sizes = level.Values.GroupBy(l => l).Select(g => (long)g.Count()).ToList();
        var total = sizes.Sum();
        var couples = (total * total - sizes.Sum(size => size * size)) / 2;
        if (couples != pairs.Count)
        {
            return null;
        }

        var levels = Enumerable.Repeat(-1, plan.MaxScoreIndex + 1).ToArray();
        foreach (var pair in level)
        {
            levels[pair.Key] = pair.Value;
        }

        return levels;
    }
}
