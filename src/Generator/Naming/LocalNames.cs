using System.Collections.Generic;

namespace PairwiseLoss.Generator.Naming;

/// <summary>
/// The locals of one generated body: each wanted name (<c>loss</c>, <c>z0</c>, <c>negSet</c>) is allocated once from a
/// <see cref="UniqueNameBuilder"/> and the same allocated name is returned every time it is asked for again.
/// </summary>
internal sealed class LocalNames
{
    private readonly UniqueNameBuilder _builder;
    private readonly Dictionary<string, string> _allocated = new(System.StringComparer.Ordinal);

    public LocalNames(IEnumerable<string> taken) => _builder = new UniqueNameBuilder(taken);

    /// <summary>A name of its own (a parameter of a generated helper, say): never returned for another request.</summary>
    public string Fresh(string wanted) => _builder.New(wanted);

    /// <summary>The local that stands for <paramref name="wanted"/> in this body: the same name every time it is asked for.</summary>
    public string this[string wanted]
    {
        get
        {
            if (!_allocated.TryGetValue(wanted, out var name))
            {
                name = _builder.New(wanted);
                _allocated[wanted] = name;
            }

            return name;
        }
    }
}
