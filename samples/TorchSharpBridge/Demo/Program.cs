using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MultiLabelYeast;
using PairwiseLoss.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

// A TorchSharp model trained end to end with a generated loss: ZLPR ("neg < 0 < pos"), the catalogue's
// MultiLabelCrossEntropyBatch, enters autograd through the PairwiseLoss.TorchSharp package (TorchLosses): the generated
// code reads the logits and labels in place and writes the gradient that backward passes on; Adam updates the network.
// Prediction: the labels whose score is above 0, no threshold tuning.
//
//   samples/TorchSharpBridge/run-demo.sh            # 15 epochs
//   samples/TorchSharpBridge/run-demo.sh --quick    # 5 epochs (CI)

bool quick = args.Contains("--quick");
int epochs = quick ? 5 : 15;
torch.set_num_threads(1);          // a small model: one thread is enough, and the machine is shared
torch.manual_seed(0);

var clock = Stopwatch.StartNew();
var data = YeastData.Load(Path.Combine(AppContext.BaseDirectory, "data", "yeast.csv.gz"));
var split = data.Split(seed: 0, trainFraction: 0.75, validationFraction: 0.0);
var trainX = tensor(split.TrainX, new long[] { split.TrainRows, data.Features });
var trainY = tensor(split.TrainY, new long[] { split.TrainRows, data.Labels });
var testX = tensor(split.TestX, new long[] { split.TestRows, data.Features });
var testY = tensor(split.TestY, new long[] { split.TestRows, data.Labels });

var model = nn.Sequential(
    ("hidden", nn.Linear(data.Features, 64)),
    ("relu", nn.ReLU()),
    ("out", nn.Linear(64, data.Labels)));
var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}; yeast {split.TrainRows} train / {split.TestRows} test; " +
                  $"{data.Features} → 64 ReLU → {data.Labels}; loss: generated ZLPR through TorchLosses");

const int batch = 32;
for (int epoch = 1; epoch <= epochs; epoch++)
{
    model.train();
    var order = randperm(split.TrainRows);
    double total = 0;
    for (long start = 0; start < split.TrainRows; start += batch)
    {
        using var scope = NewDisposeScope();
        var index = order.narrow(0, start, Math.Min(batch, split.TrainRows - start));
        var logits = model.forward(trainX.index_select(0, index));
        // The generated loss inside autograd: forward + gradient in one call, backward scales the saved gradient.
        var loss = TorchLosses.MultiLabelCrossEntropyBatch(logits, trainY.index_select(0, index));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        total += loss.item<float>() * index.shape[0];
    }
    if (epoch == 1 || epoch % 5 == 0 || epoch == epochs)
    {
        using var scope = NewDisposeScope();
        model.eval();
        using var noGrad = no_grad();
        var predicted = model.forward(testX).gt(0);         // threshold 0
        var tp = (predicted & testY).sum().item<long>();
        var fp = (predicted & ~testY).sum().item<long>();
        var fn = (~predicted & testY).sum().item<long>();
        Console.WriteLine($"epoch {epoch,3}: train loss {total / split.TrainRows:F4}   test micro-F1 (threshold 0) {2.0 * tp / (2.0 * tp + fp + fn):F4}");
    }
}
Console.WriteLine($"Elapsed: {clock.Elapsed.TotalSeconds:F1} s");
