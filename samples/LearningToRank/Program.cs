using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using LearningToRank;

// Learning to rank with declared losses (RankingLosses.cs): the same scorer trained with four losses, NDCG@10 on held-out genes.
var quick = args.Contains("--quick");
var seeds = quick ? 2 : 5;
var epochs = quick ? 4 : 15;
var trainQueries = quick ? 250 : 600;
const int ListLength = 32, Hidden = 32, Batch = 16;
const float LearningRate = 1e-3f;

var dataPath = Path.Combine(AppContext.BaseDirectory, "data", "yeast.csv.gz");
var data = GeneRetrieval.Load(dataPath);
var losses = new (string Name, string Label)[]
{
    ("RankNet", "RankNet: Σ log(1 + e^{s_i − s_j}) per pair"),
    ("OneTerm", "graded one log-term: log(1 + Σ e^{s_i − s_j})"),
    ("LambdaLoss", "LambdaLoss (NDCG-LambdaRank weights)"),
    ("ListNet", "ListNet softmax (y = g / Σ g)"),
};

Console.WriteLine($"Yeast gene retrieval: {data.Genes} genes, {data.Features} features; lists of {ListLength}, {trainQueries} training queries per epoch, {epochs} epochs, {seeds} seeds{(quick ? " (--quick)" : string.Empty)}.");
var curves = losses.ToDictionary(l => l.Name, _ => new double[seeds, epochs + 1]);
var times = losses.ToDictionary(l => l.Name, _ => 0.0);
var gradeCounts = new long[4];

for (var seed = 0; seed < seeds; seed++)
{
    var random = new Random(1000 + seed);
    var order = Enumerable.Range(0, data.Genes).ToArray();
    random.Shuffle(order);
    var train = order[..(int)(data.Genes * 0.6)];
    var test = order[(int)(data.Genes * 0.6)..];
    var copy = GeneRetrieval.Load(dataPath);
    copy.Standardise(train);
    var testQueries = test.Take(quick ? 200 : 400).ToArray();
    var testLists = copy.Lists(testQueries, test, ListLength, new Random(7 + seed));
    foreach (var g in testLists.Grades)
    {
        gradeCounts[g]++;
    }

    foreach (var (name, _) in losses)
    {
        var scorer = new Scorer(copy.PairFeatures, Hidden, seed);
        curves[name][seed, 0] = Ndcg.Mean(copy, scorer, testLists, 10);
        var epochRandom = new Random(100 + seed);
        var watch = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var queries = Enumerable.Range(0, trainQueries).Select(_ => train[epochRandom.Next(train.Length)]).ToArray();
            var lists = copy.Lists(queries, train, ListLength, epochRandom);
            Train.Epoch(copy, scorer, lists, name, Batch, LearningRate);
            curves[name][seed, epoch] = Ndcg.Mean(copy, scorer, testLists, 10);
        }

        times[name] += watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  seed {seed}  {name,-10}  NDCG@10 = {curves[name][seed, epochs]:F4}");
    }
}

var total = gradeCounts.Sum();
Console.WriteLine($"Test grades 0/1/2/3: {string.Join(" / ", gradeCounts.Select(c => (100.0 * c / total).ToString("F1", CultureInfo.InvariantCulture) + "%"))}");
var table = new StringBuilder();
table.AppendLine($"| loss | NDCG@10 (test, mean ± sd over {seeds} seeds) | untrained | training time per run |");
table.AppendLine("| --- | --- | --- | --- |");
foreach (var (name, label) in losses)
{
    var final = Enumerable.Range(0, seeds).Select(s => curves[name][s, epochs]).ToArray();
    var untrained = Enumerable.Range(0, seeds).Select(s => curves[name][s, 0]).Average();
    var mean = final.Average();
    var sd = Math.Sqrt(final.Select(v => (v - mean) * (v - mean)).Sum() / Math.Max(1, final.Length - 1));
    table.AppendLine(FormattableString.Invariant($"| {label} | {mean:F4} ± {sd:F4} | {untrained:F4} | {times[name] / seeds:F1} s |"));
}

Console.WriteLine();
Console.Write(table);
var outDir = Path.Combine(ProjectDirectory(), "out");
Directory.CreateDirectory(outDir);
File.WriteAllText(Path.Combine(outDir, quick ? "results-quick.md" : "results.md"), table.ToString());
var png = Path.Combine(outDir, quick ? "ndcg-quick.png" : "ndcg.png");
Plot.Save(png, curves, losses, epochs);
Console.WriteLine($"Wrote {png}");

static string ProjectDirectory()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LearningToRank.csproj")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
