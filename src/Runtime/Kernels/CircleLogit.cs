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

        return positive ? -gamma * alpha * (x - (T.One - margin)) : gamma * alpha * (x - margin);
    }

    public T Slope(T x)
    {
        if (positive)
        {
            var alpha = T.Max(T.One + margin - x, T.Zero);
            var through = fullGradient && alpha > T.Zero ? -(x - (T.One - margin)) : T.Zero;
            return -gamma * (alpha + through);
        }

        var alphaN = T.Max(x + margin, T.Zero);
        var throughN = fullGradient && alphaN > T.Zero ? x - margin : T.Zero;
        return gamma * (alphaN + throughN);
    }
}
