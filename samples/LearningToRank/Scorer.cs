using System;

namespace LearningToRank;

/// <summary>
/// A pointwise scorer s = w2 · relu(W1 φ + b1) + b2 over pair features, trained with Adam. Plain loops, one thread; the
/// ranking loss only supplies ∂L/∂s.
/// </summary>
public sealed class Scorer
{
    private readonly int _inputs;
    private readonly int _hidden;
    private readonly float[] _w1, _b1, _w2;
    private float _b2;
    private readonly float[][] _m, _v;
    private float _mb2, _vb2;
    private int _step;

    public Scorer(int inputs, int hidden, int seed)
    {
        _inputs = inputs;
        _hidden = hidden;
        var random = new Random(seed);
        _w1 = new float[inputs * hidden];
        var bound = Math.Sqrt(6.0 / inputs);
        for (var i = 0; i < _w1.Length; i++)
        {
            _w1[i] = (float)(((random.NextDouble() * 2) - 1) * bound);
        }

        _b1 = new float[hidden];
        _w2 = new float[hidden];
        var bound2 = Math.Sqrt(6.0 / (hidden + 1));
        for (var i = 0; i < hidden; i++)
        {
            _w2[i] = (float)(((random.NextDouble() * 2) - 1) * bound2);
        }

        _m = new[] { new float[_w1.Length], new float[hidden], new float[hidden] };
        _v = new[] { new float[_w1.Length], new float[hidden], new float[hidden] };
    }

    /// <summary>Scores of <paramref name="rows"/> feature rows; keeps the hidden activations for <see cref="Step"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, int rows, Span<float> hidden, Span<float> scores)
    {
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * _inputs, _inputs);
            var hr = hidden.Slice(r * _hidden, _hidden);
            _b1.CopyTo(hr);
            for (var i = 0; i < _inputs; i++)
            {
                var xi = xr[i];
                if (xi == 0)
                {
                    continue;
                }

                var w = _w1.AsSpan(i * _hidden, _hidden);
                for (var k = 0; k < _hidden; k++)
                {
                    hr[k] += xi * w[k];
                }
            }

            var s = _b2;
            for (var k = 0; k < _hidden; k++)
            {
                hr[k] = Math.Max(0f, hr[k]);
                s += hr[k] * _w2[k];
            }

            scores[r] = s;
        }
    }

    /// <summary>Backpropagates ∂L/∂s and takes one Adam step.</summary>
    public void Step(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> hidden, ReadOnlySpan<float> scoreGradient, float learningRate)
    {
        var gw1 = new float[_w1.Length];
        var gb1 = new float[_hidden];
        var gw2 = new float[_hidden];
        float gb2 = 0;
        var gh = new float[_hidden];
        for (var r = 0; r < rows; r++)
        {
            var d = scoreGradient[r];
            if (d == 0)
            {
                continue;
            }

            gb2 += d;
            var hr = hidden.Slice(r * _hidden, _hidden);
            for (var k = 0; k < _hidden; k++)
            {
                gw2[k] += d * hr[k];
                gh[k] = hr[k] > 0 ? d * _w2[k] : 0;
                gb1[k] += gh[k];
            }

            var xr = x.Slice(r * _inputs, _inputs);
            for (var i = 0; i < _inputs; i++)
            {
                var xi = xr[i];
                var g = gw1.AsSpan(i * _hidden, _hidden);
                for (var k = 0; k < _hidden; k++)
                {
                    g[k] += xi * gh[k];
                }
            }
        }

        _step++;
        Adam(_w1, gw1, _m[0], _v[0], learningRate);
        Adam(_b1, gb1, _m[1], _v[1], learningRate);
        Adam(_w2, gw2, _m[2], _v[2], learningRate);
        var one = new[] { _b2 };
        var m = new[] { _mb2 };
        var v = new[] { _vb2 };
        Adam(one, new[] { gb2 }, m, v, learningRate);
        _b2 = one[0];
        _mb2 = m[0];
        _vb2 = v[0];
    }

    private void Adam(float[] p, float[] g, float[] m, float[] v, float lr)
    {
        const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
        var c1 = 1 - MathF.Pow(beta1, _step);
        var c2 = 1 - MathF.Pow(beta2, _step);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = (beta1 * m[i]) + ((1 - beta1) * g[i]);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * g[i] * g[i]);
            p[i] -= lr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
        }
    }
}
