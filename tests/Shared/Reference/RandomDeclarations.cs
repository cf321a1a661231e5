using System;
using System.Collections.Generic;
using System.Linq;

namespace PairwiseLoss.Tests.Shared.Reference;

/// <summary>
/// Seeded random declarations and inputs. Declarations are valid by construction: every side of a pool gets a
/// random rank and chains run up the ranks (so no cycle), no chain holds two numbers, no pair repeats.
/// </summary>
public static class RandomDeclarations
{
    public static double Uniform(Random rng, double low, double high) => low + ((high - low) * rng.NextDouble());

    /// <summary>A value with few digits, so the C# literal is short (any double would do).</summary>
    public static double Round(double value, int digits = 3) => Math.Round(value, digits);

    public static double RandomGamma(Random rng) => Round(Math.Exp(Uniform(rng, Math.Log(0.1), Math.Log(10))));

    public static double RandomMargin(Random rng) => Round(Uniform(rng, -1, 1));

    /// <summary>Literal constraints only: scores s0..s{k−1}, thresholds, chains, Margin/Weight overrides.</summary>
    public static RefDeclaration Literal(Random rng)
    {
        var pool = new List<RefSide>();
        var count = rng.Next(2, 8);
        for (var i = 0; i < count; i++)
        {
            pool.Add(RefSide.Score(i));
        }

        var constants = rng.Next(0, 3);
        for (var i = 0; i < constants; i++)
        {
            var value = Round(Uniform(rng, -2, 2), 2);
            if (pool.All(s => s.Kind != RefSideKind.Constant || s.Value != value))
            {
                pool.Add(RefSide.Constant(value));
            }
        }

        return Build(rng, pool, RefLabels.None, hasTarget: false, spanNames: null);
    }

    /// <summary>
    /// Set-valued sides mixed at random with literal scores, thresholds and (sometimes) a second span <c>x</c>.
    /// </summary>
    public static RefDeclaration Mixed(Random rng)
    {
        var pool = new List<RefSide>();
        var labels = rng.Next(3) switch { 0 => RefLabels.None, 1 => RefLabels.Hard, _ => RefLabels.Soft };
        var hasTarget = labels == RefLabels.None || rng.Next(3) == 0;
        if (labels != RefLabels.None)
        {
            pool.Add(RefSide.Pos);
            pool.Add(RefSide.Neg);
        }

        if (hasTarget)
        {
            pool.Add(RefSide.Target);
            pool.Add(RefSide.Others);
        }

        if (rng.Next(2) == 0)
        {
            pool.Add(RefSide.Score(0));
        }

        if (rng.Next(4) == 0)
        {
            pool.Add(RefSide.Score(1));
        }

        if (rng.Next(2) == 0)
        {
            pool.Add(RefSide.Constant(Round(Uniform(rng, -1, 1), 2)));
        }

        string[]? spans = null;
        if (rng.Next(4) == 0)
        {
            spans = new[] { "s", "x" };
            pool.Add(RefSide.SpanSide(1));
        }

        var declaration = Build(rng, pool, labels, hasTarget, spans);

        // Only keep what the constraints use: an unused labels or target parameter is a compile error.
        var used = declaration.Wants.SelectMany(w => w.Chain).ToList();
        return declaration with
        {
            Labels = used.Any(s => s.Kind is RefSideKind.Pos or RefSideKind.Neg) ? labels : RefLabels.None,
            HasTarget = used.Any(s => s.Kind is RefSideKind.Target or RefSideKind.Others),
            SpanNames = spans is not null && used.Any(s => s.Kind == RefSideKind.Span) ? spans : null,
        };
    }

    /// <summary>
    /// Circle Loss over two to four spans, each a set of negatives (left of '&lt;') or of positives (right), with pairs
    /// between them of their own margins and weights, so sides are shared by pairs of different margins.
    /// </summary>
    public static RefDeclaration Circle(Random rng)
    {
        var count = rng.Next(2, 5);
        var names = new[] { "s", "x", "y", "u" }.Take(count).ToArray();
        var positive = Enumerable.Range(0, count).Select(i => i == 0 || (i != 1 && rng.Next(2) == 0)).ToArray();
        var negatives = Enumerable.Range(0, count).Where(i => !positive[i]).ToList();
        var positives = Enumerable.Range(0, count).Where(i => positive[i]).ToList();
        var wants = new List<RefWant>();
        foreach (var n in negatives)
        {
            foreach (var p in positives)
            {
                if (wants.Count == 0 || rng.Next(3) != 0)
                {
                    wants.Add(new RefWant(
                        new[] { RefSide.SpanSide(n), RefSide.SpanSide(p) },
                        Margin: rng.Next(2) == 0 ? Round(Uniform(rng, 0, 0.5), 2) : null,
                        Weight: rng.Next(3) == 0 ? Round(Uniform(rng, 0.1, 3)) : 1));
                }
            }
        }

        var runtimeGamma = rng.Next(4) == 0;
        var runtimeMargin = rng.Next(3) == 0;
        return new RefDeclaration(
            wants,
            Gamma: runtimeGamma ? 1 : Round(Uniform(rng, 1, 32), 1),
            Margin: runtimeMargin ? 0 : Round(Uniform(rng, 0, 0.5), 2),
            RuntimeGamma: runtimeGamma,
            RuntimeMargin: runtimeMargin,
            SpanNames: names,
            Logit: rng.Next(2) == 0 ? RefLogit.Circle : RefLogit.CircleFullGradient);
    }

    /// <summary>
    /// Per-class terms (batched only): <c>"others &lt; pos"</c> or <c>"mean &lt; pos"</c>, hard or soft labels, γ and the
    /// margin declared or at run time, sometimes the constraint's own margin and weight (0 included).
    /// </summary>
    public static RefDeclaration PerClass(Random rng)
    {
        var runtimeGamma = rng.Next(4) == 0;
        var runtimeMargin = rng.Next(4) == 0;
        var want = new RefWant(
            new[] { rng.Next(2) == 0 ? RefSide.Mean : RefSide.Others, RefSide.Pos },
            Margin: rng.Next(3) == 0 ? RandomMargin(rng) : null,
            Weight: rng.Next(3) == 0 ? (rng.Next(6) == 0 ? 0 : Round(Uniform(rng, 0.1, 3))) : 1);
        return new RefDeclaration(
            new[] { want },
            Gamma: runtimeGamma ? 1 : RandomGamma(rng),
            Margin: runtimeMargin || rng.Next(2) == 0 ? 0 : RandomMargin(rng),
            Labels: rng.Next(2) == 0 ? RefLabels.Hard : RefLabels.Soft,
            RuntimeGamma: runtimeGamma,
            RuntimeMargin: runtimeMargin,
            PerClass: true);
    }

    /// <summary>The named shapes of the brief (ZLPR, soft labels, others&lt;target, neg&lt;pos, per pair, span side, mixed).</summary>
    public static RefDeclaration Template(Random rng, int which)
    {
        var soft = rng.Next(2) == 0 ? RefLabels.Soft : RefLabels.Hard;
        var gamma = RandomGamma(rng);
        var margin = RandomMargin(rng);
        var perPair = rng.Next(3) == 0;
        RefWant W(params RefSide[] chain) => new(chain);
        switch (which % 8)
        {
            case 0: // ZLPR with a margin, one term
                return new RefDeclaration(new[] { W(RefSide.Neg, RefSide.Constant(0), RefSide.Pos) }, gamma, margin, Labels: soft);
            case 1: // softmax-like with a margin
                return new RefDeclaration(new[] { W(RefSide.Others, RefSide.Target) }, gamma, margin, PerPair: perPair, HasTarget: true);
            case 2: // unified pairwise with run-time γ and margin
                return new RefDeclaration(new[] { W(RefSide.Neg, RefSide.Pos) }, Labels: soft, PerPair: perPair, RuntimeGamma: true, RuntimeMargin: true);
            case 3: // BCE (per pair) / threshold-only (one term)
                return new RefDeclaration(new[] { W(RefSide.Neg, RefSide.Constant(0)), W(RefSide.Constant(0), RefSide.Pos) }, gamma, margin, PerPair: perPair, Labels: soft);
            case 4: // a span parameter side: circle-like "x < s"
                return new RefDeclaration(new[] { W(RefSide.SpanSide(1), RefSide.SpanSide(0)) }, gamma, margin, PerPair: perPair, SpanNames: new[] { "s", "x" });
            case 5: // mixed literal + set, with a weight and a margin override
                return new RefDeclaration(
                    new[] { W(RefSide.Neg, RefSide.Score(0)), new RefWant(new[] { RefSide.Score(0), RefSide.Pos }, Margin: RandomMargin(rng), Weight: Round(Uniform(rng, 0.1, 3))) },
                    gamma, margin, PerPair: perPair, Labels: soft);
            case 6: // per-pair neg < pos with a threshold chain
                return new RefDeclaration(new[] { W(RefSide.Neg, RefSide.Constant(Round(Uniform(rng, -1, 1), 2)), RefSide.Pos) }, gamma, margin, PerPair: true, Labels: soft);
            default: // target against literals and others, run-time margin
                return new RefDeclaration(
                    new[] { W(RefSide.Others, RefSide.Target), new RefWant(new[] { RefSide.Score(0), RefSide.Target }, Weight: Round(Uniform(rng, 0.1, 3))) },
                    gamma, PerPair: perPair, HasTarget: true, RuntimeMargin: true);
        }
    }

    private static RefDeclaration Build(Random rng, List<RefSide> pool, RefLabels labels, bool hasTarget, string[]? spanNames)
    {
        var rank = pool.OrderBy(_ => rng.Next()).Select((side, i) => (side, i)).ToDictionary(p => p.side, p => p.i);
        var used = new HashSet<(RefSide, RefSide)>();
        var wants = new List<RefWant>();
        var wanted = rng.Next(1, 5);
        for (var attempt = 0; attempt < 50 && wants.Count < wanted; attempt++)
        {
            var length = rng.Next(2, Math.Min(4, pool.Count) + 1);
            var chain = pool.OrderBy(_ => rng.Next()).Take(length).OrderBy(s => rank[s]).ToList();
            if (chain.Count(s => s.Kind == RefSideKind.Constant) > 1)
            {
                continue;
            }

            var want = new RefWant(chain,
                Margin: rng.Next(3) == 0 ? RandomMargin(rng) : null,
                Weight: rng.Next(3) == 0 ? (rng.Next(8) == 0 ? 0 : Round(Uniform(rng, 0.1, 3))) : 1,
                Brackets: rng.Next(2) == 0);
            var pairs = want.Pairs().ToList();
            if (pairs.Any(p => used.Contains(p)))
            {
                continue;
            }

            foreach (var pair in pairs)
            {
                used.Add(pair);
            }

            wants.Add(want);
        }

        var runtimeGamma = rng.Next(4) == 0;
        var runtimeMargin = rng.Next(4) == 0;
        var perPair = rng.Next(3) == 0;

        // Per pair: any shape; without a run-time γ, sometimes the hard mode (the sum of hinges).
        var shape = perPair ? (PairShape)rng.Next(4) : PairShape.Logistic;
        var hard = perPair && !runtimeGamma && shape == PairShape.Logistic && rng.Next(4) == 0;
        return new RefDeclaration(
            wants,
            Gamma: runtimeGamma || hard ? 1 : RandomGamma(rng),
            Margin: runtimeMargin || rng.Next(2) == 0 ? 0 : RandomMargin(rng),
            PerPair: perPair,
            Shape: shape,
            Hard: hard,
            Labels: labels,
            HasTarget: hasTarget,
            RuntimeGamma: runtimeGamma,
            RuntimeMargin: runtimeMargin,
            SpanNames: spanNames);
    }

    /// <summary>Random inputs for a declaration; <paramref name="mask"/> is the chance of a −inf score.</summary>
    public static RefInput Input(Random rng, RefDeclaration declaration, int length, double mask = 0, double scale = 3)
    {
        double Score() => rng.NextDouble() < mask ? double.NegativeInfinity : Uniform(rng, -scale, scale);

        var spans = new List<double[]> { Enumerable.Range(0, length).Select(_ => Score()).ToArray() };
        foreach (var _ in declaration.Spans.Skip(1))
        {
            spans.Add(Enumerable.Range(0, rng.Next(1, 9)).Select(_ => Score()).ToArray());
        }

        bool[]? hard = null;
        double[]? soft = null;
        if (declaration.Labels == RefLabels.Hard)
        {
            var p = rng.NextDouble();
            hard = Enumerable.Range(0, length).Select(_ => rng.NextDouble() < p).ToArray();
        }
        else if (declaration.Labels == RefLabels.Soft)
        {
            soft = Enumerable.Range(0, length).Select(_ => rng.Next(5) switch { 0 => 0.0, 1 => 1.0, _ => rng.NextDouble() }).ToArray();
        }

        return new RefInput(
            spans.ToArray(),
            hard,
            soft,
            Target: rng.Next(length),
            Gamma: declaration.RuntimeGamma ? RandomGamma(rng) : 1,
            Margin: declaration.RuntimeMargin ? RandomMargin(rng) : 0);
    }

    /// <summary>Rows sharing γ and margin (one call has one of each), some rows entirely −inf.</summary>
    public static List<RefInput> Rows(Random rng, RefDeclaration declaration, int rows, int classes, bool maskRows)
    {
        var list = new List<RefInput>();
        for (var r = 0; r < rows; r++)
        {
            var row = RandomDeclarations.Input(rng, declaration, classes, mask: 0.1);
            if (maskRows && rng.Next(3) == 0)
            {
                row = row with { Spans = new[] { Enumerable.Repeat(double.NegativeInfinity, classes).ToArray() } };
            }

            list.Add(row with { Gamma = list.Count > 0 ? list[0].Gamma : row.Gamma, Margin = list.Count > 0 ? list[0].Margin : row.Margin });
        }

        return list;
    }

    /// <summary>The same input with every score replaced by ±U(0.5, 1)·<paramref name="magnitude"/>.</summary>
    public static RefInput Scaled(Random rng, RefInput input, double magnitude) => input with
    {
        Spans = input.Spans.Select(s => s.Select(_ => (rng.Next(2) == 0 ? -1 : 1) * Uniform(rng, 0.5, 1) * magnitude).ToArray()).ToArray(),
    };
}
