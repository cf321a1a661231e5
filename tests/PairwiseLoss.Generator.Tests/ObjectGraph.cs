using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// Walks an object graph by reflection (every instance field, recursively, each reference object once) and reports
/// the paths to Roslyn objects that must not live in a pipeline model: they pin a compilation in memory and have no
/// value equality, so they defeat caching.
/// </summary>
public static class ObjectGraph
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxNode), typeof(SyntaxTree),
        typeof(Location), typeof(SyntaxReference), typeof(SyntaxToken), typeof(SyntaxTrivia), typeof(AttributeData),
        typeof(Diagnostic),
    };

    public static List<string> FindForbidden(object? root, string name = "value")
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, name, found, visited, depth: 0);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found, HashSet<object> visited, int depth)
    {
        if (value is null || depth > 64)
        {
            return;
        }

        var type = value.GetType();
        foreach (var forbidden in Forbidden)
        {
            if (forbidden.IsAssignableFrom(type))
            {
                found.Add($"{path}: {type.FullName}");
                return;
            }
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type or MemberInfo or Pointer || type.IsPointer)
        {
            return;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is Delegate @delegate)
        {
            Walk(@delegate.Target, path + ".Target", found, visited, depth + 1);
            return;
        }

        if (value is Array array)
        {
            if (array.GetType().GetElementType() is { IsPrimitive: true })
            {
                return;
            }

            var i = 0;
            foreach (var item in array)
            {
                Walk(item, $"{path}[{i++}]", found, visited, depth + 1);
            }

            return;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                Walk(field.GetValue(value), $"{path}.{field.Name}", found, visited, depth + 1);
            }
        }
    }
}
