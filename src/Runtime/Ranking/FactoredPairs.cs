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
    /// <summary>Doubles of scratch for n items: sort keys, left and right per level, and a level index.</summary>
    public static int ScratchDoubles(int n) => 3 * n;

    /// <summary>Ints of scratch for n items: the sorted order and the level starts.</summary>
    public static int ScratchInts(int n) => (2 * n) + 1;

    /// <summary>
    /// Returns L; when <paramref name="backward"/>, overwrites x with ∂L/∂x and y with ∂L/∂y (0 at invalid items).
    /// grades: ≥ 0 valid, &lt; 0 invalid. <paramref name="counted"/> is false when no valid pair exists (L = 0).
    /// </summary>
    public static double Run(ReadOnlySpan<double> grades, Span<double> x, Span<double> y, bool backward, Span<double> doubles, Span<int> ints, out bool counted)
    {
        var n = grades.Length;
        var keys = doubles.Slice(0, n);
        var levelA = doubles.Slice(n, n);
        var levelB = doubles.Slice(2 * n, n);
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
        keys.Sort(order);

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

        // Forward: running prefix (max, sum) over x of the lower levels; B per level; u_G = A_<G + B_G.
        double prefixMax = double.NegativeInfinity, prefixSum = 0;
        double totalMax = double.NegativeInfinity, totalSum = 0;
        for (var level = 0; level < levels; level++)
        {
            var a = prefixMax == double.NegativeInfinity ? double.NegativeInfinity : prefixMax + Math.Log(prefixSum);
            double bMax = double.NegativeInfinity, bSum = 0;
            for (var k = starts[level]; k < starts[level + 1]; k++)
            {
                Accumulate(ref bMax, ref bSum, y[order[k]]);
            }

            var b = bMax == double.NegativeInfinity ? double.NegativeInfinity : bMax + Math.Log(bSum);
            levelA[level] = a;
            levelB[level] = b;
            if (a != double.NegativeInfinity && b != double.NegativeInfinity)
            {
                Accumulate(ref totalMax, ref totalSum, a + b);
                exps++;
            }

            for (var k = starts[level]; k < starts[level + 1]; k++)
            {
                Accumulate(ref prefixMax, ref prefixSum, x[order[k]]);
            }

            exps += starts[level + 1] - starts[level];
            exps += starts[level + 1] - starts[level];
        }

        counted = totalMax != double.NegativeInfinity;
        var logS = counted ? totalMax + Math.Log(totalSum) : double.NegativeInfinity;
        var loss = counted ? RankingInput.Softplus(logS) : 0.0;
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

            double suffixMax = double.NegativeInfinity, suffixSum = 0;
            for (var level = levels - 1; level >= 0; level--)
            {
                var r = suffixMax == double.NegativeInfinity ? double.NegativeInfinity : suffixMax + Math.Log(suffixSum);
                var a = levelA[level];
                for (var k = starts[level]; k < starts[level + 1]; k++)
                {
                    var i = order[k];
                    x[i] = !counted || r == double.NegativeInfinity ? 0 : Math.Exp(x[i] + r - loss);
                    y[i] = !counted || a == double.NegativeInfinity ? 0 : Math.Exp(y[i] + a - loss);
                }

                exps += 2 * (starts[level + 1] - starts[level]);
                if (levelB[level] != double.NegativeInfinity)
                {
                    Accumulate(ref suffixMax, ref suffixSum, levelB[level]);
                    exps++;
                }
            }
        }

        RankingOperationCounter.Add(exps);
        return loss;
    }

    /// <summary>Online log-sum-exp: (max, Σ e^{v − max}) with one exponential per value.</summary>
    public static void Accumulate(ref double max, ref double sum, double value)
    {
        if (value == double.NegativeInfinity)
        {
            return;
        }

        if (value > max)
        {
            sum = max == double.NegativeInfinity ? 1 : (sum * Math.Exp(max - value)) + 1;
            max = value;
        }
        else
        {
            sum += Math.Exp(value - max);
        }
    }
}
