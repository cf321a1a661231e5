using PairwiseLoss;
using PackageConsumer;

// 1. A loss declared here, generated at compile time by the packaged generator.
float[] s = { 1.0f, 1.2f, -0.3f };
var grad = new float[s.Length];
float loss = MyLosses.Ranking(s, grad);
Console.WriteLine($"Ranking (want s2 < s1 < s0, γ = 4, m = 0.25): loss = {loss:G6}, grad = [{string.Join(", ", grad.Select(g => g.ToString("G4")))}]");

double[] scores = { 2.0, -1.0, 0.3, -2.5 };
double[] soft = { 1.0, 0.0, 0.7, 0.1 };
var dgrad = new double[scores.Length];
Console.WriteLine($"MultiLabel (neg < 0 < pos, soft labels): loss = {MyLosses.MultiLabel(scores, soft, dgrad):G6}, grad = [{string.Join(", ", dgrad.Select(g => g.ToString("G4")))}]");

// 2. A loss from the package's catalogue: a few steps of gradient descent on a batch of 2 rows × 4 classes.
float[] logits = { 0.5f, -0.2f, 0.1f, 0.0f, -1.0f, 0.3f, 0.8f, 0.2f };
bool[] labels = { true, false, true, false, false, false, true, true };
var g = new float[logits.Length];
for (int step = 0; step <= 30; step++)
{
    float l = Losses.MultiLabelCrossEntropyBatch(logits, labels, 4, g);
    if (step % 10 == 0) Console.WriteLine($"step {step,2}: catalogue MultiLabelCrossEntropyBatch = {l:G5}");
    for (int i = 0; i < logits.Length; i++) logits[i] -= 1.0f * g[i];
}
var predicted = logits.Select(x => x > 0).ToArray();
Console.WriteLine($"threshold 0 predicts the labels exactly: {predicted.SequenceEqual(labels)}");
var runtime = typeof(Losses).Assembly;
var informational = (System.Reflection.AssemblyInformationalVersionAttribute?)Attribute.GetCustomAttribute(runtime, typeof(System.Reflection.AssemblyInformationalVersionAttribute));
Console.WriteLine($"PairwiseLoss {informational?.InformationalVersion.Split('+')[0]} (runtime from the package, lib/net10.0)");
