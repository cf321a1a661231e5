using System;

namespace PairwiseLoss;

/// <summary>Settings shared by every generated loss.</summary>
public static class PairwiseLossOptions
{
    private static int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>
    /// How many threads a large batched loss may use (default: the processor count). 1 keeps every call on the
    /// calling thread. Results do not depend on it: rows are split into the same blocks either way.
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set => _maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Use 1 or more threads.");
    }
}
