using System;
using PairwiseLoss;

namespace PairwiseLoss.Benchmarks;

/// <summary>Losses declared in the benchmark project itself: the generator writes their bodies at compile time.</summary>
public static partial class Declared
{
    /// <summary>
    /// Tiny unrolled ranking: 8 scores, 12 literal constraints, γ = 2, m = 0.1, one term:
    /// <c>log(1 + Σ_c e^{2(s_l − s_r + 0.1)})</c>. A DAG (every wish puts a higher index below a lower one).
    /// </summary>
    [PairwiseLoss(Gamma = 2, Margin = 0.1)]
    [Want("s1 < s0")]
    [Want("s2 < s0")]
    [Want("s3 < s1")]
    [Want("s4 < s1")]
    [Want("s5 < s2")]
    [Want("s6 < s2")]
    [Want("s7 < s3")]
    [Want("s7 < s4")]
    [Want("s7 < s5")]
    [Want("s7 < s6")]
    [Want("s4 < s3")]
    [Want("s6 < s5")]
    public static partial float Rank8(ReadOnlySpan<float> s, Span<float> grad);

    /// <summary>
    /// Circle Loss in its unified form over two similarity spans (the self-paced α weights come later):
    /// <c>log(1 + Σ_n Σ_p e^{γ(s_n − s_p + m)})</c>, γ = 80, m = 0.4 (the paper's fine-grained setting).
    /// </summary>
    [PairwiseLoss(Gamma = 80, Margin = 0.4)]
    [Want("sn < sp")]
    public static partial float Circle(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gradSp, Span<float> gradSn);
}
