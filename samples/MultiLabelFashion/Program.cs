using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MultiLabelFashion;
using MultiLabelYeast; // Mlp, Trainer, Metrics, Curves: the yeast sample's files, linked (see the .csproj)
using PairwiseLoss;

// Su Jianlin's claim (https://kexue.fm/archives/7359) in its own regime (many labels, few positives per sample): ZLPR ("neg < 0 < pos") at threshold 0,
// untuned, against sigmoid BCE at threshold 0 and BCE with a threshold tuned on validation. The yeast sample's network,
// optimiser, early stopping and metrics, on a sparse multi-label task composed from Fashion-MNIST (see GridTask).
//
//   dotnet run -c Release --project samples/MultiLabelFashion            # 3 seeds, 12k/3k/5k composed images
//   dotnet run -c Release --project samples/MultiLabelFashion -- --quick # 1 seed, 3k/1k/2k, 10 epochs (CI)
//
// Data: Fashion-MNIST (Zalando SE, MIT) from Debian's dataset-fashion-mnist. Unless --data DIR names a folder with the
// four IDX files, the first run calls fetch-data.sh: `apt-get download` + `dpkg -x` into a temporary folder (no root,
// nothing installed), and copies the IDX files to <repo>/artifacts/fashion-mnist (git-ignored; never committed).
//
// Options: --seeds N, --epochs N, --hidden N, --fill P (probability that a cell holds an item), --train N, --validation N,
//          --test N, --data DIR, --out DIR, --threads N.

bool quick = args.Contains("--quick");
int seeds = IntOption("--seeds", quick ? 1 : 3);
int epochs = IntOption("--epochs", quick ? 10 : 40);
int hidden = IntOption("--hidden", 64);
int trainRows = IntOption("--train", quick ? 3000 : 12000);
int validationRows = IntOption("--validation", quick ? 1000 : 3000);
int testRows = IntOption("--test", quick ? 2000 : 5000);
double fill = double.Parse(StringOption("--fill", "0.4"), CultureInfo.InvariantCulture);
int threads = IntOption("--threads", Environment.ProcessorCount);
string outDir = StringOption("--out", Path.Combine(ProjectDirectory(), "out"));
string dataDir = StringOption("--data", Path.Combine(ProjectDirectory(), "..", "..", "artifacts", "fashion-mnist"));
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var clock = Stopwatch.StartNew();
dataDir = Path.GetFullPath(dataDir);
if (!File.Exists(Path.Combine(dataDir, "train-images-idx3-ubyte.gz")) && !File.Exists(Path.Combine(dataDir, "train-images-idx3-ubyte")))
{
    if (args.Contains("--data")) { Console.Error.WriteLine($"No Fashion-MNIST IDX files in {dataDir}."); return 2; }
    Console.WriteLine($"Fashion-MNIST is not in {dataDir} yet: fetching it once from Debian's dataset-fashion-mnist package");
    Console.WriteLine("(apt-get download + dpkg -x into a temporary folder; no root, nothing installed; ≈31 MB). Log:");
    var fetch = Process.Start(new ProcessStartInfo("bash", new[] { Path.Combine(AppContext.BaseDirectory, "fetch-data.sh"), dataDir }))!;
    fetch.WaitForExit();
    if (fetch.ExitCode != 0) { Console.Error.WriteLine("Fetching failed; download the four IDX files yourself and pass --data DIR."); return 2; }
}
var train = FashionImages.Load(dataDir, "train");
var test = FashionImages.Load(dataDir, "t10k");
double loadSeconds = clock.Elapsed.TotalSeconds;

Console.WriteLine($"Fashion-MNIST (Zalando SE, MIT; Debian dataset-fashion-mnist): {train.Count} train + {test.Count} test images, from {dataDir}");
Console.WriteLine($"task: 28×28 canvas = 2×2 grid of 14×14 cells, each holding a random item (downsampled 2×2) with probability {fill}; " +
                  $"{GridTask.Labels} labels = (class, cell) pairs");
Console.WriteLine($"composed per seed: {trainRows} train + {validationRows} validation from items of the first 50000 / last 10000 training images, " +
                  $"{testRows} test from the 10000 test images (unseen items)");
Console.WriteLine($"model: {(hidden > 0 ? $"{GridTask.Features} → {hidden} ReLU → {GridTask.Labels}" : $"linear {GridTask.Features} → {GridTask.Labels}")}, " +
                  $"Adam lr 1e-3, batch 32, up to {epochs} epochs (early stopping on the validation loss), {seeds} seed(s), {threads} thread(s)");

var methods = new[]
{
    new Method("(a) BCE, threshold 0 (p = 0.5)", "BCE", Tuned: false),
    new Method("(b) BCE, threshold tuned on validation", "BCE", Tuned: true),
    new Method("(c) ZLPR (neg < 0 < pos), threshold 0, no tuning", "ZLPR", Tuned: false),
    new Method("ZLPR, threshold tuned on validation (for reference)", "ZLPR", Tuned: true),
};
var losses = new[] { "BCE", "ZLPR" };

// Compose every seed's splits first (cheap), then train the (seed, loss) runs in parallel; each run has its own seeded model.
var splits = new Split[seeds];
for (int seed = 0; seed < seeds; seed++)
{
    var random = new Random(seed);
    int[] trainPool = Enumerable.Range(0, 50000).ToArray(), validationPool = Enumerable.Range(50000, train.Count - 50000).ToArray();
    int[] testPool = Enumerable.Range(0, test.Count).ToArray();
    var (tx, ty) = GridTask.Compose(train, trainPool, trainRows, fill, random);
    var (vx, vy) = GridTask.Compose(train, validationPool, validationRows, fill, random);
    var (sx, sy) = GridTask.Compose(test, testPool, testRows, fill, random);
    splits[seed] = new Split(tx, ty, trainRows, vx, vy, validationRows, sx, sy, testRows);
}
Console.WriteLine($"label cardinality (train, seed 0): {splits[0].TrainY.Count(b => b) / (double)trainRows:F3} positives of {GridTask.Labels} per sample; " +
                  $"{Enumerable.Range(0, trainRows).Count(r => !splits[0].TrainY.AsSpan(r * GridTask.Labels, GridTask.Labels).Contains(true)) / (double)trainRows:P1} of samples have none");
Console.WriteLine($"data loaded and composed in {clock.Elapsed.TotalSeconds:F1} s (IDX read {loadSeconds:F1} s)");
Console.WriteLine();

var jobs = (from seed in Enumerable.Range(0, seeds) from loss in losses select (Seed: seed, Loss: loss)).ToArray();
var runs = new Run[jobs.Length];
var trainClock = Stopwatch.StartNew();
Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, j =>
{
    var (seed, lossName) = jobs[j];
    var split = splits[seed];
    var runClock = Stopwatch.StartNew();
    var model = new Mlp(GridTask.Features, hidden, GridTask.Labels, seed: 1000 + seed);
    var trainer = new Trainer(model, LossFunction(lossName), learningRate: 1e-3f, batchSize: 32, seed: seed);
    var f1Curve = new double[epochs];
    var lossCurve = new double[epochs];
    double bestValidationLoss = double.PositiveInfinity;
    float[][] best = model.Snapshot();
    int bestEpoch = 0;
    for (int epoch = 0; epoch < epochs; epoch++)
    {
        lossCurve[epoch] = trainer.Epoch(split.TrainX, split.TrainY, split.TrainRows);
        var validationScores = model.Predict(split.ValidationX, split.ValidationRows);
        f1Curve[epoch] = Metrics.Evaluate(validationScores, split.ValidationY, split.ValidationRows, GridTask.Labels, 0f).Micro;
        double validationLoss = trainer.Loss(split.ValidationX, split.ValidationY, split.ValidationRows);
        if (validationLoss < bestValidationLoss) { bestValidationLoss = validationLoss; best = model.Snapshot(); bestEpoch = epoch + 1; }
    }
    model.Restore(best);
    var scoresOnValidation = model.Predict(split.ValidationX, split.ValidationRows);
    var scoresOnTest = model.Predict(split.TestX, split.TestRows);
    var results = new Dictionary<string, (double Micro, double Macro, float Threshold)>();
    foreach (var method in methods.Where(m => m.Loss == lossName))
    {
        float threshold = method.Tuned ? Metrics.BestThreshold(scoresOnValidation, split.ValidationY, split.ValidationRows, GridTask.Labels) : 0f;
        var f1 = Metrics.Evaluate(scoresOnTest, split.TestY, split.TestRows, GridTask.Labels, threshold);
        results[method.Name] = (f1.Micro, f1.Macro, threshold);
    }
    // Predicted positives per test sample at threshold 0 (the true count is the label cardinality).
    double predicted = scoresOnTest.Count(s => s > 0f) / (double)split.TestRows;
    runs[j] = new Run(seed, lossName, bestEpoch, results, f1Curve, lossCurve, predicted, runClock.Elapsed.TotalSeconds);
    Console.WriteLine($"seed {seed} {lossName,-4}: best epoch {bestEpoch,2}, {runClock.Elapsed.TotalSeconds,5:F1} s, " +
                      string.Join(" | ", results.Select(kv => $"{(kv.Key.Contains("tuned") ? "tuned" : "thr 0")} micro-F1 {kv.Value.Micro:F4}")));
});
double trainSeconds = trainClock.Elapsed.TotalSeconds;

double testPositives = splits.Average(s => s.TestY.Count(b => b) / (double)s.TestRows);
Console.WriteLine();
Console.WriteLine($"Test-split F1 (mean ± std over {seeds} seed{(seeds > 1 ? "s" : "")}; {testRows} composed test samples per seed, " +
                  $"{GridTask.Labels} labels, {testPositives:F2} positives per sample):");
Console.WriteLine();
Console.WriteLine("| loss and decision rule | micro-F1 | macro-F1 |");
Console.WriteLine("| --- | --- | --- |");
foreach (var method in methods)
{
    var r = runs.Where(x => x.Loss == method.Loss).OrderBy(x => x.Seed).Select(x => x.Results[method.Name]).ToArray();
    Console.WriteLine($"| {method.Name} | {Stats(r.Select(x => x.Micro))} | {Stats(r.Select(x => x.Macro))} |");
}
Console.WriteLine();
foreach (var loss in losses)
{
    var ofLoss = runs.Where(x => x.Loss == loss).OrderBy(x => x.Seed).ToArray();
    var tuned = ofLoss.Select(x => x.Results.Single(kv => kv.Key.Contains("tuned")).Value.Threshold).ToArray();
    Console.WriteLine($"{loss}: tuned logit thresholds {string.Join(", ", tuned.Select(t => t.ToString("F2")))}" +
                      (loss == "BCE" ? $" (= p {string.Join(", ", tuned.Select(t => (1 / (1 + Math.Exp(-t))).ToString("F2")))})" : "") +
                      $"; early-stopping epochs {string.Join(", ", ofLoss.Select(x => x.BestEpoch))}" +
                      $"; predicted positives per test sample at threshold 0: {ofLoss.Average(x => x.PredictedPositives):F2}");
}

Directory.CreateDirectory(outDir);
var png = Path.Combine(outDir, "curves.png");
var curves = new Dictionary<string, double[,]>();
var lossCurves = new Dictionary<string, double[,]>();
foreach (var loss in losses)
{
    curves[loss] = new double[seeds, epochs];
    lossCurves[loss] = new double[seeds, epochs];
    foreach (var run in runs.Where(x => x.Loss == loss))
        for (int e = 0; e < epochs; e++) { curves[loss][run.Seed, e] = run.ValidationF1[e]; lossCurves[loss][run.Seed, e] = run.TrainingLoss[e]; }
}
Curves.Save(png, curves, lossCurves, epochs);
Console.WriteLine($"Training curves: {Path.GetRelativePath(Environment.CurrentDirectory, png)}");
Console.WriteLine($"Elapsed: {clock.Elapsed.TotalSeconds:F1} s (training {trainSeconds:F1} s on {threads} thread(s); " +
                  $"{runs.Sum(r => r.Seconds):F1} s of runs)");
return 0;

static BatchLoss LossFunction(string name) => name switch
{
    "BCE" => Losses.BinaryCrossEntropyBatch,
    "ZLPR" => Losses.MultiLabelCrossEntropyBatch,
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
    // bin/<Configuration>/net10.0/ → the project folder, so `out/` lands in samples/MultiLabelFashion/out.
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir != null && !File.Exists(Path.Combine(dir.FullName, "MultiLabelFashion.csproj"))) dir = dir.Parent;
    return dir?.FullName ?? Environment.CurrentDirectory;
}

record Method(string Name, string Loss, bool Tuned);
record Split(float[] TrainX, bool[] TrainY, int TrainRows, float[] ValidationX, bool[] ValidationY, int ValidationRows,
             float[] TestX, bool[] TestY, int TestRows);
record Run(int Seed, string Loss, int BestEpoch, Dictionary<string, (double Micro, double Macro, float Threshold)> Results,
           double[] ValidationF1, double[] TrainingLoss, double PredictedPositives, double Seconds);
