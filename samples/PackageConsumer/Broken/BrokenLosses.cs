using PairwiseLoss;

namespace PackageConsumer;

// Deliberate mistakes, built only with -p:IncludeBroken=true (samples/run-package-sample.sh checks that
// each id below appears in the build output, on these lines, and that no CS error comes with them).
public static partial class BrokenLosses
{
    [PairwiseLoss]
    [Want("s1 < bogus")]               // PL0011: 'bogus' is not a side
    public static partial float UnknownName(ReadOnlySpan<float> s, Span<float> grad);

    [PairwiseLoss(Gamma = -1)]         // PL0013: γ must be finite and > 0
    [Want("s0 > s1")]                  // PL0022: constraints are written with '<' only
    public static partial float BadGamma(ReadOnlySpan<float> s, Span<float> grad);

    [PairwiseLoss]
    [Want("neg < 0 < pos")]            // PL0008: pos/neg need a labels parameter
    public static partial float NoLabels(ReadOnlySpan<float> s, Span<float> grad);

    [PairwiseLoss]
    [Want("s0 < s0")]                  // PL0017: a score compared with itself
    public static partial float Self(ReadOnlySpan<float> s, Span<float> grad);

    [Want("s1 < s0")]                  // PL0032: [Want] without [PairwiseLoss]
    public static partial float Forgotten(ReadOnlySpan<float> s, Span<float> grad);
}
