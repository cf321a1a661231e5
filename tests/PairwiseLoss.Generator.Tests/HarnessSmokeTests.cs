using Xunit;

namespace PairwiseLoss.Generator.Tests;

public class HarnessSmokeTests
{
    [Fact]
    public void GeneratesCompilableCodeForALiteralLoss()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using PairwiseLoss;
            public static partial class L
            {
                [PairwiseLoss, Want("s1 < s0")]
                public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
            }
            """);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Single(run.Sources);
    }
}
