using System;
using System.Collections.Generic;
using PairwiseLoss.Tests.Shared;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;

namespace PairwiseLoss.Generator.Tests.Declarations;

/// <summary>
/// Extreme inputs for the random declarations compiled at test time (the catalogue's extreme inputs are in
/// PairwiseLoss.Runtime.Tests/ExtremeInputTests.cs): huge finite scores give a finite loss and the reference's limit.
/// </summary>
public sealed class DeclarationExtremeInputTests
{
    public static IEnumerable<object[]> Magnitudes => new[] { new object[] { 1e4 }, new object[] { 1e30 } };

    /// <summary>The random literal and set declarations of the reference tests, at ±1e4 and ±1e30.</summary>
    [Theory]
    [MemberData(nameof(Magnitudes))]
    public void DeclarationsHugeFiniteScoresGiveTheRightLimit(double magnitude)
    {
        foreach (var compiled in new[] { LiteralDeclarationTests.Shared, SetDeclarationTests.Shared })
        {
            var rng = new Random((int)Math.Log10(magnitude));
            for (var k = 0; k < compiled.Declarations.Count; k++)
            {
                var declaration = compiled.Declarations[k];
                var input = RandomDeclarations.Scaled(rng, RandomDeclarations.Input(rng, declaration, Math.Max(declaration.MinLength, 5)), magnitude);
                var gamma = declaration.RuntimeGamma ? input.Gamma : declaration.Gamma;
                foreach (var isFloat in new[] { true, false })
                {
                    var row = isFloat ? input.RoundedToFloat() : input;
                    var actual = compiled.Get(k, isFloat).Row(row);
                    var reference = PairwiseReference.Evaluate(declaration, row);
                    var what = $"declaration {k} {declaration.Describe()} {(isFloat ? "float" : "double")} at {magnitude:G}, s=[{Check.Join(row.Scores)}]";
                    if (reference.Loss > (isFloat ? float.MaxValue : double.MaxValue))
                    {
                        // A true loss beyond the type's range (a squared hinge of 1e30) overflows to +∞, never NaN.
                        Assert.True(double.IsPositiveInfinity(actual.Loss), what + $": loss {actual.Loss}, reference {reference.Loss}");
                        continue;
                    }

                    Assert.True(double.IsFinite(actual.Loss), what + $": loss {actual.Loss}");
                    Check.Close(reference.Loss, actual.Loss, isFloat ? Check.FloatTolerance : 1e-12, what);
                    if (!(declaration.Labels == RefLabels.Soft && KnownIssues.SoftWeightLostAtHugeLogits))
                    {
                        Check.Close(reference.Gradients, actual.Gradients, isFloat ? Check.FloatTolerance : 1e-9, gamma, what);
                    }
                }
            }
        }
    }
}
