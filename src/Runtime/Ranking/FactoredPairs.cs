using System;

namespace PairwiseLoss.Ranking;

/// <summary>
/// The factored graded term <c>L = log(1 + Σ_{g_i &lt; g_j} e^{x_i + y_j})</c> over per-item left logits x (the item as the lower
/// side of a pair) and right logits y (the item as the higher side), in O(n log n): sort the valid items by grade; per grade
/// level G, <c>A_{&lt;G} = LSE_{g_i &lt; G} x_i</c> (a running log-sum-exp over the lower levels) and <c>B_G = LSE_{g_j = G} y_j</c>;
/// then <c>log Σ = LSE_G (A_{&lt;G} + B_G)</c>. Backward: <c>∂L/∂y_j = e^{y_j + A_{&lt;G(j)} − L}</c> and
/// <c>∂L/∂x_i = e^{x_i + R_{G(i)} − L}</c> with <c>R_G = LSE_{G' &gt; G} B_{G'}</c> a suffix log-sum-exp over the higher levels.
/// Exactly 2 exponentials per valid item and O(1) per level, in double.
/// </summary>
internal static class FactoredPairs
{
    /// <summary>Doubles of scratch for n items: sort keys, left and right (and their +∞ counts) per level.</summary>
    public static int ScratchDoubles(int n) => 5 * n;

    /// <summary>Ints of scratch for n items: the sorted order and the level starts.</summary>
    public static int ScratchInts(int n) => (2 * n) + 1;

    /// <summary>
    /// Returns L; when <paramref name="backward"/>, overwrites x with ∂L/∂x and y with ∂L/∂y (0 at invalid items).
    /// grades: ≥ 0 valid, &lt; 0 invalid. <paramref name="counted"/> is false when no valid pair exists (L = 0).
    /// <para>
    /// With +∞ scores, x and y hold finite parts and <paramref name="xCount"/>, <paramref name="yCount"/> the multiples of
    /// t (the +∞ scores growing together as t → ∞) in each logit (empty: none). Every log-sum-exp then keeps only the
    /// terms with the largest multiple: L is +∞ when that multiple is positive and the gradient is the limit.
    /// </para>
    /// </summary>
    public static double Run(ReadOnlySpan<double> grades, Span<double> x, Span<double> y, ReadOnlySpan<double> xCount, ReadOnlySpan<double> yCount, bool backward, Span<double> doubles, Span<int> ints, out bool counted)
    {
        var n = grades.Length;
        var keys = doubles.Slice(0, n);
        var levelA = doubles.Slice(n, n);
        var levelB = doubles.Slice(2 * n, n);
        var levelACount = doubles.Slice(3 * n, n);
        var levelBCount = doubles.Slice(4 * n, n);
        var order = ints.Slice(0, n);
        var starts = ints.Slice(n, n + 1);
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            if (grades[i] >= 0)
            {
                keys[m] = grades[i];
                order[m] = i;
                m++;
            }
        }

        keys = keys.Slice(0, m);
        order = order.Slice(0, m);
        RankingInput.SortByGrade(keys, order);

        // Levels: runs of equal grade in the sorted order.
        var levels = 0;
        for (var k = 0; k < m; k++)
        {
            if (k == 0 || keys[k] != keys[k - 1])
            {
                starts[levels++] = k;
            }
        }

        starts[levels] = m;
        long exps = 0;

        // Forward: running prefix over x of the lower levels; B per level; u_G = A_<G + B_G.
        var prefix = LimitSum.Empty;
        var total = LimitSum.Empty;
        for (var level = 0; level < levels; level++)
        {
            var (aCount, a) = prefix.Log;
            var b = LimitSum.Empty;
            for (var k = starts[level]; k < starts[level + 1]; k++)
            {
                b.Add(CountAt(yCount, order[k]), y[order[k]]);
            }

            var (bCount, bLog) = b.Log;
            (levelACount[level], levelA[level]) = (aCount, a);
            (levelBCount[level], levelB[level]) = (bCount, bLog);
            if (a != double.NegativeInfinity && bLog != double.NegativeInfinity)
            {
                total.Add(aCount + bCount, a + bLog);
                exps++;
            }

            for (var k = starts[level]; k < starts[level + 1]; k++)
            {
                prefix.Add(CountAt(xCount, order[k]), x[order[k]]);
            }

            exps += 2 * (starts[level + 1] - starts[level]);
        }

        var (sCount, logS) = total.Log;

        // A row counts when it has a pair (two grade levels), even when every pair's term underflowed or overflowed
        // to e^{−∞}: its loss is then 0, not absent.
        counted = levels >= 2;

        // L = log(1 + e^S): +∞ when S grows with t, 0 when it falls, else the finite softplus.
        var loss = !counted || sCount < 0 || logS == double.NegativeInfinity ? 0.0 : sCount > 0 ? double.PositiveInfinity : RankingInput.Softplus(logS);
        exps++;
        if (backward)
        {
            // Items not in the order (invalid) get 0.
            for (var i = 0; i < n; i++)
            {
                if (grades[i] < 0)
                {
                    x[i] = 0;
                    y[i] = 0;
                }
            }

            // Each share is e^{term} / (1 + e^S): the terms with S's multiple of t over e^S when it grows, else over e^L.
            var (denominatorCount, denominator) = sCount > 0 ? (sCount, logS) : (0.0, loss);
            var suffix = LimitSum.Empty;
            for (var level = levels - 1; level >= 0; level--)
            {
                var (rCount, r) = suffix.Log;
                var (aCount, a) = (levelACount[level], levelA[level]);
                for (var k = starts[level]; k < starts[level + 1]; k++)
                {
                    var i = order[k];
                    x[i] = Share(counted && sCount >= 0, CountAt(xCount, i) + rCount, x[i] + r, denominatorCount, denominator);
                    y[i] = Share(counted && sCount >= 0, CountAt(yCount, i) + aCount, y[i] + a, denominatorCount, denominator);
                }

                exps += 2 * (starts[level + 1] - starts[level]);
                if (levelB[level] != double.NegativeInfinity)
                {
                    suffix.Add(levelBCount[level], levelB[level]);
                    exps++;
                }
            }
        }

        RankingOperationCounter.Add(exps);
        return loss;
    }

    private static double CountAt(ReadOnlySpan<double> counts, int i) => counts.IsEmpty ? 0 : counts[i];

    /// <summary><c>e^{term − denominator}</c> when the term has the denominator's multiple of t, else 0.</summary>
    private static double Share(bool any, double count, double term, double denominatorCount, double denominator) =>
        !any || term == double.NegativeInfinity || double.IsNaN(term) || count < denominatorCount ? 0
        : term == denominator ? 1 // a term that overflowed to +∞ with the total: the whole share, never e^{∞ − ∞}
        : Math.Exp(term - denominator);
}
