using System;
using System.Linq;
using System.Reflection;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;

namespace PairwiseLoss.Generator.Tests.Declarations;

/// <summary>
/// Per-class declarations with the user's own parameter names and a weight: the loss against a brute-force sum over
/// classes, rows and pairs; central differences; run-time errors name the user's parameters.
/// </summary>
public sealed class PerClassDeclarationTests
{
    private const double Gamma = 3;
    private const double Margin = 0.1;
    private const double Weight = 2.5;

    private delegate double Loss(double[] logits, bool[] truth, int width, double[] grad);

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(TestSource.InClass($$"""
            [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass, Gamma = {{Gamma}}, Margin = {{Margin}})]
            [Want("others < pos", Weight = {{Weight}})]
            public static partial double Others(ReadOnlySpan<double> logits, ReadOnlySpan<bool> truth, int width, Span<double> grad);

            [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass, Gamma = {{Gamma}}, Margin = {{Margin}})]
            [Want("mean < pos", Weight = {{Weight}})]
            public static partial double Mean(ReadOnlySpan<double> logits, ReadOnlySpan<bool> truth, int width, Span<double> grad);

            [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
            [Want("others < pos", Weight = 0)]
            public static partial double Dropped(ReadOnlySpan<double> logits, ReadOnlySpan<bool> truth, int width, Span<double> grad);

            public static double CallOthers(double[] logits, bool[] truth, int width, double[] grad) => Others(logits, truth, width, grad);
            public static double CallMean(double[] logits, bool[] truth, int width, double[] grad) => Mean(logits, truth, width, grad);
            public static double CallDropped(double[] logits, bool[] truth, int width, double[] grad) => Dropped(logits, truth, width, grad);
            """)).GetType("Tests.Losses", throwOnError: true)!);

    private static Loss Method(string name) => Compiled.Value.GetMethod("Call" + name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Loss>();

    /// <summary>Σ_j log(1 + Σ_i t_ij·w·Σ_{k≠j} e^{γ(s_ik − s_ij + m)}), or with the row mean s̄_i in place of the others.</summary>
    private static double Reference(double[] s, bool[] t, int classes, bool mean)
    {
        var rows = s.Length / classes;
        var total = 0.0;
        for (var j = 0; j < classes; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < rows; i++)
            {
                if (!t[(i * classes) + j])
                {
                    continue;
                }

                var target = s[(i * classes) + j];
                var row = Enumerable.Range(0, classes).Select(k => s[(i * classes) + k]).ToArray();
                sum += mean
                    ? Weight * Math.Exp(Gamma * (row.Average() - target + Margin))
                    : Weight * Enumerable.Range(0, classes).Where(k => k != j).Sum(k => Math.Exp(Gamma * (row[k] - target + Margin)));
            }

            total += Math.Log(1 + sum);
        }

        return total;
    }

    [Theory]
    [InlineData("Others", false)]
    [InlineData("Mean", true)]
    public void A_weighted_per_class_loss_matches_the_brute_force_sum_and_finite_differences(string name, bool mean)
    {
        var loss = Method(name);
        var rng = new Random(5);
        foreach (var (rows, classes) in new[] { (1, 2), (3, 4), (5, 7) })
        {
            var s = Enumerable.Range(0, rows * classes).Select(_ => RandomDeclarations.Uniform(rng, -1, 1)).ToArray();
            var t = Enumerable.Range(0, rows * classes).Select(_ => rng.Next(3) == 0).ToArray();
            var gradient = new double[s.Length];
            var actual = loss(s, t, classes, gradient);
            Check.Close(Reference(s, t, classes, mean), actual, 1e-12, $"{name} loss, {rows}×{classes}");
            Check.FiniteDifferences(spans => Reference(spans[0], t, classes, mean), new[] { s }, new[] { gradient }, $"{name} gradient, {rows}×{classes}");
        }
    }

    [Fact]
    public void Weight_zero_leaves_no_pair()
    {
        var gradient = new[] { 1.0, 2, 3, 4 };
        Assert.Equal(0.0, Method("Dropped")(new[] { 0.5, -1, 2, 0 }, new[] { true, false, false, true }, 2, gradient));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Theory]
    [InlineData("Others")]
    [InlineData("Mean")]
    public void Run_time_errors_name_the_users_parameters(string name)
    {
        var loss = Method(name);
        Assert.Equal("truth", Assert.ThrowsAny<ArgumentException>(() => loss(new double[6], new bool[5], 3, new double[6])).ParamName);
        Assert.Equal("grad", Assert.ThrowsAny<ArgumentException>(() => loss(new double[6], new bool[6], 3, new double[5])).ParamName);
        Assert.Equal("grad", Assert.ThrowsAny<ArgumentException>(() => loss(new double[6], new bool[6], 3, Array.Empty<double>())).ParamName);
        Assert.Equal("width", Assert.ThrowsAny<ArgumentException>(() => loss(new double[6], new bool[6], 0, new double[6])).ParamName);
        Assert.Equal("logits", Assert.ThrowsAny<ArgumentException>(() => loss(new double[7], new bool[7], 3, new double[7])).ParamName);
    }
}
