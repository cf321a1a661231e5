using System;

namespace PairwiseLoss.Benchmarks;

/// <summary>Competitors written by hand in the benchmark: what a careful C# programmer would write without the generator.</summary>
public static class HandWritten
{
    /// <summary>
    /// The tiny ranking loss of <see cref="Declared.Rank8"/>, straight-line: 12 logits, a stable max shift,
    /// 13 exps and a log; gradient γ·p_c added to the left side and subtracted from the right.
    /// </summary>
    public static float Rank8(ReadOnlySpan<float> s, Span<float> grad)
    {
        if (s.Length < 8)
        {
            throw new ArgumentException("need 8 scores", nameof(s));
        }

        if (grad.Length < 8)
        {
            throw new ArgumentException("need 8 gradient slots", nameof(grad));
        }

        const float G = 2f;
        const float GM = 2f * 0.1f;
        float s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];

        // want l < r  →  z = γ(l − r + m)
        float z0 = G * (s1 - s0) + GM;
        float z1 = G * (s2 - s0) + GM;
        float z2 = G * (s3 - s1) + GM;
        float z3 = G * (s4 - s1) + GM;
        float z4 = G * (s5 - s2) + GM;
        float z5 = G * (s6 - s2) + GM;
        float z6 = G * (s7 - s3) + GM;
        float z7 = G * (s7 - s4) + GM;
        float z8 = G * (s7 - s5) + GM;
        float z9 = G * (s7 - s6) + GM;
        float z10 = G * (s4 - s3) + GM;
        float z11 = G * (s6 - s5) + GM;

        float m = MathF.Max(MathF.Max(MathF.Max(MathF.Max(z0, z1), MathF.Max(z2, z3)), MathF.Max(MathF.Max(z4, z5), MathF.Max(z6, z7))),
                            MathF.Max(MathF.Max(z8, z9), MathF.Max(z10, z11)));
        m = MathF.Max(m, 0f);

        float e0 = MathF.Exp(z0 - m), e1 = MathF.Exp(z1 - m), e2 = MathF.Exp(z2 - m), e3 = MathF.Exp(z3 - m);
        float e4 = MathF.Exp(z4 - m), e5 = MathF.Exp(z5 - m), e6 = MathF.Exp(z6 - m), e7 = MathF.Exp(z7 - m);
        float e8 = MathF.Exp(z8 - m), e9 = MathF.Exp(z9 - m), e10 = MathF.Exp(z10 - m), e11 = MathF.Exp(z11 - m);
        float sum = MathF.Exp(-m) + ((e0 + e1) + (e2 + e3)) + ((e4 + e5) + (e6 + e7)) + ((e8 + e9) + (e10 + e11));
        float k = G / sum; // γ · p_c = γ · e_c / sum

        float q0 = k * e0, q1 = k * e1, q2 = k * e2, q3 = k * e3, q4 = k * e4, q5 = k * e5;
        float q6 = k * e6, q7 = k * e7, q8 = k * e8, q9 = k * e9, q10 = k * e10, q11 = k * e11;
        grad[0] = -q0 - q1;
        grad[1] = q0 - q2 - q3;
        grad[2] = q1 - q4 - q5;
        grad[3] = q2 - q6 - q10;
        grad[4] = q3 - q7 + q10;
        grad[5] = q4 - q8 - q11;
        grad[6] = q5 - q9 + q11;
        grad[7] = q6 + q7 + q8 + q9;
        return m + MathF.Log(sum);
    }

    /// <summary>
    /// Naive batched ZLPR, scalar: per row a max pass, then two passes of <see cref="MathF.Exp(float)"/> per
    /// element (one for the sums, one for the gradient). Mean over rows; hard labels; no −inf handling.
    /// </summary>
    public static float MultiLabelBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient)
    {
        int rows = scores.Length / classes;
        float invRows = 1f / rows;
        float total = 0f;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> s = scores.Slice(b * classes, classes);
            ReadOnlySpan<bool> y = labels.Slice(b * classes, classes);
            Span<float> g = gradient.Slice(b * classes, classes);

            // Stable shifts: log(1 + Σ_neg e^{s}) = mn + log(e^{-mn} + Σ e^{s − mn}), mn = max(0, max_neg s); same for −s over pos.
            float mn = 0f, mp = 0f;
            for (int i = 0; i < s.Length; i++)
            {
                if (y[i])
                {
                    mp = MathF.Max(mp, -s[i]);
                }
                else
                {
                    mn = MathF.Max(mn, s[i]);
                }
            }

            float sumN = MathF.Exp(-mn), sumP = MathF.Exp(-mp);
            for (int i = 0; i < s.Length; i++)
            {
                if (y[i])
                {
                    sumP += MathF.Exp(-s[i] - mp);
                }
                else
                {
                    sumN += MathF.Exp(s[i] - mn);
                }
            }

            float lseN = mn + MathF.Log(sumN);
            float lseP = mp + MathF.Log(sumP);
            total += lseN + lseP;

            for (int i = 0; i < s.Length; i++)
            {
                g[i] = y[i] ? -MathF.Exp(-s[i] - lseP) * invRows : MathF.Exp(s[i] - lseN) * invRows;
            }
        }

        return total * invRows;
    }
}
