using System;
using System.Collections.Generic;

namespace PairwiseLoss.Tests.Shared.Ranking;

/// <summary>Seeded random lists: scores, integer grades (some invalid, some ties), and occasional −inf scores.</summary>
public static class RankingCases
{
    public sealed record Case(string Name, double[] Scores, double[] Grades)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Case> Random(int count, int seed, bool withInvalid = true, int maxGrade = 4)
    {
        var random = new Random(seed);
        for (var c = 0; c < count; c++)
        {
            var n = 1 + random.Next(12);
            var s = new double[n];
            var g = new double[n];
            for (var i = 0; i < n; i++)
            {
                s[i] = Math.Round((random.NextDouble() * 4) - 2, 3) + (i * 1e-4);
                g[i] = random.Next(maxGrade + 1);
                if (withInvalid && random.NextDouble() < 0.1)
                {
                    g[i] = -1;
                }

                if (withInvalid && random.NextDouble() < 0.05)
                {
                    s[i] = double.NegativeInfinity;
                }
            }

            yield return new Case($"random{seed}-{c}-n{n}", s, g);
        }
    }
}
