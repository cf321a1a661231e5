using System.Text.RegularExpressions;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// The names the emitted body declares (see Emitting/RowEmitter and the batched rows method). A parameter with one of
/// them would not compile, so the parser reports it instead.
/// </summary>
internal static class GeneratedNames
{
    private static readonly Regex Reserved = new(
        "^(loss|max|sum|scale|total|counted|row|start|rowTarget|firstRow|endRow|labelledSums|inverse)$" +
        "|^(z|e|p|h|sigmoid)[0-9]+$" +
        "|(Left|Right|Set|Sums|Max|Row|Target|Inverses|LogSums)$" +
        "|^(group[A-Z][A-Za-z]*|RowsPerGroup|block)$",
        RegexOptions.CultureInvariant);

    /// <summary>Whether a parameter name collides; the scores' name also prefixes the loaded scores (s0, s1, …).</summary>
    public static bool Collides(string name, bool isScores) =>
        Reserved.IsMatch(name) || (isScores && name is "z" or "e" or "p" or "h" or "sigmoid");
}
