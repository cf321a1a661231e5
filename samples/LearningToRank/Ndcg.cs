using System;
using System.Linq;

namespace LearningToRank;

/// <summary>NDCG@k with gain 2^g − 1 and discount log2(1 + rank), mean over lists with a relevant item (IDCG &gt; 0).</summary>
public static class Ndcg
{
    public static double Mean(GeneRetrieval data, Scorer scorer, RankingLists lists, int k)
    {
        var rows = lists.Count * lists.Length;
        var x = new float[rows * data.PairFeatures];
        var hidden = new float[rows * 64];
        var scores = new float[rows];
        data.PairFeaturesOf(lists, 0, lists.Count, x);
        scorer.Forward(x, rows, hidden, scores);
        var order = new int[rows];
        RankingLosses.Order(scores, lists.Length, order); // the decision rule of the losses: each list by descending score
        double sum = 0;
        var counted = 0;
        for (var l = 0; l < lists.Count; l++)
        {
            var g = lists.Grades.AsSpan(l * lists.Length, lists.Length).ToArray();
            var ideal = Dcg(g.OrderByDescending(v => v).ToArray(), k);
            if (ideal <= 0)
            {
                continue;
            }

            var byScore = order.AsSpan(l * lists.Length, lists.Length).ToArray().Select(i => g[i]).ToArray();
            sum += Dcg(byScore, k) / ideal;
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }

    private static double Dcg(int[] gradesInOrder, int k)
    {
        double dcg = 0;
        for (var r = 0; r < Math.Min(k, gradesInOrder.Length); r++)
        {
            dcg += (Math.Pow(2, gradesInOrder[r]) - 1) / Math.Log2(2 + r);
        }

        return dcg;
    }
}
