using System;

namespace MultiLabelYeast;

/// <summary>A batched loss from the catalogue: row-major scores and labels, mean over rows, gradient written.</summary>
public delegate float BatchLoss(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);

/// <summary>inputs → hidden (ReLU) → outputs, or a linear model when hidden is 0. Plain loops, one thread.</summary>
public sealed class Mlp
{
    public readonly int Inputs, Hidden, Outputs;
    public readonly float[][] Parameters;   // W1, b1, W2, b2 (or W, b)
    public readonly float[][] Gradients;

    public Mlp(int inputs, int hidden, int outputs, int seed)
    {
        Inputs = inputs; Hidden = hidden; Outputs = outputs;
        var random = new Random(seed);
        float[] Uniform(int count, double bound)
        {
            var w = new float[count];
            for (int i = 0; i < count; i++) w[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            return w;
        }
        Parameters = hidden > 0
            ? new[] { Uniform(inputs * hidden, Math.Sqrt(6.0 / inputs)), new float[hidden], Uniform(hidden * outputs, Math.Sqrt(6.0 / (hidden + outputs))), new float[outputs] }
            : new[] { Uniform(inputs * outputs, Math.Sqrt(6.0 / (inputs + outputs))), new float[outputs] };
        Gradients = Array.ConvertAll(Parameters, p => new float[p.Length]);
    }

    int Width => Hidden > 0 ? Hidden : Inputs;

    /// <summary>Scores [rows × outputs]; <paramref name="activations"/> keeps the hidden layer for the backward pass.</summary>
    public void Forward(ReadOnlySpan<float> x, int rows, Span<float> activations, Span<float> scores)
    {
        ReadOnlySpan<float> h = x;
        if (Hidden > 0)
        {
            Affine(x, rows, Inputs, Parameters[0], Parameters[1], Hidden, activations);
            for (int i = 0; i < rows * Hidden; i++) activations[i] = Math.Max(0f, activations[i]);
            h = activations;
        }
        Affine(h, rows, Width, Parameters[^2], Parameters[^1], Outputs, scores);
    }

    /// <summary>Gradients of the parameters from ∂L/∂scores (the generated loss's gradient).</summary>
    public void Backward(ReadOnlySpan<float> x, int rows, Span<float> activations, ReadOnlySpan<float> scoreGradient)
    {
        foreach (var g in Gradients) Array.Clear(g);
        ReadOnlySpan<float> h = Hidden > 0 ? activations : x;
        AccumulateWeights(h, scoreGradient, rows, Width, Outputs, Gradients[^2], Gradients[^1]);
        if (Hidden == 0) return;
        // ∂L/∂h = ∂L/∂s · W2ᵀ, masked by the ReLU; written over the activations (no longer needed).
        var w2 = Parameters[2];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < Hidden; k++)
            {
                if (activations[r * Hidden + k] <= 0f) { activations[r * Hidden + k] = 0f; continue; }
                float sum = 0f;
                for (int c = 0; c < Outputs; c++) sum += scoreGradient[r * Outputs + c] * w2[k * Outputs + c];
                activations[r * Hidden + k] = sum;
            }
        AccumulateWeights(x, activations, rows, Inputs, Hidden, Gradients[0], Gradients[1]);
    }

    public float[][] Snapshot() => Array.ConvertAll(Parameters, p => (float[])p.Clone());

    public void Restore(float[][] snapshot)
    {
        for (int i = 0; i < Parameters.Length; i++) snapshot[i].CopyTo(Parameters[i], 0);
    }

    public float[] Predict(float[] x, int rows)
    {
        var scores = new float[rows * Outputs];
        Forward(x, rows, new float[rows * Math.Max(1, Hidden)], scores);
        return scores;
    }

    static void Affine(ReadOnlySpan<float> x, int rows, int n, float[] w, float[] b, int m, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * m, m);
            b.CopyTo(yr);
            for (int i = 0; i < n; i++)
            {
                float xi = x[r * n + i];
                if (xi == 0f) continue;
                var wi = w.AsSpan(i * m, m);
                for (int j = 0; j < m; j++) yr[j] += xi * wi[j];
            }
        }
    }

    static void AccumulateWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int rows, int n, int m, float[] gw, float[] gb)
    {
        for (int r = 0; r < rows; r++)
        {
            var go = outputGradient.Slice(r * m, m);
            for (int j = 0; j < m; j++) gb[j] += go[j];
            for (int i = 0; i < n; i++)
            {
                float xi = input[r * n + i];
                if (xi == 0f) continue;
                var gwi = gw.AsSpan(i * m, m);
                for (int j = 0; j < m; j++) gwi[j] += xi * go[j];
            }
        }
    }
}

/// <summary>Mini-batch Adam on a <see cref="BatchLoss"/>.</summary>
public sealed class Trainer
{
    readonly Mlp model;
    readonly BatchLoss loss;
    readonly float learningRate;
    readonly int batchSize;
    readonly Random random;
    readonly float[][] m, v;
    int step;

    public Trainer(Mlp model, BatchLoss loss, float learningRate, int batchSize, int seed)
    {
        this.model = model; this.loss = loss; this.learningRate = learningRate; this.batchSize = batchSize;
        random = new Random(seed);
        m = Array.ConvertAll(model.Parameters, p => new float[p.Length]);
        v = Array.ConvertAll(model.Parameters, p => new float[p.Length]);
    }

    /// <summary>One pass over the data in a new random order; returns the mean training loss.</summary>
    public double Epoch(float[] x, bool[] y, int rows)
    {
        int features = model.Inputs, classes = model.Outputs;
        var order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        random.Shuffle(order);
        var bx = new float[batchSize * features];
        var by = new bool[batchSize * classes];
        var activations = new float[batchSize * Math.Max(1, model.Hidden)];
        var scores = new float[batchSize * classes];
        var gradient = new float[batchSize * classes];
        double total = 0;
        for (int start = 0; start < rows; start += batchSize)
        {
            int n = Math.Min(batchSize, rows - start);
            for (int i = 0; i < n; i++)
            {
                Array.Copy(x, order[start + i] * features, bx, i * features, features);
                Array.Copy(y, order[start + i] * classes, by, i * classes, classes);
            }
            model.Forward(bx.AsSpan(0, n * features), n, activations, scores);
            // The generated loss: mean over the n rows, gradient ∂L/∂scores written into `gradient`.
            float value = loss(scores.AsSpan(0, n * classes), by.AsSpan(0, n * classes), classes, gradient.AsSpan(0, n * classes));
            total += value * n;
            model.Backward(bx.AsSpan(0, n * features), n, activations, gradient.AsSpan(0, n * classes));
            AdamStep();
        }
        return total / rows;
    }

    /// <summary>The loss over a whole split (forward only; the gradient goes to a scratch buffer).</summary>
    public double Loss(float[] x, bool[] y, int rows)
    {
        var scores = model.Predict(x, rows);
        return loss(scores, y, model.Outputs, new float[scores.Length]);
    }

    void AdamStep()
    {
        const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        step++;
        float correction1 = 1 - MathF.Pow(beta1, step), correction2 = 1 - MathF.Pow(beta2, step);
        for (int p = 0; p < model.Parameters.Length; p++)
        {
            var w = model.Parameters[p]; var g = model.Gradients[p]; var mp = m[p]; var vp = v[p];
            for (int i = 0; i < w.Length; i++)
            {
                mp[i] = beta1 * mp[i] + (1 - beta1) * g[i];
                vp[i] = beta2 * vp[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= learningRate * (mp[i] / correction1) / (MathF.Sqrt(vp[i] / correction2) + epsilon);
            }
        }
    }
}
