using System.Linq;

namespace PairwiseLoss.Tests.Shared.Reference;

/// <summary>Element-wise conversions between the double reference and float losses.</summary>
public static class Precision
{
    public static float[][] ToFloat(double[][] values) => values.Select(v => ToFloat(v)!).ToArray();

    public static float[]? ToFloat(double[]? values) => values?.Select(x => (float)x).ToArray();

    public static double[] ToDouble(float[] values) => values.Select(x => (double)x).ToArray();
}
