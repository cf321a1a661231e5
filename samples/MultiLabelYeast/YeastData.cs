using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;

namespace MultiLabelYeast;

/// <summary>The yeast data set: <c>x1…x103</c> features then <c>label1…label14</c> (0/1), one row per gene.</summary>
public sealed class YeastData
{
    public required int Rows { get; init; }
    public required int Features { get; init; }
    public required int Labels { get; init; }
    public required float[] X { get; init; }   // [Rows × Features]
    public required bool[] Y { get; init; }    // [Rows × Labels]

    public static YeastData Load(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        int labels = Array.FindAll(header, h => h.StartsWith("label", StringComparison.Ordinal)).Length;
        int features = header.Length - labels;
        var x = new List<float>();
        var y = new List<bool>();
        int rows = 0;
        for (string? line; (line = reader.ReadLine()) != null; rows++)
        {
            var cells = line.Split(',');
            for (int j = 0; j < features; j++) x.Add(float.Parse(cells[j], CultureInfo.InvariantCulture));
            for (int j = 0; j < labels; j++) y.Add(cells[features + j] == "1");
        }
        return new YeastData { Rows = rows, Features = features, Labels = labels, X = x.ToArray(), Y = y.ToArray() };
    }

    public double Cardinality()
    {
        int positives = 0;
        foreach (bool b in Y) if (b) positives++;
        return (double)positives / Rows;
    }

    /// <summary>A seeded random split; features standardised with the training part's mean and deviation.</summary>
    public Split Split(int seed, double trainFraction, double validationFraction)
    {
        var order = new int[Rows];
        for (int i = 0; i < Rows; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        int train = (int)(Rows * trainFraction), validation = (int)(Rows * validationFraction);
        var parts = new[] { order[..train], order[train..(train + validation)], order[(train + validation)..] };

        var mean = new double[Features];
        var std = new double[Features];
        foreach (int r in parts[0]) for (int j = 0; j < Features; j++) mean[j] += X[r * Features + j];
        for (int j = 0; j < Features; j++) mean[j] /= train;
        foreach (int r in parts[0]) for (int j = 0; j < Features; j++) { double d = X[r * Features + j] - mean[j]; std[j] += d * d; }
        for (int j = 0; j < Features; j++) std[j] = Math.Sqrt(std[j] / train) + 1e-8;

        (float[] X, bool[] Y) Take(int[] rows)
        {
            var xs = new float[rows.Length * Features];
            var ys = new bool[rows.Length * Labels];
            for (int i = 0; i < rows.Length; i++)
            {
                for (int j = 0; j < Features; j++) xs[i * Features + j] = (float)((X[rows[i] * Features + j] - mean[j]) / std[j]);
                Array.Copy(Y, rows[i] * Labels, ys, i * Labels, Labels);
            }
            return (xs, ys);
        }

        var (trainX, trainY) = Take(parts[0]);
        var (validationX, validationY) = Take(parts[1]);
        var (testX, testY) = Take(parts[2]);
        return new Split(trainX, trainY, parts[0].Length, validationX, validationY, parts[1].Length, testX, testY, parts[2].Length);
    }
}

public sealed record Split(
    float[] TrainX, bool[] TrainY, int TrainRows,
    float[] ValidationX, bool[] ValidationY, int ValidationRows,
    float[] TestX, bool[] TestY, int TestRows);
