using System.Collections.Generic;
using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>Collects statements, with nested scopes: <see cref="Open"/> starts one, <see cref="Close"/> ends it.</summary>
internal sealed class StatementBuilder
{
    private readonly Stack<(string Header, List<Statement> Body)> _open = new();
    private List<Statement> _current = new();

    public void Add(Statement statement) => _current.Add(statement);

    public void Comment(string text) => Add(new Comment(text));

    public void Blank() => Add(new Blank());

    public void Declare(string type, string name, string value, string? note = null) => Add(new Declare(type, name, value, note));

    public void Assign(string target, string op, string value, string? note = null) => Add(new Assign(target, op, value, note));

    public void Invoke(string expression) => Add(new Invoke(expression));

    public void Open(string header)
    {
        _open.Push((header, _current));
        _current = new List<Statement>();
    }

    public void Close()
    {
        var (header, outer) = _open.Pop();
        outer.Add(new Scope(header, _current.ToEquatableArray()));
        _current = outer;
    }

    public EquatableArray<Statement> ToArray() => _current.ToEquatableArray();
}
