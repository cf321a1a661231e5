using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Threading.Tasks;

namespace PairwiseLoss;

/// <summary>
/// Runs a batched loss over fixed blocks of rows — in order on one thread, or across threads for large batches —
/// and sums the block totals in block order, so the result is bit-identical whatever the thread count.
/// </summary>
/// <remarks>For generated code only: public so that the bodies the generator writes can call it, hidden from IntelliSense, and free to change with the generator. Call the catalogue (<see cref="Losses"/>) or declare a loss instead.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RowBlocks
{
    /// <summary>About this many scores per block: small enough to balance two cores, large enough to amortise a task.</summary>
    internal const int ElementsPerBlock = 16384;

    /// <summary>Batches smaller than this stay on the calling thread.</summary>
    internal const int ParallelThreshold = 65536;

    public static T Mean<T, TLabel>(in BatchInputs<T, TLabel> inputs, BatchRows<T, TLabel> rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = inputs.Scores;
        var gradient = inputs.Gradient;
        var classes = inputs.Classes;
        var rowCount = Guard.Rows(scores.Length, classes, nameof(inputs), nameof(inputs));
        Guard.EmptyOrSameLength(gradient.Length, scores.Length, nameof(inputs));
        Guard.EmptyOrSameLength(inputs.Labels.Length, scores.Length, nameof(inputs));
        if (!inputs.Targets.IsEmpty && inputs.Targets.Length != rowCount)
        {
            throw new ArgumentException($"'{nameof(inputs)}.Targets' has length {inputs.Targets.Length}; it must have one target per row ({rowCount}).", nameof(inputs));
        }

        var rowsPerBlock = Math.Max(1, ElementsPerBlock / classes);
        var blocks = (rowCount + rowsPerBlock - 1) / rowsPerBlock;
        var total = T.Zero;
        var counted = 0;
        if (blocks <= 1 || scores.Length < ParallelThreshold || PairwiseLossOptions.MaxDegreeOfParallelism == 1)
        {
            for (var block = 0; block < blocks; block++)
            {
                var end = Math.Min(rowCount, (block + 1) * rowsPerBlock);
                total += rows(inputs, block * rowsPerBlock, end, out var blockCounted);
                counted += blockCounted;
            }
        }
        else
        {
            // In its own method: the lambda's closure is allocated there, so the one-thread path allocates nothing.
            total = AcrossThreads(inputs, rows, rowCount, rowsPerBlock, blocks, out counted);
        }

        if (counted == 0)
        {
            return T.Zero;
        }

        var inverse = T.One / T.CreateTruncating(counted);
        if (!gradient.IsEmpty)
        {
            SetKernels.Scale(gradient, inverse);
        }

        return total * inverse;
    }

    private static unsafe T AcrossThreads<T, TLabel>(in BatchInputs<T, TLabel> inputs, BatchRows<T, TLabel> rows, int rowCount, int rowsPerBlock, int blocks, out int counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TLabel : unmanaged
    {
        var scores = inputs.Scores;
        var labels = inputs.Labels;
        var targets = inputs.Targets;
        var gradient = inputs.Gradient;
        var (gamma, margin, classes) = (inputs.Gamma, inputs.Margin, inputs.Classes);
        var total = T.Zero;
        counted = 0;
        var totals = ArrayPool<T>.Shared.Rent(blocks);
        var counts = ArrayPool<int>.Shared.Rent(blocks);
        try
        {
            fixed (T* scorePointer = scores)
            fixed (TLabel* labelPointer = labels)
            fixed (int* targetPointer = targets)
            fixed (T* gradientPointer = gradient)
            {
                // Spans cannot cross threads; the pinned memory can, for the duration of this call.
                var (s, l, t, g) = ((nint)scorePointer, (nint)labelPointer, (nint)targetPointer, (nint)gradientPointer);
                var (sLength, lLength, tLength, gLength) = (scores.Length, labels.Length, targets.Length, gradient.Length);
                var options = new ParallelOptions { MaxDegreeOfParallelism = PairwiseLossOptions.MaxDegreeOfParallelism };
                Parallel.For(0, blocks, options, block =>
                {
                    var end = Math.Min(rowCount, (block + 1) * rowsPerBlock);
                    var blockInputs = new BatchInputs<T, TLabel>(new ReadOnlySpan<T>((void*)s, sLength), classes)
                    {
                        Labels = new ReadOnlySpan<TLabel>((void*)l, lLength),
                        Targets = new ReadOnlySpan<int>((void*)t, tLength),
                        Gradient = new Span<T>((void*)g, gLength),
                        Gamma = gamma,
                        Margin = margin,
                    };
                    totals[block] = rows(blockInputs, block * rowsPerBlock, end, out counts[block]);
                });
            }

            for (var block = 0; block < blocks; block++)
            {
                total += totals[block];
                counted += counts[block];
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(totals);
            ArrayPool<int>.Shared.Return(counts);
        }

        return total;
    }
}
