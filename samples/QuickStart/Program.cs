using System;
using QuickStart;

float[] scores = { 2.0f, 1.5f, 1.8f, -0.5f };
var gradient = new float[scores.Length];
var loss = MyLosses.Rank(scores, gradient);
Console.WriteLine("Rank: want s2 < s1 < s0 and s3 < s0 (γ = 2, m = 0.1)");
Console.WriteLine($"  scores   = [{string.Join(", ", scores)}]");
Console.WriteLine($"  loss     = {loss:G6}");
Console.WriteLine($"  gradient = [{string.Join(", ", Array.ConvertAll(gradient, g => g.ToString("G4")))}]");

float[] logits = { 3.0f, -1.0f, 0.5f, -2.0f, 1.0f };
bool[] labels = { true, false, true, false, false };
var labelGradient = new float[logits.Length];
Console.WriteLine();
Console.WriteLine("MultiLabel: want neg < 0 < pos (ZLPR)");
Console.WriteLine($"  loss     = {MyLosses.MultiLabel(logits, labels, labelGradient):G6}");
Console.WriteLine($"  gradient = [{string.Join(", ", Array.ConvertAll(labelGradient, g => g.ToString("G4")))}]");
var predicted = new bool[logits.Length];
MyLosses.PredictLabels(logits, predicted); // the decision rule the loss implies: s > 0
Console.WriteLine($"  predict  = [{string.Join(", ", predicted)}]");

double[] classes = { 0.2, 2.5, -1.0 };
var classGradient = new double[classes.Length];
Console.WriteLine();
Console.WriteLine("Softmax: want others < target (target = 1)");
Console.WriteLine($"  loss     = {MyLosses.Softmax(classes, 1, classGradient):G6}");
Console.WriteLine($"  gradient = [{string.Join(", ", Array.ConvertAll(classGradient, g => g.ToString("G4")))}]");
Console.WriteLine($"  predict  = class {MyLosses.PredictClass(classes)}");

float[] shown = { 1.2f, 2.0f, 0.3f, -0.4f }; // a list shown best first; the model ranks item 1 above item 0
var listGradient = new float[shown.Length];
var order = new int[shown.Length];
MyLosses.Order(shown, order);
Console.WriteLine();
Console.WriteLine("ListMle: want s[j] < s[i] where i < j (each item above every later one)");
Console.WriteLine($"  loss     = {MyLosses.ListMle(shown, listGradient):G6}");
Console.WriteLine($"  gradient = [{string.Join(", ", Array.ConvertAll(listGradient, g => g.ToString("G4")))}]");
Console.WriteLine($"  predict  = order [{string.Join(", ", order)}]");

Console.WriteLine();
Console.WriteLine("The generated code is samples/QuickStart/obj/<configuration>/net10.0/generated/PairwiseLoss.Generator/");
Console.WriteLine("  PairwiseLoss.Generator.PairwiseLossGenerator/QuickStart.MyLosses.PairwiseLoss.g.cs,");
Console.WriteLine("or in your IDE under Dependencies > Analyzers > PairwiseLoss.Generator.");
Console.WriteLine("More samples: samples/MultiLabelYeast (real data, BCE vs ZLPR), samples/TorchSharpBridge (TorchSharp autograd), samples/run-package-sample.sh (the NuGet package).");
