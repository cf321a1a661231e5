using System;
using System.Buffers;
using System.Numerics;

namespace PairwiseLoss;

/// <summary>
/// The combinatorial ("n choose k") softmax of Su Jianlin, "将“Softmax+交叉熵”推广到多标签分类问题",
/// https://kexue.fm/archives/7359, first half: a softmax whose classes are the k-subsets of
/// the n scores. For targets t_1 … t_k (distinct indices into the scores)
/// <code>
///   L = log Z_k − (s_{t_1} + … + s_{t_k}),    Z_k = Σ_{i_1 &lt; … &lt; i_k} e^{s_{i_1} + … + s_{i_k}} = e_k(e^{s_1}, …, e^{s_n})
/// </code>
/// with e_k the elementary symmetric polynomial. The post evaluates Z_k with Newton's identities
/// (k·Z_k = Σ_p (−1)^{p−1} Z_{k−p} S_p, S_p = Σ_i e^{p·s_i}); their alternating sum cancels catastrophically and
/// S_p overflows float as soon as p·s_i &gt; 88. Here Z_k is built in log space with the recurrence
/// <c>e_j ← e_j + x·e_{j−1}</c> (j from k down to 1) over x = e^{s_i − max s}, i.e.
/// <c>log e_j ← logaddexp(log e_j, (s_i − max s) + log e_{j−1})</c>: every step adds non-negative numbers, so
/// nothing cancels and nothing overflows. O(n·k) time.
/// <para>
/// <b>Gradient.</b> <c>∂ log Z_k/∂s_i = P(i ∈ S)</c>, the inclusion probability of class i under the k-subset
/// distribution <c>P(S) ∝ Π_{i∈S} e^{s_i}</c>; these sum to k. With prefix polynomials over the classes before i
/// and suffix polynomials over the classes after i, <c>P(i ∈ S) = e^{s_i} Σ_j prefix_j · suffix_{k−1−j} / Z_k</c>,
/// all in log space (O(n·k) time, a suffix table of (n + 1)·(k + 1) values). The loss gradient is
/// <c>P(i ∈ S) − [i is a target]</c>, which sums to 0.
/// </para>
/// <para>
/// <b>Padding class</b> ("自动确定阈值", the variable-k form). The score span holds the padding / "none" class at
/// index 0 and the n real classes at indices 1 … n. With at most K labels, a sample with k ≤ K real labels is the
/// K-multiset {t_1, …, t_k, 0, …, 0}: only class 0 may repeat. Then
/// <code>
///   L̄ = log Z̄_K − (s_{t_1} + … + s_{t_k} + (K − k)·s_0),
///   Z̄_K = Σ_{j=0}^{K} e^{j·s_0} Z_{K−j}(s_1 … s_n) = Z_K + e^{s_0}·Z̄_{K−1},   Z̄_0 = 1
/// </code>
/// (Z_{K−j} over the real classes only). In the API the targets of a sample are a span of exactly K entries: the
/// real labels (distinct, in [1, n]) and 0 for each padding slot, in any order; this is the post's formula read
/// literally (the padding score counted once per 0 entry). Z̄_K is the same recurrence started from
/// <c>log e_j = j·s_0</c> (the generating function 1/(1 − e^{s_0}·t) of a class that may repeat) instead of
/// (0, −∞, …). The gradient at index 0 is the expected number of padding slots
/// <c>Σ_j j·e^{j·s_0} Z_{K−j} / Z̄_K</c> minus (K − k); at a real class, its inclusion probability minus the label.
/// Prediction outputs the real classes scoring above s_0 (at most K of them): see <see cref="PredictPadded{T}"/>.
/// </para>
/// <para>
/// <b>Special values.</b> A score of −∞ is an absent class: it is never in a subset (its probability and gradient
/// are 0). If it is a target, the loss is +∞. If fewer than k classes are present (Z_k = 0; e.g. a row that is
/// entirely −∞), no k-subset exists: the loss and gradient are 0 and a batched mean does not count the row.
/// Scores of +∞ give the limit as they grow together (equal rates, the one rule that defines a limit for several of
/// them): every log-space value carries the number of +∞ classes in its terms next to its finite part, and only the
/// terms with the most +∞ classes are kept, so the subsets that use the most +∞ classes share the probability. The
/// loss is +∞ when those subsets use more +∞ classes than the targets do, and finite otherwise (e.g. two +∞ targets
/// among three +∞ classes, k = 2: log 3). NaN in a row gives NaN loss and NaN gradient for that row.
/// </para>
/// <para>
/// <b>Precision.</b> Whatever T is, the recurrence accumulates in double (scores are read as double, results
/// rounded to T once): the log-space values reach k·(score spread), where float's absolute resolution would cost the
/// inclusion probabilities several digits (e.g. n = k = 64, scores ±30: Σ P = 63.987 in float vs 64 − 1e-13 in double).
/// </para>
/// <para>
/// <b>Allocation.</b> The gradient needs <see cref="WorkspaceLength"/> doubles of scratch. The overloads taking
/// <c>workspace</c> never allocate. The others use <c>stackalloc</c> when that is at most
/// 1024 doubles (8 KiB) and otherwise rent (and return) an array from
/// <see cref="ArrayPool{T}.Shared"/>. Forward-only overloads need 3·(k + 1) doubles.
/// </para>
/// </summary>
public static class TopKSoftmax
{
    /// <summary>Scratch sizes up to this many elements are taken from the stack by the overloads without a workspace (a tuning constant).</summary>
    internal const int StackallocLimit = 1024;

    /// <summary>Doubles per log-space value in the scratch: the count of +∞ classes, the log, its low part.</summary>
    private const int Doubles = 3;

    /// <summary>Workspace doubles the gradient of one row needs: <c>3·(classes + 2)·(k + 1)</c> (classes = row length, padding included).</summary>
    public static int WorkspaceLength(int classes, int k)
    {
        if (classes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"'{nameof(classes)}' must not be negative.");
        }

        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"'{nameof(k)}' must not be negative.");
        }

        // Compared by division: the product itself can exceed long (3·(2^31 + 1)·2^31).
        var perK = Doubles * (classes + 2L);
        if (perK > int.MaxValue / (k + 1L))
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"'{nameof(classes)}' = {classes} with k = {k} needs more than int.MaxValue workspace elements.");
        }

        return (int)(perK * (k + 1L));
    }

    // ------------------------------------------------------------------ log Z and inclusion probabilities

    /// <summary><c>log Z_k = log e_k(e^{s_1}, …, e^{s_n})</c>, in log space. −∞ when fewer than k scores are present.</summary>
    public static T LogPartition<T>(ReadOnlySpan<T> scores, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(k, scores.Length, nameof(k));
        return WithForwardScratch(scores, k, padded: false);
    }

    /// <summary><c>log Z̄_K</c> of the padding variant: <c>scores[0]</c> is the padding class, K in [1, scores.Length − 1].</summary>
    public static T PaddedLogPartition<T>(ReadOnlySpan<T> scores, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(k, RealClasses(scores.Length), nameof(k));
        return WithForwardScratch(scores, k, padded: true);
    }

    /// <summary>
    /// Writes <c>P(i ∈ S) = ∂ log Z_k/∂s_i</c> (they sum to k) into <paramref name="probabilities"/> and returns
    /// <c>log Z_k</c>. All zeros and −∞ when fewer than k scores are present.
    /// </summary>
    public static T InclusionProbabilities<T>(ReadOnlySpan<T> scores, int k, Span<T> probabilities, Span<double> workspace)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(k, scores.Length, nameof(k));
        Guard.SameLength(probabilities.Length, scores.Length, nameof(probabilities));
        CheckWorkspace(workspace, scores.Length, k);
        var shifted = CoreShifted(scores, k, padded: false, probabilities, workspace, out var max);
        if (double.IsNaN(shifted.Log))
        {
            probabilities.Fill(T.NaN);
            return T.NaN;
        }

        if (shifted.Log == double.NegativeInfinity)
        {
            probabilities.Clear();
            return T.NegativeInfinity;
        }

        return shifted.Infinite > 0 ? T.PositiveInfinity : T.CreateTruncating(shifted.Log + (k * max) + shifted.Low);
    }

    /// <summary>As <see cref="InclusionProbabilities{T}(ReadOnlySpan{T}, int, Span{T}, Span{double})"/>, with stack or pooled scratch.</summary>
    public static T InclusionProbabilities<T>(ReadOnlySpan<T> scores, int k, Span<T> probabilities)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(k, scores.Length, nameof(k));
        var length = WorkspaceLength(scores.Length, k);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        return InclusionProbabilities(scores, k, probabilities, scratch.Span);
    }

    // ------------------------------------------------------------------ per-row losses

    /// <summary>Forward only: <c>log Z_k − Σ_t s_t</c> with k = <c>targets.Length</c>.</summary>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: false, nameof(targets));
        return T.CreateTruncating(RowForward(scores, targets, padded: false, out _));
    }

    /// <summary><c>log Z_k − Σ_t s_t</c>; writes <c>∂L/∂s_i = P(i ∈ S) − [i ∈ targets]</c> into <paramref name="gradient"/>.</summary>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, Span<T> gradient, Span<double> workspace)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: false, nameof(targets));
        Guard.SameLength(gradient.Length, scores.Length, nameof(gradient));
        CheckWorkspace(workspace, scores.Length, targets.Length);
        return T.CreateTruncating(RowBackward(scores, targets, padded: false, gradient, workspace, out _));
    }

    /// <summary>As <see cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T}, Span{double})"/>, with stack or pooled scratch.</summary>
    public static T Loss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: false, nameof(targets));
        var length = WorkspaceLength(scores.Length, targets.Length);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        return Loss(scores, targets, gradient, scratch.Span);
    }

    /// <summary>
    /// Padding variant, forward only: <c>log Z̄_K − Σ_t s_t</c>. <c>scores[0]</c> is the padding class;
    /// <paramref name="targets"/> has K entries, real labels in [1, n] (distinct) and 0 for each padding slot.
    /// </summary>
    public static T PaddedLoss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: true, nameof(targets));
        return T.CreateTruncating(RowForward(scores, targets, padded: true, out _));
    }

    /// <summary>Padding variant with gradient (index 0: expected padding count − padding entries; others: inclusion probability − label).</summary>
    public static T PaddedLoss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, Span<T> gradient, Span<double> workspace)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: true, nameof(targets));
        Guard.SameLength(gradient.Length, scores.Length, nameof(gradient));
        CheckWorkspace(workspace, scores.Length, targets.Length);
        return T.CreateTruncating(RowBackward(scores, targets, padded: true, gradient, workspace, out _));
    }

    /// <summary>As <see cref="PaddedLoss{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T}, Span{double})"/>, with stack or pooled scratch.</summary>
    public static T PaddedLoss<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTargets(targets, scores.Length, padded: true, nameof(targets));
        var length = WorkspaceLength(scores.Length, targets.Length);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        return PaddedLoss(scores, targets, gradient, scratch.Span);
    }

    // ------------------------------------------------------------------ batched

    /// <summary>
    /// Batched <see cref="Loss{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T}, Span{double})"/>: <paramref name="scores"/> is
    /// row-major <c>[rows × classes]</c>, <paramref name="targets"/> row-major <c>[rows × k]</c>. Returns the mean over the
    /// rows that count (Z_k &gt; 0) and writes the gradient of that mean. <paramref name="workspace"/> needs
    /// <c>WorkspaceLength(classes, k)</c> elements (reused for every row).
    /// </summary>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient, Span<double> workspace)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchCore(scores, targets, classes, gradient, workspace, padded: false);

    /// <summary>As <see cref="Batch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, int, Span{T}, Span{double})"/>, with stack or pooled scratch.</summary>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchPooled(scores, targets, classes, gradient, padded: false);

    /// <summary>Forward-only batched loss: the mean over the rows that count.</summary>
    public static T Batch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchForward(scores, targets, classes, padded: false);

    /// <summary>Batched padding variant: each row's class 0 is its padding class, targets <c>[rows × K]</c> with 0 for padding slots.</summary>
    public static T PaddedBatch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient, Span<double> workspace)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchCore(scores, targets, classes, gradient, workspace, padded: true);

    /// <summary>As <see cref="PaddedBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, int, Span{T}, Span{double})"/>, with stack or pooled scratch.</summary>
    public static T PaddedBatch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchPooled(scores, targets, classes, gradient, padded: true);

    /// <summary>Forward-only batched padding variant.</summary>
    public static T PaddedBatch<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        BatchForward(scores, targets, classes, padded: true);

    // ------------------------------------------------------------------ prediction

    /// <summary>
    /// The k = <c>indices.Length</c> highest scores' indices, highest first (ties: lower index first; NaN ranks last).
    /// O(n·k), no allocation.
    /// </summary>
    public static void TopK<T>(ReadOnlySpan<T> scores, Span<int> indices)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(indices.Length, scores.Length, nameof(indices));
        Select(scores, 0, T.NaN, indices);
    }

    /// <summary>
    /// Padding-variant prediction: the real classes (indices 1 … n) scoring strictly above the padding score
    /// <c>scores[0]</c>, at most K = <c>indices.Length</c> of them, highest first; the remaining entries are set to 0
    /// (padding), so the output has the same shape as a target row. Returns the number of real classes written.
    /// This is the highest-scoring K-multiset of the padding distribution: "output the top K, class 0 may repeat".
    /// </summary>
    public static int PredictPadded<T>(ReadOnlySpan<T> scores, Span<int> indices)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckK(indices.Length, RealClasses(scores.Length), nameof(indices));
        return Select(scores, 1, scores[0], indices);
    }

    // ------------------------------------------------------------------ implementation

    private static int RealClasses(int length) => Math.Max(length - 1, 0);

    private static void CheckK(int k, int n, string paramName)
    {
        if (k < 1 || k > n)
        {
            throw new ArgumentOutOfRangeException(paramName, k, $"'{paramName}': k must lie in [1, {n}] (the number of classes that can be chosen).");
        }
    }

    private static void CheckWorkspace(Span<double> workspace, int classes, int k)
    {
        var required = WorkspaceLength(classes, k);
        if (workspace.Length < required)
        {
            throw new ArgumentException($"'{nameof(workspace)}' has length {workspace.Length}; pass at least TopKSoftmax.WorkspaceLength({classes}, {k}) = {required} elements.", nameof(workspace));
        }
    }

    /// <summary>k = targets.Length in [1, n]; targets in range and distinct (padding entries 0 may repeat). O(k²).</summary>
    private static void CheckTargets(ReadOnlySpan<int> targets, int length, bool padded, string paramName, int row = -1)
    {
        var n = padded ? RealClasses(length) : length;
        if (targets.Length < 1 || targets.Length > n)
        {
            throw new ArgumentException($"'{paramName}'{Where(row)} has {targets.Length} entries: k must lie in [1, {n}]" + (padded ? " (real classes; scores[0] is the padding class)." : "."), paramName);
        }

        const int lo = 0;
        var hi = padded ? n : n - 1;
        for (var a = 0; a < targets.Length; a++)
        {
            var t = targets[a];
            if (t < lo || t > hi)
            {
                throw new ArgumentOutOfRangeException(paramName, t, $"'{paramName}[{a}]'{Where(row)} is {t}; it must be a class index in [{lo}, {hi}]" + (padded ? " (0 = padding)." : "."));
            }

            if (padded && t == 0)
            {
                continue;
            }

            for (var b = 0; b < a; b++)
            {
                if (targets[b] == t)
                {
                    throw new ArgumentException($"'{paramName}'{Where(row)} holds class {t} twice (entries {b} and {a}); targets must be distinct" + (padded ? " (only the padding class 0 may repeat)." : "."), paramName);
                }
            }
        }
    }

    private static string Where(int row) => row >= 0 ? $" (row {row})" : string.Empty;

    private static T WithForwardScratch<T>(ReadOnlySpan<T> scores, int k, bool padded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var length = Doubles * (k + 1);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        var shifted = CoreShifted(scores, k, padded, Span<T>.Empty, scratch.Span, out var max);
        return shifted.Infinite > 0 ? T.PositiveInfinity
            : T.CreateTruncating(shifted.Log == double.NegativeInfinity || double.IsNaN(shifted.Log) ? shifted.Log : shifted.Log + (k * max) + shifted.Low);
    }

    /// <summary>
    /// Loss of one row from log Z (shifted by the row max), in double (a batch mean rounds once, so rows beyond
    /// float's range still give a finite mean). <paramref name="counted"/> is false when Z = 0.
    /// </summary>
    private static double RowForward<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, bool padded, out bool counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var length = Doubles * (targets.Length + 1);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        var shiftedLogZ = CoreShifted(scores, targets.Length, padded, Span<T>.Empty, scratch.Span, out var max);
        return Finish(scores, targets, shiftedLogZ, max, out counted);
    }

    private static double RowBackward<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, bool padded, Span<T> gradient, Span<double> workspace, out bool counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var shiftedLogZ = CoreShifted(scores, targets.Length, padded, gradient, workspace, out var max);
        var loss = Finish(scores, targets, shiftedLogZ, max, out counted);
        if (!counted)
        {
            gradient.Clear();
            return loss;
        }

        if (double.IsNaN(loss))
        {
            gradient.Fill(T.NaN);
            return loss;
        }

        foreach (var t in targets)
        {
            gradient[t] -= T.One;
        }

        return loss;
    }

    /// <summary>
    /// <c>log Z − Σ_t s_t = log Z' − Σ_t (s_t − max)</c>: the k·max parts cancel exactly instead of in rounding. A +∞
    /// target counts once as a +∞ class (its finite part is 0); the loss is +∞ when log Z holds more +∞ classes.
    /// </summary>
    private static double Finish<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, LogCount shiftedLogZ, double max, out bool counted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (double.IsNaN(shiftedLogZ.Log))
        {
            counted = true;
            return double.NaN;
        }

        if (shiftedLogZ.Log == double.NegativeInfinity)
        {
            counted = false;
            return 0.0;
        }

        counted = true;
        var sum = LogCount.One;
        foreach (var t in targets)
        {
            sum *= Shifted(double.CreateTruncating(scores[t]), max);
        }

        if (sum.Log == double.NegativeInfinity)
        {
            return double.PositiveInfinity; // an absent (−∞) target
        }

        return shiftedLogZ.Infinite > sum.Infinite ? double.PositiveInfinity : (shiftedLogZ.Log - sum.Log) + (shiftedLogZ.Low - sum.Low);
    }

    /// <summary>
    /// A score shifted by the largest finite score, exactly (the rounding error of s − max is kept as the low part, so
    /// small classes keep their digits next to a huge one); +∞ is one +∞ class with finite part 0; −∞ is absent.
    /// </summary>
    private static LogCount Shifted(double score, double max) =>
        double.IsPositiveInfinity(score) ? new LogCount(1, 0)
        : score == double.NegativeInfinity ? LogCount.Zero
        : LogCount.Sum(0, score, -max, 0);

    /// <summary>
    /// <c>log Z'</c>, the log partition of the scores shifted by their largest finite score M (log Z = log Z' + k·M),
    /// and, when <paramref name="probabilities"/> is not empty, <c>∂ log Z/∂s_i</c> into it. −∞ when Z = 0; NaN when a
    /// score is NaN. Every value is a <see cref="LogCount"/>: with +∞ scores, the number of +∞ classes in its terms and
    /// its finite part, keeping only the terms with the most (the limit as the +∞ scores grow together).
    /// Accumulates in double whatever T is: the log-space values reach k·(score spread), where float's absolute
    /// resolution (~1e-4 at 2000) would cost the inclusion probabilities about four digits.
    /// Scratch: 3·(k + 1) doubles forward only, <c>WorkspaceLength(scores.Length, k)</c> with probabilities.
    /// </summary>
    private static LogCount CoreShifted<T>(ReadOnlySpan<T> scores, int k, bool padded, Span<T> probabilities, Span<double> work, out double max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        max = double.NegativeInfinity;
        var anyInfinite = false;
        foreach (var v in scores)
        {
            var s = double.CreateTruncating(v);
            if (double.IsNaN(s))
            {
                max = double.NaN;
                return new LogCount(0, double.NaN);
            }

            if (double.IsPositiveInfinity(s))
            {
                anyInfinite = true;
            }
            else if (s > max)
            {
                max = s;
            }
        }

        if (max == double.NegativeInfinity)
        {
            if (!anyInfinite)
            {
                return new LogCount(0, double.NegativeInfinity);
            }

            max = 0; // only +∞ and −∞ scores: the finite parts are all 0
        }

        var first = padded ? 1 : 0;
        var m = scores.Length - first;
        var width = k + 1;
        var x0 = padded ? Shifted(double.CreateTruncating(scores[0]), max) : new LogCount(0, double.NegativeInfinity);

        if (probabilities.IsEmpty)
        {
            var e = new LogTable(work[..(Doubles * width)]);
            Initial(e, x0);
            for (var i = first; i < scores.Length; i++)
            {
                var x = Shifted(double.CreateTruncating(scores[i]), max);
                if (x.Log == double.NegativeInfinity)
                {
                    continue;
                }

                for (var j = k; j >= 1; j--)
                {
                    e[j] = LogCount.Add(e[j], x * e[j - 1]);
                }
            }

            return e[k];
        }

        // Suffix table: row r holds log e_j over the real classes r … m−1 (row m: the empty product).
        var suffix = new LogTable(work[..(Doubles * (m + 1) * width)]);
        var prefix = new LogTable(work.Slice(Doubles * (m + 1) * width, Doubles * width));
        var last = m * width;
        suffix[last] = LogCount.One;
        for (var j = 1; j <= k; j++)
        {
            suffix[last + j] = LogCount.Zero;
        }

        for (var r = m - 1; r >= 0; r--)
        {
            var next = (r + 1) * width;
            var row = r * width;
            var x = Shifted(double.CreateTruncating(scores[first + r]), max);
            suffix[row] = LogCount.One;
            for (var j = 1; j <= k; j++)
            {
                suffix[row + j] = LogCount.Add(suffix[next + j], x * suffix[next + j - 1]);
            }
        }

        // log Z' = log Σ_a prefix_a · suffix_{k−a} with the initial prefix (0, −∞, …) or (j·x0)_j for padding.
        Initial(prefix, x0);
        var logZ = PairedLogSum(prefix, suffix, 0, k);
        if (logZ.Log == double.NegativeInfinity)
        {
            return logZ;
        }

        if (padded)
        {
            // E[number of padding slots] = Σ_j j·e^{j·x0} e_{K−j} / Z̄, each term ≤ 1: no cancellation.
            var expected = 0.0;
            for (var j = 1; j <= k; j++)
            {
                expected += j * LogCount.Ratio(prefix[j] * suffix[k - j], logZ);
            }

            probabilities[0] = T.CreateTruncating(expected);
        }

        for (var r = 0; r < m; r++)
        {
            var x = Shifted(double.CreateTruncating(scores[first + r]), max);
            if (x.Log == double.NegativeInfinity)
            {
                probabilities[first + r] = T.Zero;
                continue;
            }

            var rest = PairedLogSum(prefix, suffix, (r + 1) * width, k - 1);
            probabilities[first + r] = T.CreateTruncating(Math.Min(LogCount.Ratio(x * rest, logZ), 1.0));
            for (var j = k - 1; j >= 1; j--)
            {
                prefix[j] = LogCount.Add(prefix[j], x * prefix[j - 1]);
            }
        }

        return logZ;
    }

    /// <summary>The initial polynomial: 1 (no padding) or Σ_j e^{j·x0} t^j (a class that may repeat).</summary>
    private static void Initial(LogTable e, LogCount x0)
    {
        e[0] = LogCount.One;
        for (var j = 1; j < e.Length; j++)
        {
            e[j] = e[j - 1] * x0;
        }
    }

    /// <summary><c>log Σ_{a=0}^{degree} e^{p_a + q_{degree−a}}</c> (q from <paramref name="offset"/>), max-shifted.</summary>
    private static LogCount PairedLogSum(LogTable p, LogTable q, int offset, int degree)
    {
        var total = LogCount.Zero;
        for (var a = 0; a <= degree; a++)
        {
            total = LogCount.Add(total, p[a] * q[offset + degree - a]);
        }

        return total;
    }

    /// <summary>
    /// A log-space number <c>Infinite·t + Log + Low</c>: in the limit of +∞ scores growing together as t → ∞, and with a
    /// low part that keeps the digits a huge log-sum would round away (a double-double). Sums keep the terms with the
    /// most +∞ classes (the others vanish against them); products add all parts.
    /// </summary>
    private readonly record struct LogCount(double Infinite, double Log, double Low = 0)
    {
        public static LogCount One => new(0, 0);

        public static LogCount Zero => new(0, double.NegativeInfinity);

        public static LogCount operator *(LogCount a, LogCount b) =>
            a.Log == double.NegativeInfinity || b.Log == double.NegativeInfinity ? Zero : Sum(a.Infinite + b.Infinite, a.Log, b.Log, a.Low + b.Low);

        /// <summary><c>hi + other + low</c> normalised: the rounding error of hi + other joins the low part (Knuth's two-sum).</summary>
        public static LogCount Sum(double infinite, double hi, double other, double low)
        {
            var s = hi + other;
            if (!double.IsFinite(s))
            {
                return new(infinite, s);
            }

            var bb = s - hi;
            var error = (hi - (s - bb)) + (other - bb) + low;
            var head = s + error;
            return new(infinite, head, error - (head - s));
        }

        public static LogCount Add(LogCount a, LogCount b)
        {
            if (b.Log == double.NegativeInfinity)
            {
                return a;
            }

            if (a.Log == double.NegativeInfinity || b.Infinite > a.Infinite)
            {
                return b;
            }

            if (a.Infinite > b.Infinite)
            {
                return a;
            }

            var d = (b.Log - a.Log) + (b.Low - a.Low);
            if (d > 0)
            {
                (a, d) = (b, -d);
            }

            return Sum(a.Infinite, a.Log, 0, a.Low + double.LogP1(Math.Exp(d)));
        }

        /// <summary><c>e^{part − whole}</c>: 0 when the part has fewer +∞ classes than the whole.</summary>
        public static double Ratio(LogCount part, LogCount whole) =>
            part.Log == double.NegativeInfinity || part.Infinite < whole.Infinite ? 0.0 : Math.Exp((part.Log - whole.Log) + (part.Low - whole.Low));
    }

    /// <summary>A table of <see cref="LogCount"/> values stored as triples of doubles in a workspace span.</summary>
    private readonly ref struct LogTable(Span<double> storage)
    {
        private readonly Span<double> _storage = storage;

        public int Length => _storage.Length / Doubles;

        public LogCount this[int index]
        {
            get => new(_storage[Doubles * index], _storage[(Doubles * index) + 1], _storage[(Doubles * index) + 2]);
            set
            {
                _storage[Doubles * index] = value.Infinite;
                _storage[(Doubles * index) + 1] = value.Log;
                _storage[(Doubles * index) + 2] = value.Low;
            }
        }
    }

    private static (int Rows, int K) BatchShape(int scoresLength, int targetsLength, int classes, bool padded)
    {
        var rows = Guard.Rows(scoresLength, classes, "scores", nameof(classes));
        if (rows == 0)
        {
            if (targetsLength != 0)
            {
                throw new ArgumentException($"'targets' has length {targetsLength} but there are no rows.", "targets");
            }

            return (0, 0);
        }

        if (targetsLength % rows != 0)
        {
            throw new ArgumentException($"'targets' has length {targetsLength}, which is not {rows} rows of k targets.", "targets");
        }

        var k = targetsLength / rows;
        var n = padded ? RealClasses(classes) : classes;
        if (k < 1 || k > n)
        {
            throw new ArgumentException($"'targets' holds {k} targets per row: k must lie in [1, {n}].", "targets");
        }

        return (rows, k);
    }

    private static void CheckBatchTargets(ReadOnlySpan<int> targets, int rows, int k, int classes, bool padded)
    {
        for (var r = 0; r < rows; r++)
        {
            CheckTargets(targets.Slice(r * k, k), classes, padded, "targets", r);
        }
    }

    private static T BatchCore<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient, Span<double> workspace, bool padded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, k) = BatchShape(scores.Length, targets.Length, classes, padded);
        Guard.SameLength(gradient.Length, scores.Length, nameof(gradient));
        if (rows == 0)
        {
            return T.Zero;
        }

        CheckBatchTargets(targets, rows, k, classes, padded);
        CheckWorkspace(workspace, classes, k);
        var mean = default(LossMean);
        for (var r = 0; r < rows; r++)
        {
            var loss = RowBackward(scores.Slice(r * classes, classes), targets.Slice(r * k, k), padded, gradient.Slice(r * classes, classes), workspace, out var rowCounted);
            if (rowCounted)
            {
                mean.Add(loss);
            }
        }

        if (mean.Count == 0)
        {
            return T.Zero;
        }

        var scale = T.One / T.CreateTruncating(mean.Count);
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= scale;
        }

        return mean.Mean<T>();
    }

    private static T BatchPooled<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, Span<T> gradient, bool padded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, k) = BatchShape(scores.Length, targets.Length, classes, padded);
        var length = rows == 0 ? 0 : WorkspaceLength(classes, k);
        using var scratch = new Scratch<double>(length <= StackallocLimit ? stackalloc double[length] : default, length);
        return BatchCore(scores, targets, classes, gradient, scratch.Span, padded);
    }

    private static T BatchForward<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> targets, int classes, bool padded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, k) = BatchShape(scores.Length, targets.Length, classes, padded);
        if (rows == 0)
        {
            return T.Zero;
        }

        CheckBatchTargets(targets, rows, k, classes, padded);
        var mean = default(LossMean);
        for (var r = 0; r < rows; r++)
        {
            var loss = RowForward(scores.Slice(r * classes, classes), targets.Slice(r * k, k), padded, out var rowCounted);
            if (rowCounted)
            {
                mean.Add(loss);
            }
        }

        return mean.Mean<T>();
    }

    /// <summary>
    /// Insertion selection of the highest scores among indices ≥ <paramref name="from"/>, keeping only those above
    /// <paramref name="threshold"/> (NaN threshold: keep all). Fills the unused tail with 0. Returns the count.
    /// </summary>
    private static int Select<T>(ReadOnlySpan<T> scores, int from, T threshold, Span<int> indices)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var k = indices.Length;
        var filled = 0;
        var useThreshold = !T.IsNaN(threshold) || from > 0;
        for (var i = from; i < scores.Length; i++)
        {
            var s = scores[i];
            if (useThreshold && !(s > threshold))
            {
                continue;
            }

            if (filled == k && !Before(s, scores[indices[k - 1]]))
            {
                continue;
            }

            var pos = filled == k ? k - 1 : filled++;
            while (pos > 0 && Before(s, scores[indices[pos - 1]]))
            {
                indices[pos] = indices[pos - 1];
                pos--;
            }

            indices[pos] = i;
        }

        indices[filled..].Clear();
        return filled;
    }

    /// <summary>Strictly higher, NaN lowest (a later index never passes an equal earlier one).</summary>
    private static bool Before<T>(T a, T b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        a > b || (T.IsNaN(b) && !T.IsNaN(a));
}
