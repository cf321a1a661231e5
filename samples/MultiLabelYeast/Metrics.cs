using System;
using PairwiseLoss;

namespace MultiLabelYeast;

public static class Metrics
{
    /// <summary>
    /// Micro-F1 (pooled counts) and macro-F1 (mean of per-label F1; a label with no positives and no predictions scores 0, as
    /// scikit-learn does) of the labels predicted at <paramref name="threshold"/>. At 0, the threshold every compared loss
    /// ranks the labels against, the prediction is the losses' own decision rule (<c>Losses.PredictLabels</c>: s &gt; 0);
    /// a tuned threshold predicts s &gt; threshold instead.
    /// </summary>
    public static (double Micro, double Macro) Evaluate(float[] scores, bool[] labels, int rows, int classes, float threshold)
    {
        var predictions = new bool[rows * classes];
        if (threshold == 0f)
        {
            Losses.PredictLabels(scores.AsSpan(0, rows * classes), predictions);
        }
        else
        {
            for (int i = 0; i < predictions.Length; i++) predictions[i] = scores[i] > threshold;
        }

        var tp = new int[classes]; var fp = new int[classes]; var fn = new int[classes];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < classes; c++)
            {
                bool predicted = predictions[r * classes + c], actual = labels[r * classes + c];
                if (predicted && actual) tp[c]++;
                else if (predicted) fp[c]++;
                else if (actual) fn[c]++;
            }
        long TP = 0, FP = 0, FN = 0;
        double macro = 0;
        for (int c = 0; c < classes; c++)
        {
            TP += tp[c]; FP += fp[c]; FN += fn[c];
            int denominator = 2 * tp[c] + fp[c] + fn[c];
            macro += denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
        }
        double micro = TP + FP + FN == 0 ? 0 : 2.0 * TP / (2.0 * TP + FP + FN);
        return (micro, macro / classes);
    }

    /// <summary>The one logit threshold (probabilities 0.05, 0.06, …, 0.95) with the best micro-F1 on the given split.</summary>
    public static float BestThreshold(float[] scores, bool[] labels, int rows, int classes)
    {
        float best = 0f;
        double bestF1 = -1;
        for (int k = 5; k <= 95; k++)
        {
            double p = k / 100.0;
            float logit = (float)Math.Log(p / (1 - p));
            double f1 = Evaluate(scores, labels, rows, classes, logit).Micro;
            if (f1 > bestF1) { bestF1 = f1; best = logit; }
        }
        return best;
    }
}
