using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using MultiLabelYeast;
using PairwiseLoss;

// Su Jianlin's claim (https://kexue.fm/archives/7359) on real data: the multi-label categorical cross-entropy (ZLPR, "neg < 0 < pos") used with
// threshold 0 and no tuning does as well as sigmoid binary cross-entropy with a tuned threshold.
//
//   dotnet run -c Release --project samples/MultiLabelYeast            # 5 seeds, 50 epochs, early stopping
//   dotnet run -c Release --project samples/MultiLabelYeast -- --quick # 1 seed, 15 epochs (CI, a few seconds)
//
// Options: --seeds N, --epochs N, --hidden N (0 = linear model), --out DIR.

bool quick = args.Contains("--quick");
int seeds = IntOption("--seeds", quick ? 1 : 5);
int epochs = IntOption("--epochs", quick ? 15 : 50);
int hidden = IntOption("--hidden", 64);
string outDir = StringOption("--out", Path.Combine(ProjectDirectory(), "out"));
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var clock = Stopwatch.StartNew();
var data = YeastData.Load(Path.Combine(AppContext.BaseDirectory, "data", "yeast.csv.gz"));
Console.WriteLine($"yeast: {data.Rows} samples, {data.Features} features, {data.Labels} labels, " +
                  $"label cardinality {data.Cardinality():F3} (Elisseeff & Weston 2001; from Debian's r-cran-mlr)");
Console.WriteLine($"model: {(hidden > 0 ? $"{data.Features} → {hidden} ReLU → {data.Labels}" : $"linear {data.Features} → {data.Labels}")}, " +
                  $"Adam lr 1e-3, batch 32, up to {epochs} epochs (early stopping on the validation loss), {seeds} seed(s); split 60% train / 15% validation / 25% test per seed");
Console.WriteLine();

var methods = new[]
{
    new Method("BCE, threshold 0 (p = 0.5)", "BCE", Tuned: false),
    new Method("BCE, threshold tuned on validation", "BCE", Tuned: true),
    new Method("ZLPR (neg < 0 < pos), threshold 0", "ZLPR", Tuned: false),
    new Method("ZLPR, threshold tuned on validation (for reference)", "ZLPR", Tuned: true),
    new Method("one log-term (neg < 0, 0 < pos), threshold 0", "OneTerm", Tuned: false),
};
var results = methods.ToDictionary(m => m.Name, _ => new List<(double Micro, double Macro)>());
var thresholds = new Dictionary<string, List<double>>();
var bestEpochs = new Dictionary<string, List<int>> { ["BCE"] = new(), ["ZLPR"] = new(), ["OneTerm"] = new() };
int testRows = 0;
var curves = new Dictionary<string, double[,]>(); // loss name -> [seed, epoch] validation micro-F1 at threshold 0
var lossCurves = new Dictionary<string, double[,]>();

for (int seed = 0; seed < seeds; seed++)
{
    var split = data.Split(seed, trainFraction: 0.60, validationFraction: 0.15);
    testRows = split.TestRows;
    foreach (var lossName in new[] { "BCE", "ZLPR", "OneTerm" })
    {
        int bestEpoch = 0;
        var model = new Mlp(data.Features, hidden, data.Labels, seed: 1000 + seed);
        var trainer = new Trainer(model, LossFunction(lossName), learningRate: 1e-3f, batchSize: 32, seed: seed);
        if (!curves.ContainsKey(lossName)) { curves[lossName] = new double[seeds, epochs]; lossCurves[lossName] = new double[seeds, epochs]; }
        // Early stopping on the validation split's own loss (model selection, the same for every loss; no threshold involved).
        double bestValidationLoss = double.PositiveInfinity;
        float[][] best = model.Snapshot();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            lossCurves[lossName][seed, epoch] = trainer.Epoch(split.TrainX, split.TrainY, split.TrainRows);
            var validationScores = model.Predict(split.ValidationX, split.ValidationRows);
            curves[lossName][seed, epoch] = Metrics.Evaluate(validationScores, split.ValidationY, split.ValidationRows, data.Labels, 0f).Micro;
            double validationLoss = trainer.Loss(split.ValidationX, split.ValidationY, split.ValidationRows);
            if (validationLoss < bestValidationLoss) { bestValidationLoss = validationLoss; best = model.Snapshot(); bestEpoch = epoch + 1; }
        }
        model.Restore(best);
        bestEpochs[lossName].Add(bestEpoch);

        var testScores = model.Predict(split.TestX, split.TestRows);
        foreach (var method in methods.Where(m => m.Loss == lossName))
        {
            float threshold = 0f;
            if (method.Tuned)
            {
                var validationScores = model.Predict(split.ValidationX, split.ValidationRows);
                threshold = Metrics.BestThreshold(validationScores, split.ValidationY, split.ValidationRows, data.Labels);
                if (!thresholds.ContainsKey(method.Loss)) thresholds[method.Loss] = new();
                thresholds[method.Loss].Add(threshold);
            }
            var f1 = Metrics.Evaluate(testScores, split.TestY, split.TestRows, data.Labels, threshold);
            results[method.Name].Add((f1.Micro, f1.Macro));
        }
    }
    Console.WriteLine($"seed {seed}: test micro-F1 " + string.Join(" | ", methods.Select(m => $"{m.Loss}{(m.Tuned ? "+tuned" : "")} {results[m.Name][seed].Micro:F4}")));
}

Console.WriteLine();
Console.WriteLine($"Test-split F1 (mean ± std over {seeds} seed{(seeds > 1 ? "s" : "")}; {testRows} held-out samples per seed, a new split and initialisation per seed):");
Console.WriteLine();
Console.WriteLine("| loss and decision rule | micro-F1 | macro-F1 |");
Console.WriteLine("| --- | --- | --- |");
foreach (var method in methods)
{
    var r = results[method.Name];
    Console.WriteLine($"| {method.Name} | {Stats(r.Select(x => x.Micro))} | {Stats(r.Select(x => x.Macro))} |");
}
Console.WriteLine();
foreach (var (loss, values) in thresholds)
    Console.WriteLine($"Tuned {loss} thresholds (on the logit; chosen for validation micro-F1): {string.Join(", ", values.Select(t => t.ToString("F2")))}" +
                      (loss == "BCE" ? $"  = probabilities {string.Join(", ", values.Select(t => (1 / (1 + Math.Exp(-t))).ToString("F2")))}" : ""));
Console.WriteLine($"Early-stopping epochs (lowest validation loss): {string.Join("; ", bestEpochs.Select(kv => $"{kv.Key} {string.Join(", ", kv.Value)}"))}");

Directory.CreateDirectory(outDir);
var png = Path.Combine(outDir, "curves.png");
Curves.Save(png, curves, lossCurves, epochs);
Console.WriteLine($"Training curves: {Path.GetRelativePath(Environment.CurrentDirectory, png)}");
Console.WriteLine($"Elapsed: {clock.Elapsed.TotalSeconds:F1} s");
return 0;

static BatchLoss LossFunction(string name) => name switch
{
    "BCE" => Losses.BinaryCrossEntropyBatch,
    "ZLPR" => Losses.MultiLabelCrossEntropyBatch,
    "OneTerm" => Losses.ThresholdCrossEntropyBatch,
    _ => throw new ArgumentException(name),
};

static string Stats(IEnumerable<double> values)
{
    var v = values.ToArray();
    double mean = v.Average();
    double std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
    return v.Length > 1 ? $"{mean:F4} ± {std:F4}" : $"{mean:F4}";
}

int IntOption(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string StringOption(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string ProjectDirectory()
{
    // bin/<Configuration>/net10.0/ → the project folder, so `out/` lands in samples/MultiLabelYeast/out.
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir != null && !File.Exists(Path.Combine(dir.FullName, "MultiLabelYeast.csproj"))) dir = dir.Parent;
    return dir?.FullName ?? Environment.CurrentDirectory;
}

record Method(string Name, string Loss, bool Tuned);
