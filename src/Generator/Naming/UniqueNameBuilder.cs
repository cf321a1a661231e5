using System.Collections.Generic;
using System.Globalization;

namespace PairwiseLoss.Generator.Naming;

/// <summary>
/// Hands out identifiers that clash with nothing already in scope (as Mapperly's <c>UniqueNameBuilder</c> does): it is
/// seeded with the user's parameter and member names, and every name it gives out is taken from then on. A wanted name
/// that is taken gets the first free numeric suffix: <c>max</c>, <c>max1</c>, <c>max2</c>, …
/// </summary>
internal sealed class UniqueNameBuilder
{
    private readonly HashSet<string> _taken;

    public UniqueNameBuilder(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, System.StringComparer.Ordinal);

    /// <summary>A fresh name: <paramref name="wanted"/> when it is free, else the first free <c>wanted{n}</c>.</summary>
    public string New(string wanted)
    {
        if (_taken.Add(wanted))
        {
            return wanted;
        }

        for (var suffix = 1; ; suffix++)
        {
            var candidate = wanted + suffix.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
