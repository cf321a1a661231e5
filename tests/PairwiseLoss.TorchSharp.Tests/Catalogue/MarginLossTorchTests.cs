using System;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PairwiseLoss.TorchSharp.Tests.Catalogue;

/// <summary>
/// The catalogue's margin losses against TorchSharp's own <c>multi_label_margin_loss</c> and <c>multi_margin_loss</c>
/// (PyTorch's definitions, mean over the batch) and their autograd: ours is the sum over pairs, PyTorch divides each row
/// by the number of classes C, so ours / C must equal theirs, loss and gradient.
/// </summary>
public sealed class MarginLossTorchTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(3, 7)]
    [InlineData(5, 17)]
    public void MultiLabelMarginIsPyTorchsTimesTheClasses(int rows, int classes)
    {
        var rng = new Random((rows * 31) + classes);
        var scores = Enumerable.Range(0, rows * classes).Select(_ => RandomDeclarations.Uniform(rng, -2, 2)).ToArray();
        var labels = Enumerable.Range(0, rows * classes).Select(_ => rng.Next(3) == 0).ToArray();

        using var scope = torch.NewDisposeScope();
        var s = torch.tensor(scores, new long[] { rows, classes }, ScalarType.Float64).requires_grad_(true);

        // PyTorch's target: each row's positive classes, then −1.
        var target = new long[rows * classes];
        for (var r = 0; r < rows; r++)
        {
            var positives = Enumerable.Range(0, classes).Where(c => labels[(r * classes) + c]).ToList();
            for (var c = 0; c < classes; c++)
            {
                target[(r * classes) + c] = c < positives.Count ? positives[c] : -1;
            }
        }

        var loss = nn.functional.multi_label_margin_loss(s, torch.tensor(target, new long[] { rows, classes }, ScalarType.Int64));
        loss.backward();
        var gradient = new double[scores.Length];
        var ours = Losses.MultiLabelMarginBatch(scores, labels, classes, gradient) / classes;
        Check.Close(loss.item<double>(), ours, 1e-12, "MultiLabelMarginBatch / C vs multi_label_margin_loss");
        Check.Close(new[] { s.grad!.data<double>().ToArray() }, new[] { gradient.Select(g => g / classes).ToArray() }, 1e-12, 1, "gradient");
    }

    [Theory]
    [InlineData(1, 4, 1.0)]
    [InlineData(3, 7, 0.5)]
    [InlineData(5, 17, 2.0)]
    public void MultiMarginIsPyTorchsTimesTheClasses(int rows, int classes, double margin)
    {
        var rng = new Random((rows * 37) + classes);
        var scores = Enumerable.Range(0, rows * classes).Select(_ => RandomDeclarations.Uniform(rng, -2, 2)).ToArray();
        var targets = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();

        using var scope = torch.NewDisposeScope();
        var s = torch.tensor(scores, new long[] { rows, classes }, ScalarType.Float64).requires_grad_(true);
        using var module = nn.MultiMarginLoss(1, margin);
        var loss = module.call(s, torch.tensor(targets.Select(t => (long)t).ToArray(), ScalarType.Int64));
        loss.backward();
        var gradient = new double[scores.Length];
        var ours = Losses.MultiMarginBatch(scores, targets, classes, margin, gradient) / classes;
        Check.Close(loss.item<double>(), ours, 1e-12, "MultiMarginBatch / C vs multi_margin_loss");
        Check.Close(new[] { s.grad!.data<double>().ToArray() }, new[] { gradient.Select(g => g / classes).ToArray() }, 1e-12, 1, "gradient");

        // The per-row form is the same row's term.
        var row = new double[classes];
        Check.Close(Losses.MultiMarginBatch(scores[..classes], targets[..1], classes, margin, row), Losses.MultiMargin(scores[..classes], targets[0], margin, new double[classes]), 1e-15, "per row");
    }
}
