using System;
using Microsoft.CodeAnalysis.Text;

namespace PairwiseLoss.Generator.Tests;

/// <summary>Test sources with one marked span, <c>[|…|]</c>, in the Roslyn testing style.</summary>
public static class TestSource
{
    public const string Open = "[|";
    public const string Close = "|]";

    /// <summary>Removes the markers and returns the source and the span they enclosed, measured on the clean source.</summary>
    public static (string Source, TextSpan Span) Parse(string marked)
    {
        var start = marked.IndexOf(Open, StringComparison.Ordinal);
        var end = start < 0 ? -1 : marked.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
        if (start < 0 || end < 0 || marked.IndexOf(Open, end, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("The source must mark exactly one span with [| and |].", nameof(marked));
        }

        var source = marked.Remove(end, Close.Length).Remove(start, Open.Length);
        return (source, new TextSpan(start, end - start - Open.Length));
    }

    /// <summary>A file with one static partial class holding <paramref name="members"/>.</summary>
    public static string InClass(string members, string type = "public static partial class Losses") => $$"""
        using System;
        using PairwiseLoss;

        namespace Tests;

        {{type}}
        {
            {{members}}
        }
        """;
}
