using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;
using Xunit;
using PairwiseLoss.Tests.Shared.Catalogue;

namespace PairwiseLoss.Runtime.Tests.Catalogue;

/// <summary>Every catalogue loss against the reference and finite differences, and batched = mean of rows.</summary>
public sealed class CatalogueTests
{
    private static readonly int[] Shapes = { 1, 2, 5, 17, 64 };

    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void MatchesReference(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(31 * which + (isFloat ? 1 : 0));
        foreach (var classes in Shapes)
        {
            foreach (var mask in new[] { 0, 0.2 })
            {
                var input = loss.Input(rng, classes, mask);
                if (isFloat)
                {
                    input = input.RoundedToFloat();
                }

                var reference = PairwiseReference.Evaluate(loss.Declaration, input);
                var actual = loss.Row(input, isFloat);
                var tolerance = isFloat ? 1e-5 : Check.DoubleTolerance;
                var what = $"{loss} {(isFloat ? "float" : "double")}, s=[{Check.Join(input.Scores)}], target={input.Target}, gamma={input.Gamma}, margin={input.Margin}";
                Check.Close(reference.Loss, actual.Loss, tolerance, what);
                Check.Close(reference.Gradients, actual.Gradients, tolerance, loss.Family == Family.Unified ? input.Gamma : 1, what);
                if (!isFloat)
                {
                    Check.FiniteDifferences(spans => loss.Row(input with { Spans = spans }, false).Loss, input.Spans, actual.Gradients, what);
                }
            }
        }
    }

    /// <summary>Deliverable 3: the batched form is the mean of per-row calls over the rows that count, gradients scaled.</summary>
    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void BatchedIsTheMeanOfPerRowCalls(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(71 * which + (isFloat ? 1 : 0));
        foreach (var classes in Shapes)
        {
            foreach (var rowCount in new[] { 1, 3, 8 })
            {
                var rows = RandomDeclarations.Rows(rng, loss.Declaration, rowCount, classes, maskRows: rowCount > 1);
                if (isFloat)
                {
                    rows = rows.Select(r => r.RoundedToFloat()).ToList();
                }

                var counted = rows.Where(r => !r.Scores.All(double.IsNegativeInfinity)).ToList();
                var perRow = rows.Select(r => r.Scores.All(double.IsNegativeInfinity) ? null : loss.Row(r, isFloat)).ToList();
                var expectedLoss = counted.Count == 0 ? 0 : perRow.Where(r => r is not null).Sum(r => r!.Loss) / counted.Count;
                var expectedGradient = perRow.SelectMany((r, i) => r is null ? new double[classes] : r.Gradients[0].Select(g => g / counted.Count)).ToArray();

                var batch = loss.Batch(rows, isFloat);
                var tolerance = isFloat ? 1e-6 : 1e-13;
                var what = $"{loss} {(isFloat ? "float" : "double")} {rowCount}×{classes}, counted {counted.Count}";
                Check.Close(expectedLoss, batch.Loss, tolerance, what);
                Check.Close(new[] { expectedGradient }, batch.Gradients, tolerance, 1, what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CatalogueLoss.CasesByPrecision), MemberType = typeof(CatalogueLoss))]
    public void AllMaskedBatchIsZeroNotNaN(int which, bool isFloat)
    {
        var loss = CatalogueLoss.All[which];
        var rng = new Random(which);
        var rows = RandomDeclarations.Rows(rng, loss.Declaration, 3, 4, maskRows: false)
            .Select(r => r with { Spans = new[] { Enumerable.Repeat(double.NegativeInfinity, 4).ToArray() } }).ToList();
        var batch = loss.Batch(rows, isFloat);
        Assert.Equal(0.0, batch.Loss);
        Assert.All(batch.Gradients[0], g => Assert.Equal(0.0, g));
    }
}
