using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace LearningToRank;

/// <summary>Test NDCG@10 per epoch (mean over seeds) for each loss, with ScottPlot.</summary>
public static class Plot
{
    public static void Save(string path, Dictionary<string, double[,]> curves, (string Name, string Label)[] losses, int epochs)
    {
        var plot = new ScottPlot.Plot();
        var xs = Enumerable.Range(0, epochs + 1).Select(e => (double)e).ToArray();
        foreach (var (name, label) in losses)
        {
            var values = curves[name];
            var seeds = values.GetLength(0);
            var ys = xs.Select((_, e) => Enumerable.Range(0, seeds).Average(s => values[s, e])).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.MarkerSize = 4;
        }

        plot.Title("Yeast gene retrieval: test NDCG@10 (mean over seeds)");
        plot.XLabel("epoch");
        plot.YLabel("NDCG@10");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }
}
