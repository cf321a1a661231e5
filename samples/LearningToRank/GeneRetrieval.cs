using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace LearningToRank;

/// <summary>
/// Query-by-example retrieval on the yeast data set (Elisseeff and Weston 2001; 2417 genes, 103 expression/phylogenetic features,
/// 14 functional classes): a query is a gene, its items are other genes, and an item's graded relevance is how far their
/// functional-class sets overlap, the Jaccard index quantised to 0..3 (0: no class in common, 1: J &lt; 1/2, 2: 1/2 ≤ J &lt; 1,
/// 3: the same set of classes). This is not an LTR benchmark with human grades: it is graded relevance derived from real labels.
/// </summary>
public sealed class GeneRetrieval
{
    public int Genes { get; }
    public int Features { get; }
    public float[] X { get; }
    public ushort[] Classes { get; }

    private GeneRetrieval(int genes, int features, float[] x, ushort[] classes)
    {
        Genes = genes;
        Features = features;
        X = x;
        Classes = classes;
    }

    /// <summary>Pair features φ(q, x) = [|f_q − f_x|, f_q ⊙ f_x].</summary>
    public int PairFeatures => 2 * Features;

    public static GeneRetrieval Load(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        var labels = header.Count(h => h.StartsWith("label", StringComparison.Ordinal));
        var features = header.Length - labels;
        var x = new List<float>();
        var classes = new List<ushort>();
        for (string? line; (line = reader.ReadLine()) != null;)
        {
            var cells = line.Split(',');
            for (var j = 0; j < features; j++)
            {
                x.Add(float.Parse(cells[j], CultureInfo.InvariantCulture));
            }

            ushort set = 0;
            for (var j = 0; j < labels; j++)
            {
                if (cells[features + j] == "1")
                {
                    set |= (ushort)(1 << j);
                }
            }

            classes.Add(set);
        }

        return new GeneRetrieval(classes.Count, features, x.ToArray(), classes.ToArray());
    }

    /// <summary>Quantised Jaccard overlap of two genes' class sets.</summary>
    public int Grade(int query, int item)
    {
        var a = Classes[query];
        var b = Classes[item];
        var both = System.Numerics.BitOperations.PopCount((uint)(a & b));
        var either = System.Numerics.BitOperations.PopCount((uint)(a | b));
        if (both == 0)
        {
            return 0;
        }

        if (both == either)
        {
            return 3;
        }

        return 2 * both < either ? 1 : 2;
    }

    /// <summary>Standardises the features in place with the mean and deviation of <paramref name="train"/>.</summary>
    public void Standardise(int[] train)
    {
        for (var j = 0; j < Features; j++)
        {
            double mean = 0, square = 0;
            foreach (var g in train)
            {
                mean += X[(g * Features) + j];
            }

            mean /= train.Length;
            foreach (var g in train)
            {
                var d = X[(g * Features) + j] - mean;
                square += d * d;
            }

            var std = Math.Sqrt(square / train.Length) + 1e-8;
            for (var g = 0; g < Genes; g++)
            {
                X[(g * Features) + j] = (float)((X[(g * Features) + j] - mean) / std);
            }
        }
    }

    /// <summary>Lists: for each query, <paramref name="length"/> distinct candidates drawn from <paramref name="pool"/> (never the query).</summary>
    public RankingLists Lists(int[] queries, int[] pool, int length, Random random)
    {
        var items = new int[queries.Length * length];
        var grades = new int[items.Length];
        for (var q = 0; q < queries.Length; q++)
        {
            var chosen = new HashSet<int>();
            while (chosen.Count < length)
            {
                var c = pool[random.Next(pool.Length)];
                if (c != queries[q])
                {
                    chosen.Add(c);
                }
            }

            var k = 0;
            foreach (var c in chosen)
            {
                items[(q * length) + k] = c;
                grades[(q * length) + k] = Grade(queries[q], c);
                k++;
            }
        }

        return new RankingLists(queries, items, grades, length);
    }

    /// <summary>φ(q, x) for every item of lists [first, first + count) into <paramref name="destination"/> (rows × PairFeatures).</summary>
    public void PairFeaturesOf(RankingLists lists, int first, int count, Span<float> destination)
    {
        var f = Features;
        for (var l = 0; l < count; l++)
        {
            var q = lists.Queries[first + l];
            for (var k = 0; k < lists.Length; k++)
            {
                var item = lists.Items[((first + l) * lists.Length) + k];
                var row = destination.Slice(((l * lists.Length) + k) * 2 * f, 2 * f);
                for (var j = 0; j < f; j++)
                {
                    var a = X[(q * f) + j];
                    var b = X[(item * f) + j];
                    row[j] = Math.Abs(a - b);
                    row[f + j] = a * b;
                }
            }
        }
    }
}

/// <summary>Row-major lists: <c>Items[l·Length + k]</c> is the k-th candidate of query l, with its grade.</summary>
public sealed record RankingLists(int[] Queries, int[] Items, int[] Grades, int Length)
{
    public int Count => Queries.Length;
}
