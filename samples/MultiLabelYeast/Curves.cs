using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace MultiLabelYeast;

/// <summary>Training curves with ScottPlot: mean training loss and validation micro-F1 (threshold 0) per epoch.</summary>
public static class Curves
{
    static readonly Dictionary<string, string> Names = new()
    {
        ["BCE"] = "sigmoid BCE (neg < 0, 0 < pos; per element)",
        ["ZLPR"] = "ZLPR (neg < 0 < pos)",
        ["OneTerm"] = "one log-term (neg < 0, 0 < pos)",
    };

    public static void Save(string path, Dictionary<string, double[,]> validationF1, Dictionary<string, double[,]> trainingLoss, int epochs)
    {
        var multiplot = new Multiplot();
        while (multiplot.Count() < 2) multiplot.AddPlot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var lossPlot = multiplot.GetPlot(0);
        var f1Plot = multiplot.GetPlot(1);
        double[] xs = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        foreach (var (name, values) in trainingLoss)
        {
            var line = lossPlot.Add.Scatter(xs, Mean(values, epochs));
            line.LegendText = Names[name];
            line.MarkerSize = 0;
        }
        foreach (var (name, values) in validationF1)
        {
            var line = f1Plot.Add.Scatter(xs, Mean(values, epochs));
            line.LegendText = Names[name];
            line.MarkerSize = 0;
        }
        lossPlot.Title("Training loss (mean over rows; scales differ by loss)");
        lossPlot.XLabel("epoch");
        lossPlot.YLabel("loss");
        lossPlot.ShowLegend(Alignment.UpperRight);
        f1Plot.Title("Validation micro-F1 at threshold 0 (no tuning)");
        f1Plot.XLabel("epoch");
        f1Plot.YLabel("micro-F1");
        f1Plot.ShowLegend(Alignment.LowerRight);
        multiplot.SavePng(path, 1400, 560);
    }

    static double[] Mean(double[,] values, int epochs)
    {
        int seeds = values.GetLength(0);
        var mean = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            for (int s = 0; s < seeds; s++) mean[e] += values[s, e];
            mean[e] /= seeds;
        }
        return mean;
    }
}
