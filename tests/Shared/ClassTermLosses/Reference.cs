using System;

namespace PairwiseLoss.Tests.Shared.ClassTermLosses;

/// <summary>
/// The formulas of Su Jianlin, "不成功的尝试：将多标签交叉熵推广到“n个m分类”上去", https://kexue.fm/archives/9158,
/// written literally, in double, with no factorisation and no stabilisation: the triple sum of
/// eq. loss-1 and the double sum of eq. loss-3. Masking follows the documented rule: a −inf score is absent, and a pair
/// whose labelled score s_ij is −inf is absent; the mean of eq. loss-3 is over the row's present scores.
/// </summary>
internal static class LiteralReference
{
    /// <summary>Eq. loss-1: <c>Σ_j log(1 + Σ_i Σ_{k≠j} t_ij e^{γ(s_ik − s_ij + m)})</c>.</summary>
    public static double OthersBelowPositive(double[] s, double[] t, int classes, double gamma, double margin)
    {
        var rows = s.Length / classes;
        var loss = 0.0;
        for (var j = 0; j < classes; j++)
        {
            var inner = 0.0;
            for (var i = 0; i < rows; i++)
            {
                for (var k = 0; k < classes; k++)
                {
                    if (k == j)
                    {
                        continue;
                    }

                    var sij = s[(i * classes) + j];
                    var sik = s[(i * classes) + k];
                    var tij = t[(i * classes) + j];
                    if (tij == 0 || double.IsNegativeInfinity(sij) || double.IsNegativeInfinity(sik))
                    {
                        continue;
                    }

                    inner += tij * Math.Exp(gamma * (sik - sij + margin));
                }
            }

            loss += Math.Log(1 + inner);
        }

        return loss;
    }

    /// <summary>Eq. loss-3: <c>Σ_j log(1 + Σ_i t_ij e^{γ(s̄_i − s_ij + m)})</c>, s̄_i the mean of row i's present scores.</summary>
    public static double MeanBelowPositive(double[] s, double[] t, int classes, double gamma, double margin)
    {
        var rows = s.Length / classes;
        var loss = 0.0;
        for (var j = 0; j < classes; j++)
        {
            var inner = 0.0;
            for (var i = 0; i < rows; i++)
            {
                var sum = 0.0;
                var present = 0;
                for (var k = 0; k < classes; k++)
                {
                    if (!double.IsNegativeInfinity(s[(i * classes) + k]))
                    {
                        sum += s[(i * classes) + k];
                        present++;
                    }
                }

                var sij = s[(i * classes) + j];
                var tij = t[(i * classes) + j];
                if (present == 0 || tij == 0 || double.IsNegativeInfinity(sij))
                {
                    continue;
                }

                var mean = sum / present;
                inner += tij * Math.Exp(gamma * (mean - sij + margin));
            }

            loss += Math.Log(1 + inner);
        }

        return loss;
    }

    /// <summary>Central differences of <paramref name="f"/> at every finite score; NaN where the score is −inf.</summary>
    public static double[] CentralDifferences(Func<double[], double> f, double[] s)
    {
        var gradient = new double[s.Length];
        var x = (double[])s.Clone();
        for (var n = 0; n < s.Length; n++)
        {
            if (double.IsNegativeInfinity(s[n]))
            {
                gradient[n] = double.NaN;
                continue;
            }

            var h = 1e-5 * Math.Max(1, Math.Abs(s[n]));
            x[n] = s[n] + h;
            var up = f(x);
            x[n] = s[n] - h;
            var down = f(x);
            x[n] = s[n];
            gradient[n] = (up - down) / (2 * h);
        }

        return gradient;
    }
}
