using System;
using TorchSharp;
using static TorchSharp.torch;
using static PairwiseLoss.Benchmarks.TorchCopy;

namespace PairwiseLoss.Benchmarks;

/// <summary>TorchSharp's intra-op thread count: the process default, captured before anything changes it.</summary>
public static class TorchThreads
{
    private static int defaultThreads;

    /// <summary>The thread count libtorch chose at start-up (the number of cores unless OMP_NUM_THREADS says otherwise).</summary>
    public static int Default
    {
        get
        {
            if (defaultThreads == 0)
            {
                defaultThreads = torch.get_num_threads();
            }

            return defaultThreads;
        }
    }

    /// <summary>Sets libtorch's intra-op threads (process-wide).</summary>
    public static void Use(int threads)
    {
        _ = Default;
        torch.set_num_threads(threads);
    }
}

/// <summary>
/// The TorchSharp competitors, written from the formulas (autograd does the backward pass). Each <c>Run</c> is one
/// forward + backward on tensors prepared once; intermediate tensors are freed by a dispose scope per call; the gradient
/// comes from <c>torch.autograd.grad</c> (the same backward pass as <c>backward()</c>, without accumulating into
/// <c>.grad</c>, i.e. backward plus <c>zero_grad(set_to_none)</c>). The gradient stays in a tensor (not copied out).
/// </summary>
public sealed class TorchZlpr : IDisposable
{
    private readonly Tensor scores, positive, negative, zeroColumn;

    public TorchZlpr(float[] scores, bool[] labels, int rows, int classes)
    {
        this.scores = torch.tensor(scores, rows, classes, requires_grad: true);
        positive = torch.tensor(labels, rows, classes);
        negative = positive.logical_not();
        zeroColumn = torch.zeros(rows, 1);
    }

    /// <summary>bert4keras's multilabel_categorical_crossentropy with −inf masks: logsumexp over [masked scores, 0] for each side, mean over rows.</summary>
    public float Run(float[]? gradientOut = null)
    {
        using var scope = torch.NewDisposeScope();
        var sNeg = scores.masked_fill(positive, float.NegativeInfinity);        // negatives' s, positives masked out
        var sPos = scores.neg().masked_fill(negative, float.NegativeInfinity);  // positives' −s, negatives masked out
        var lossNeg = torch.cat(new[] { sNeg, zeroColumn }, 1).logsumexp(1, false);
        var lossPos = torch.cat(new[] { sPos, zeroColumn }, 1).logsumexp(1, false);
        var loss = (lossNeg + lossPos).mean();
        var grad = torch.autograd.grad(new[] { loss }, new[] { scores })[0];
        Copy(grad, gradientOut);
        return loss.item<float>();
    }

    public void Dispose()
    {
        scores.Dispose();
        positive.Dispose();
        negative.Dispose();
        zeroColumn.Dispose();
    }
}

/// <summary>Softmax cross-entropy, <c>torch.nn.functional.cross_entropy</c> (mean over rows), forward + backward.</summary>
public sealed class TorchSoftmax : IDisposable
{
    private readonly Tensor scores, targets;

    public TorchSoftmax(float[] scores, int[] targets, int rows, int classes)
    {
        this.scores = torch.tensor(scores, rows, classes, requires_grad: true);
        this.targets = torch.tensor(Array.ConvertAll(targets, t => (long)t));
    }

    public float Run(float[]? gradientOut = null)
    {
        using var scope = torch.NewDisposeScope();
        var loss = torch.nn.functional.cross_entropy(scores, targets);
        var grad = torch.autograd.grad(new[] { loss }, new[] { scores })[0];
        Copy(grad, gradientOut);
        return loss.item<float>();
    }

    public void Dispose()
    {
        scores.Dispose();
        targets.Dispose();
    }
}

/// <summary>The tiny ranking loss: gather the 12 (left, right) pairs, <c>logsumexp([0, γ(s_l − s_r + m)])</c>.</summary>
public sealed class TorchRank : IDisposable
{
    private readonly Tensor scores, left, right, zero;
    private readonly float gamma, margin;

    public TorchRank(float[] scores, long[] left, long[] right, float gamma, float margin)
    {
        this.scores = torch.tensor(scores, requires_grad: true);
        this.left = torch.tensor(left);
        this.right = torch.tensor(right);
        zero = torch.zeros(1);
        this.gamma = gamma;
        this.margin = margin;
    }

    public float Run(float[]? gradientOut = null)
    {
        using var scope = torch.NewDisposeScope();
        var z = (scores.index_select(0, left) - scores.index_select(0, right) + margin) * gamma;
        var loss = torch.cat(new[] { zero, z }, 0).logsumexp(0, false);
        var grad = torch.autograd.grad(new[] { loss }, new[] { scores })[0];
        Copy(grad, gradientOut);
        return loss.item<float>();
    }

    public void Dispose()
    {
        scores.Dispose();
        left.Dispose();
        right.Dispose();
        zero.Dispose();
    }
}

/// <summary>
/// Unified Circle form over two similarity lists, factorised as Circle Loss implementations do:
/// <c>softplus(γm + logsumexp(γ·sn) + logsumexp(−γ·sp))</c> = <c>log(1 + Σ_n Σ_p e^{γ(s_n − s_p + m)})</c>.
/// </summary>
public sealed class TorchCircle : IDisposable
{
    private readonly Tensor sp, sn;
    private readonly float gamma, margin;

    public TorchCircle(float[] sp, float[] sn, float gamma, float margin)
    {
        this.sp = torch.tensor(sp, requires_grad: true);
        this.sn = torch.tensor(sn, requires_grad: true);
        this.gamma = gamma;
        this.margin = margin;
    }

    public float Run(float[]? gradSpOut = null, float[]? gradSnOut = null)
    {
        using var scope = torch.NewDisposeScope();
        var lseN = (sn * gamma).logsumexp(0, false);
        var lseP = (sp * -gamma).logsumexp(0, false);
        var loss = torch.nn.functional.softplus(lseN + lseP + gamma * margin);
        var grads = torch.autograd.grad(new[] { loss }, new[] { sp, sn });
        Copy(grads[0], gradSpOut);
        Copy(grads[1], gradSnOut);
        return loss.item<float>();
    }

    public void Dispose()
    {
        sp.Dispose();
        sn.Dispose();
    }
}

internal static class TorchCopy
{
    /// <summary>Copies a float tensor into an array when one is given (verification only; not on the timed path).</summary>
    public static void Copy(Tensor tensor, float[]? destination)
    {
        if (destination is not null)
        {
            tensor.data<float>().ToArray().AsSpan().CopyTo(destination);
        }
    }
}
