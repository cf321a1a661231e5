using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using CsCheck;
using Xunit;
using Xunit.Abstractions;
using PairwiseLoss.Tests.Shared.Hardening;

namespace PairwiseLoss.Generator.Tests.Fuzz;

public delegate double DoubleLoss(ReadOnlySpan<double> scores, Span<double> gradient);
public delegate double DoubleForward(ReadOnlySpan<double> scores);
public delegate float SingleLoss(ReadOnlySpan<float> scores, Span<float> gradient);
public delegate float SingleForward(ReadOnlySpan<float> scores);

/// <summary>
/// Properties over randomly generated declarations: chains of literal scores and thresholds with random γ ∈ [0.1, 256],
/// margins ∈ [−1, 1], weights ∈ [0, 3], one log-term or one term per pair. Each declaration is generated four times
/// (float/double × with/without gradient), compiled in memory through the generator and checked against the README's
/// formula, finite differences, and each other.
/// </summary>
[Trait("Category", "Property")]
public sealed class DeclarationPropertyTests : IClassFixture<DeclarationPropertyTests.CompiledDeclarations>
{
    private const long Iterations = 20_000;
    private const int Scores = 6;
    private readonly CompiledDeclarations _compiled;
    private readonly ITestOutputHelper _output;

    public DeclarationPropertyTests(CompiledDeclarations compiled, ITestOutputHelper output)
    {
        _compiled = compiled;
        _output = output;
    }

    public sealed record Want(int[] Sides, double? Constant, int ConstantAt, double? Margin, double Weight);

    public sealed record Declaration(int Id, double Gamma, double Margin, bool PerPair, Want[] Wants)
    {
        public string Text(string type, bool gradient, string name)
        {
            var builder = new StringBuilder();
            builder.Append(CultureInfo.InvariantCulture, $"    [PairwiseLoss(Gamma = {R(Gamma)}, Margin = {R(Margin)}, Terms = LossTerms.{(PerPair ? "PerPair" : "Single")})]\n");
            foreach (var want in Wants)
            {
                builder.Append(CultureInfo.InvariantCulture, $"    [Want(\"{string.Join(" < ", Chain(want))}\"{(want.Margin is { } m ? $", Margin = {R(m)}" : string.Empty)}, Weight = {R(want.Weight)})]\n");
            }

            builder.Append(CultureInfo.InvariantCulture, $"    public static partial {type} {name}(ReadOnlySpan<{type}> s{(gradient ? $", Span<{type}> grad" : string.Empty)});\n");
            return builder.ToString();
        }

        public static IEnumerable<string> Chain(Want want)
        {
            var sides = want.Sides.Select(i => $"s{i}").ToList();
            if (want.Constant is { } c)
            {
                sides.Insert(want.ConstantAt, R(c));
            }

            return sides;
        }

        /// <summary>The README's formula, pair by pair: z = γ(l − r + m); a −inf score is absent; weight 0 drops the pair.</summary>
        public double Reference(double[] s)
        {
            var logits = new List<double>();
            var perPair = 0.0;
            foreach (var want in Wants)
            {
                var values = want.Sides.Select(i => s[i]).ToList();
                if (want.Constant is { } c)
                {
                    values.Insert(want.ConstantAt, c);
                }

                for (var i = 0; i < values.Count; i++)
                {
                    for (var j = i + 1; j < values.Count; j++)
                    {
                        if (double.IsNegativeInfinity(values[i]) || double.IsNegativeInfinity(values[j]) || want.Weight == 0)
                        {
                            continue;
                        }

                        var z = Gamma * (values[i] - values[j] + (want.Margin ?? Margin));
                        if (PerPair)
                        {
                            perPair += want.Weight * StableMath.Softplus(z);
                        }
                        else
                        {
                            logits.Add(Math.Log(want.Weight) + z);
                        }
                    }
                }
            }

            return PerPair ? perPair : StableMath.Log1pSumExp(logits);
        }

        public override string ToString() => $"#{Id} " + Text("double", true, "M").Replace("\n", " ", StringComparison.Ordinal);

        private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Generates and compiles the declarations once for all properties.</summary>
    public sealed class CompiledDeclarations
    {
        public const int Count = 60;

        public CompiledDeclarations()
        {
            var random = new Random(HardeningCounts.Seed(GeneratorFuzzTests.DefaultSeed));
            Declarations = Enumerable.Range(0, Count).Select(id => RandomDeclaration(random, id)).ToArray();
            var source = new StringBuilder("using System;\nusing PairwiseLoss;\npublic static partial class Random\n{\n");
            foreach (var d in Declarations)
            {
                source.Append(d.Text("double", true, $"D{d.Id}")).Append(d.Text("double", false, $"D{d.Id}Forward"))
                      .Append(d.Text("float", true, $"F{d.Id}")).Append(d.Text("float", false, $"F{d.Id}Forward"));
            }

            var assembly = GeneratorHarness.CompileAndLoad(source.Append("}\n").ToString());
            var type = assembly.GetType("Random")!;
            T Get<T>(string name) where T : Delegate => type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();
            DoubleLosses = Declarations.Select(d => Get<DoubleLoss>($"D{d.Id}")).ToArray();
            DoubleForwards = Declarations.Select(d => Get<DoubleForward>($"D{d.Id}Forward")).ToArray();
            SingleLosses = Declarations.Select(d => Get<SingleLoss>($"F{d.Id}")).ToArray();
            SingleForwards = Declarations.Select(d => Get<SingleForward>($"F{d.Id}Forward")).ToArray();
        }

        public Declaration[] Declarations { get; }

        public DoubleLoss[] DoubleLosses { get; }

        public DoubleForward[] DoubleForwards { get; }

        public SingleLoss[] SingleLosses { get; }

        public SingleForward[] SingleForwards { get; }

        private static Declaration RandomDeclaration(Random random, int id)
        {
            double Uniform(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
            var gamma = random.Next(4) == 0 ? new[] { 0.1, 1, 80, 128, 256 }[random.Next(5)] : Math.Round(Uniform(0.1, 256), 3);
            var wants = Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
            {
                var length = 2 + random.Next(3);
                var sides = Enumerable.Range(0, Scores).OrderBy(_ => random.Next()).Take(length).ToArray();
                double? constant = random.Next(3) == 0 ? Math.Round(Uniform(-2, 2), 2) : null;
                double? margin = random.Next(3) == 0 ? Math.Round(Uniform(-1, 1), 3) : null;
                var weight = random.Next(4) switch { 0 => 0, 1 => Math.Round(Uniform(0, 3), 3), _ => 1 };
                return new Want(sides, constant, random.Next(length + 1), margin, weight);
            }).ToArray();
            return new Declaration(id, gamma, Math.Round(Uniform(-1, 1), 3), random.Next(3) == 0, wants);
        }
    }

    // ---- properties -------------------------------------------------------------------------------------------

    private static readonly Gen<double> WideScore = Gen.Frequency(
        (60, Gen.Double[-8, 8]), (10, Gen.Const(double.NegativeInfinity)), (10, Gen.OneOf(1e30, -1e30, 1e4, -1e4)), (20, Gen.Double[-1, 1]));

    private static readonly Gen<double> SmoothScore = Gen.Frequency((85, Gen.Double[-3, 3]), (15, Gen.Const(double.NegativeInfinity)));

    private void Check(string name, Gen<double> score, Action<int, double[]> property)
    {
        var ran = 0L;
        Gen.Select(Gen.Int[0, CompiledDeclarations.Count - 1], score.Array[Scores]).Sample((d, s) =>
        {
            Interlocked.Increment(ref ran);
            property(d, s);
        }, iter: HardeningCounts.Scaled(Iterations), threads: 1, print: p => $"{_compiled.Declarations[p.Item1]} scores=[{string.Join(", ", p.Item2.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}]");
        _output.WriteLine($"{name}: {ran} cases over {CompiledDeclarations.Count} random declarations (×4 variants), 0 failures");
        HardeningCounts.Record("3-declarations-" + name, $"property {name} over {CompiledDeclarations.Count} random declarations: {ran} cases, failures: 0");
    }

    [Fact]
    public void LossIsFiniteNonNegativeAndMatchesTheFormula()
    {
        Check("finite-nonnegative-formula", WideScore, (d, s) =>
        {
            var declaration = _compiled.Declarations[d];
            var gradient = new double[Scores];
            var loss = _compiled.DoubleLosses[d](s, gradient);
            var expected = declaration.Reference(s);
            var maxAbs = s.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected)) + 16 * 2.3e-16 * declaration.Gamma * (2 * maxAbs + 3) * 20;
            Assert.True(double.IsFinite(loss) && loss >= 0, $"loss {loss}");
            Assert.True(gradient.All(double.IsFinite), $"gradient [{string.Join(", ", gradient)}]");
            Assert.True(Math.Abs(loss - expected) <= tolerance, $"loss {loss:R}, formula {expected:R}");
            var single = new float[Scores];
            var lossF = _compiled.SingleLosses[d](s.Select(x => (float)x).ToArray(), single);
            Assert.True(float.IsFinite(lossF) && lossF >= 0 && single.All(float.IsFinite), $"float loss {lossF}, gradient [{string.Join(", ", single)}]");
        });
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesAndMaskedScoresGetZero()
    {
        Check("gradient-finite-differences", SmoothScore, (d, s) =>
        {
            var declaration = _compiled.Declarations[d];
            var loss = _compiled.DoubleLosses[d];
            var gradient = new double[Scores];
            Array.Fill(gradient, double.NaN);
            loss(s, gradient);
            var h = 1e-4 / Math.Max(1, declaration.Gamma);
            for (var i = 0; i < Scores; i++)
            {
                if (double.IsNegativeInfinity(s[i]))
                {
                    Assert.True(gradient[i] == 0, $"masked s{i} has gradient {gradient[i]}");
                    continue;
                }

                var plus = (double[])s.Clone();
                var minus = (double[])s.Clone();
                plus[i] += h;
                minus[i] -= h;
                var fPlus = _compiled.DoubleForwards[d](plus);
                var numeric = (fPlus - _compiled.DoubleForwards[d](minus)) / (2 * h);
                var tolerance = 1e-5 * (1 + Math.Abs(gradient[i])) + 1e-10 * declaration.Gamma * (1 + Math.Abs(fPlus));
                Assert.True(Math.Abs(numeric - gradient[i]) <= tolerance, $"∂L/∂s{i}: analytic {gradient[i]:R}, numeric {numeric:R}");
            }
        });
    }

    [Fact]
    public void ForwardOnlyEqualsForwardBackwardAndFloatAgreesWithDouble()
    {
        Check("forward-only-and-float-agree", Gen.Frequency((85, Gen.Double[-5, 5]), (15, Gen.Const(double.NegativeInfinity))), (d, raw) =>
        {
            var declaration = _compiled.Declarations[d];
            var s = raw.Select(x => (double)(float)x).ToArray();
            var sf = s.Select(x => (float)x).ToArray();
            var gd = new double[Scores];
            var gf = new float[Scores];
            var ld = _compiled.DoubleLosses[d](s, gd);
            var lf = _compiled.SingleLosses[d](sf, gf);
            Assert.True(StableMath.Close(ld, _compiled.DoubleForwards[d](s), 1e-14), "double forward-only differs");
            Assert.True(StableMath.Close(lf, _compiled.SingleForwards[d](sf), 1e-6), "float forward-only differs");

            // Float rounds γ, m, the constants and every logit: about ε·γ·(2·max|s| + |m| + |c| + 1) per logit.
            var maxAbs = s.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var logitError = 6e-8 * declaration.Gamma * (2 * maxAbs + 5) + 6e-8 * 20;
            var pairs = declaration.Wants.Sum(w => (w.Sides.Length + 1) * w.Sides.Length / 2);
            var weight = declaration.Wants.Max(w => Math.Max(1, w.Weight));
            var lossTolerance = 4 * (logitError * (declaration.PerPair ? pairs * weight : 2) + 6e-8 * Math.Abs(ld));
            Assert.True(Math.Abs(lf - ld) <= lossTolerance, $"float {lf:R} vs double {ld:R} (tolerance {lossTolerance:G3})");
            for (var i = 0; i < Scores; i++)
            {
                var tolerance = 4 * declaration.Gamma * weight * pairs * (logitError + 6e-8) + 1e-6;
                Assert.True(Math.Abs(gf[i] - gd[i]) <= tolerance, $"∂L/∂s{i}: float {gf[i]:R} vs double {gd[i]:R} (tolerance {tolerance:G3})");
            }
        });
    }
}
