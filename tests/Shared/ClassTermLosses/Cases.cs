using System;
using System.Collections.Generic;
using System.Linq;

namespace PairwiseLoss.Tests.Shared.ClassTermLosses;

/// <summary>How a random case's labels are drawn.</summary>
public enum LabelKind
{
    /// <summary>One hard positive per row (some rows none).</summary>
    OneHot,

    /// <summary>Any number of hard positives per row, including none.</summary>
    MultiHot,

    /// <summary>Independent soft labels in [0, 1], with exact 0s and 1s mixed in.</summary>
    Soft,

    /// <summary>Soft labels that are a distribution per row (the soft-label setting of https://kexue.fm/archives/9158).</summary>
    Distribution,
}

/// <summary>One random input: shape, γ, margin, scores (possibly masked with −inf) and labels.</summary>
public sealed record Case(int Seed, int Rows, int Classes, double Gamma, double Margin, double[] Scores, double[] Labels, LabelKind Kind)
{
    public bool IsHard => Kind is LabelKind.OneHot or LabelKind.MultiHot;

    public bool[] HardLabels => Labels.Select(t => t == 1).ToArray();

    public float[] ScoresF => Scores.Select(x => (float)x).ToArray();

    public float[] LabelsF => Labels.Select(x => (float)x).ToArray();

    public override string ToString() => $"seed {Seed}: {Rows}×{Classes}, γ={Gamma:G4}, m={Margin:G4}, {Kind}";

    /// <summary>
    /// Rows 1..8, classes 1..20, γ in [0.5, 4], margin in [−0.5, 0.5], scores in [−3, 3]; about half the cases mask
    /// some scores with −inf (sometimes a whole row, sometimes a labelled score); rows without positives occur.
    /// </summary>
    public static Case Random(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(1, 9);
        var classes = random.Next(1, 21);
        var gamma = 0.5 + (3.5 * random.NextDouble());
        var margin = -0.5 + random.NextDouble();
        var kind = (LabelKind)(seed % 4);
        var n = rows * classes;
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = -3 + (6 * random.NextDouble());
        }

        var labels = new double[n];
        for (var i = 0; i < rows; i++)
        {
            var row = labels.AsSpan(i * classes, classes);
            switch (kind)
            {
                case LabelKind.OneHot:
                    if (random.NextDouble() < 0.85)
                    {
                        row[random.Next(classes)] = 1;
                    }

                    break;
                case LabelKind.MultiHot:
                    for (var j = 0; j < classes; j++)
                    {
                        row[j] = random.NextDouble() < 0.3 ? 1 : 0;
                    }

                    break;
                case LabelKind.Soft:
                    for (var j = 0; j < classes; j++)
                    {
                        var u = random.NextDouble();
                        row[j] = u < 0.25 ? 0 : u < 0.35 ? 1 : random.NextDouble();
                    }

                    break;
                default:
                    var total = 0.0;
                    for (var j = 0; j < classes; j++)
                    {
                        row[j] = random.NextDouble() < 0.2 ? 0 : random.NextDouble();
                        total += row[j];
                    }

                    for (var j = 0; j < classes; j++)
                    {
                        row[j] = total == 0 ? 0 : row[j] / total;
                    }

                    break;
            }
        }

        if (random.NextDouble() < 0.5)
        {
            for (var i = 0; i < n; i++)
            {
                if (random.NextDouble() < 0.2)
                {
                    scores[i] = double.NegativeInfinity;
                }
            }

            if (rows > 1 && random.NextDouble() < 0.3)
            {
                scores.AsSpan(random.Next(rows) * classes, classes).Fill(double.NegativeInfinity);
            }
        }

        return new Case(seed, rows, classes, gamma, margin, scores, labels, kind);
    }

    public static IEnumerable<object[]> Seeds(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(seed => new object[] { seed });
}
