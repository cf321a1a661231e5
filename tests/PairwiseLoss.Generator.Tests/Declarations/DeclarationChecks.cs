using System;
using System.Collections.Generic;
using System.Linq;
using PairwiseLoss.Tests.Shared.Reference;

namespace PairwiseLoss.Generator.Tests.Declarations;

/// <summary>The checks every compiled random declaration goes through, per row and batched.</summary>
public static class DeclarationChecks
{
    /// <summary>
    /// Double: loss and gradient against the reference (1e-10), the forward-only method equals the loss, the
    /// gradient matches central differences. Float: against the reference on the float-rounded input (1e-4).
    /// </summary>
    public static void Row(CompiledDeclarations compiled, int index, RefInput input, bool finiteDifferences = true)
    {
        var declaration = compiled.Declarations[index];
        var what = $"declaration {index}: {declaration.Describe()}\n  input s=[{Check.Join(input.Scores)}]" +
            (input.Spans.Length > 1 ? $" x=[{Check.Join(input.Spans[1])}]" : string.Empty) +
            (input.Hard is { } hard ? $" labels=[{string.Join(",", hard.Select(b => b ? 1 : 0))}]" : string.Empty) +
            (input.Soft is { } soft ? $" labels=[{Check.Join(soft)}]" : string.Empty) +
            (declaration.HasTarget ? $" target={input.Target}" : string.Empty) +
            (declaration.RuntimeGamma ? $" gamma={input.Gamma}" : string.Empty) +
            (declaration.RuntimeMargin ? $" margin={input.Margin}" : string.Empty);
        var gamma = declaration.RuntimeGamma ? input.Gamma : declaration.Gamma;

        var reference = PairwiseReference.Evaluate(declaration, input);
        var doubles = compiled.Get(index, isFloat: false);
        var actual = doubles.Row(input.DeepCopy());
        Check.Close(reference.Loss, actual.Loss, Check.DoubleTolerance, "double loss, " + what);
        Check.Close(reference.Gradients, actual.Gradients, Check.DoubleTolerance, gamma, "double gradient, " + what);
        Check.Close(actual.Loss, doubles.Forward(input.DeepCopy()), 1e-14, "forward-only double loss, " + what);
        if (finiteDifferences)
        {
            Check.FiniteDifferences(spans => doubles.Forward(input with { Spans = spans }), input.Spans, actual.Gradients, "finite differences, " + what);
        }

        var rounded = input.RoundedToFloat();
        var floatReference = PairwiseReference.Evaluate(declaration, rounded);
        var floats = compiled.Get(index, isFloat: true);
        var floatActual = floats.Row(rounded);
        Check.Close(floatReference.Loss, floatActual.Loss, Check.FloatTolerance, "float loss, " + what);
        Check.Close(floatReference.Gradients, floatActual.Gradients, Check.FloatTolerance, gamma, "float gradient, " + what);
        Check.Close(floatActual.Loss, floats.Forward(rounded), 1e-6, "forward-only float loss, " + what);
    }

    /// <summary>
    /// The batched method against the reference (the mean over the rows that count; per-class terms: the sum over
    /// classes), and the batched forward-only method equal to its loss.
    /// </summary>
    public static void Batch(CompiledDeclarations compiled, int index, IReadOnlyList<RefInput> rows)
    {
        var declaration = compiled.Declarations[index];
        var what = $"batched declaration {index}: {declaration.Describe()}, {rows.Count} rows × {rows[0].Scores.Length}\n  scores=[{Check.Join(rows.SelectMany(r => r.Scores))}]";
        var gamma = declaration.RuntimeGamma ? rows[0].Gamma : declaration.Gamma;
        var reference = PairwiseReference.EvaluateBatch(declaration, rows);
        var doubles = compiled.Get(index, isFloat: false);
        var actual = doubles.Batch(rows);
        Check.Close(reference.Loss, actual.Loss, Check.DoubleTolerance, "double loss, " + what);
        Check.Close(reference.Gradients, actual.Gradients, Check.DoubleTolerance, gamma, "double gradient, " + what);
        Check.Close(actual.Loss, doubles.BatchForward(rows), 1e-14, "forward-only batched double loss, " + what);

        var rounded = rows.Select(r => r.RoundedToFloat()).ToList();
        var floatReference = PairwiseReference.EvaluateBatch(declaration, rounded);
        var floats = compiled.Get(index, isFloat: true);
        var floatActual = floats.Batch(rounded);
        Check.Close(floatReference.Loss, floatActual.Loss, Check.FloatTolerance, "float loss, " + what);
        Check.Close(floatReference.Gradients, floatActual.Gradients, Check.FloatTolerance, gamma, "float gradient, " + what);
        Check.Close(floatActual.Loss, floats.BatchForward(rounded), 1e-6, "forward-only batched float loss, " + what);
    }
}
