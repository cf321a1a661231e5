using PairwiseLoss.Generator.Infrastructure;

namespace PairwiseLoss.Generator.Lowering;

/// <summary>
/// A statement of a generated body, with every name and operand decided by the lowering. The printer has one method
/// per kind and adds only layout: indentation, braces, semicolons and the <c>//</c> of comments.
/// </summary>
internal abstract record Statement;

/// <summary><c>// Text</c></summary>
internal sealed record Comment(string Text) : Statement;

/// <summary>An empty line between sections.</summary>
internal sealed record Blank : Statement;

/// <summary><c>Type Name = Value; // Note</c></summary>
internal sealed record Declare(string Type, string Name, string Value, string? Note = null) : Statement;

/// <summary><c>Target Operator Value; // Note</c> with <c>=</c>, <c>+=</c> or <c>-=</c>.</summary>
internal sealed record Assign(string Target, string Operator, string Value, string? Note = null) : Statement;

/// <summary><c>Expression;</c>: a call made for its effect.</summary>
internal sealed record Invoke(string Expression) : Statement;

/// <summary><c>return Value;</c></summary>
internal sealed record Return(string Value) : Statement;

/// <summary><c>continue;</c></summary>
internal sealed record Continue : Statement;

/// <summary><c>Header { Body }</c>: an <c>if</c>, <c>else if</c> or <c>for</c>.</summary>
internal sealed record Scope(string Header, EquatableArray<Statement> Body) : Statement;
