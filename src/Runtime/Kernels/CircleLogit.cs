using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// Circle Loss (Sun et al. 2020, eq. 4). Negatives (left): ℓ = γ·α_n·(x − Δ_n), α_n = [x + m]₊, Δ_n = m.
/// Positives (right): ℓ = −γ·α_p·(x − Δ_p), α_p = [1 + m − x]₊, Δ_p = 1 − m. The slope holds α constant
/// (the paper's reference code detaches it) unless <c>fullGradient</c>.
/// </summary>
internal readonly struct CircleLogit<T>(bool positive, T gamma, T margin, bool fullGradient) : IElementLogit<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The logit; 0 where α is 0, also at x = +∞ for a positive (its limit: the term stops at the optimum).</summary>
    public T Of(T x)
    {
        var alpha = positive ? T.Max(T.One + margin - x, T.Zero) : T.Max(x + margin, T.Zero);
        if (alpha == T.Zero)
        {
            return T.IsNaN(x) ? x : T.Zero;
        }

        var distance = positive ? (T.One - margin) - x : x - margin;
        var logit = gamma * alpha * distance;
        return T.IsInfinity(logit) && T.IsFinite(x) ? Product(gamma, alpha, distance) : logit;
    }

    /// <summary>
    /// <c>a·b·c</c> for finite factors whose left-to-right product overflowed: the largest times the smallest first,
    /// which overflows only if the whole product does (γ·α can pass MaxValue while γ·α·(x − Δ) does not).
    /// </summary>
    private static T Product(T a, T b, T c)
    {
        if (T.Abs(a) < T.Abs(b))
        {
            (a, b) = (b, a);
        }

        if (T.Abs(b) < T.Abs(c))
        {
            (b, c) = (c, b);
        }

        if (T.Abs(a) < T.Abs(b))
        {
            (a, b) = (b, a);
        }

        return a * c * b;
    }

    public T Slope(T x)
    {
        if (positive)
        {
            var alpha = T.Max(T.One + margin - x, T.Zero);
            var through = fullGradient && alpha > T.Zero ? -(x - (T.One - margin)) : T.Zero;
            return -Scaled(gamma, alpha, through);
        }

        var alphaN = T.Max(x + margin, T.Zero);
        var throughN = fullGradient && alphaN > T.Zero ? x - margin : T.Zero;
        return Scaled(gamma, alphaN, throughN);
    }

    /// <summary><c>γ·(a + b)</c>, or <c>γ·a + γ·b</c> when the sum overflowed but the scaled one need not (γ &lt; 1).</summary>
    private static T Scaled(T gamma, T a, T b)
    {
        var sum = a + b;
        return T.IsInfinity(sum) && T.IsFinite(a) && T.IsFinite(b) ? (gamma * a) + (gamma * b) : gamma * sum;
    }
}
