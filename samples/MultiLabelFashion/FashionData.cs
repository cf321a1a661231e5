using System;
using System.IO;
using System.IO.Compression;

namespace MultiLabelFashion;

/// <summary>Fashion-MNIST images (28×28 bytes) and class labels (0…9), read from IDX files (optionally .gz).</summary>
public sealed class FashionImages
{
    public static readonly string[] ClassNames =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    public required int Count { get; init; }
    public required byte[] Pixels { get; init; }   // [Count × 784]
    public required byte[] Labels { get; init; }   // [Count]

    public static FashionImages Load(string directory, string prefix) // prefix "train" or "t10k"
    {
        var pixels = ReadIdx(Find(directory, $"{prefix}-images-idx3-ubyte"), out var imageShape);
        var labels = ReadIdx(Find(directory, $"{prefix}-labels-idx1-ubyte"), out var labelShape);
        if (imageShape.Length != 3 || imageShape[1] != 28 || imageShape[2] != 28 || labelShape.Length != 1 || labelShape[0] != imageShape[0])
            throw new InvalidDataException($"unexpected IDX shapes in {directory} ({prefix})");
        return new FashionImages { Count = imageShape[0], Pixels = pixels, Labels = labels };
    }

    static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
            if (File.Exists(Path.Combine(directory, candidate))) return Path.Combine(directory, candidate);
        throw new FileNotFoundException($"{name}(.gz) not found in {directory}");
    }

    /// <summary>IDX: 2 zero bytes, type code (0x08 = unsigned byte), number of dimensions, big-endian int32 sizes, data.</summary>
    public static byte[] ReadIdx(string path, out int[] shape)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var header = new byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08) throw new InvalidDataException($"{path}: not an unsigned-byte IDX file");
        shape = new int[header[3]];
        long total = 1;
        var size = new byte[4];
        for (int d = 0; d < shape.Length; d++)
        {
            stream.ReadExactly(size);
            shape[d] = size[0] << 24 | size[1] << 16 | size[2] << 8 | size[3];
            total *= shape[d];
        }
        var data = new byte[total];
        stream.ReadExactly(data);
        return data;
    }
}

/// <summary>
/// A multi-label task composed from Fashion-MNIST: a 28×28 canvas split into a 2×2 grid of 14×14 cells; each cell
/// independently holds, with probability <c>fill</c>, a random item downsampled 2×2 (mean pooling) and is blank otherwise.
/// Labels are the 40 (class, cell) pairs: label <c>cell × 10 + class</c> is on when that cell holds an item of that class.
/// Pixels are scaled to [0, 1] and not standardised (blank stays 0).
/// </summary>
public static class GridTask
{
    public const int Side = 28, Cell = 14, Cells = 4, Classes = 10, Features = Side * Side, Labels = Classes * Cells;

    public static (float[] X, bool[] Y) Compose(FashionImages source, int[] pool, int rows, double fill, Random random)
    {
        var x = new float[rows * Features];
        var y = new bool[rows * Labels];
        for (int r = 0; r < rows; r++)
            for (int cell = 0; cell < Cells; cell++)
            {
                if (random.NextDouble() >= fill) continue;
                int image = pool[random.Next(pool.Length)];
                y[r * Labels + cell * Classes + source.Labels[image]] = true;
                int top = cell / 2 * Cell, left = cell % 2 * Cell;
                for (int i = 0; i < Cell; i++)
                    for (int j = 0; j < Cell; j++)
                    {
                        int p = image * 784 + 2 * i * 28 + 2 * j;
                        int sum = source.Pixels[p] + source.Pixels[p + 1] + source.Pixels[p + 28] + source.Pixels[p + 29];
                        x[r * Features + (top + i) * Side + left + j] = sum / (4f * 255f);
                    }
            }
        return (x, y);
    }
}
