using System.Collections.Generic;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Algebra;

/// <summary>A cycle of "below" relations, which no scores can satisfy.</summary>
internal readonly record struct Cycle(string Description, int ClosingPair);

/// <summary>Finds a cycle in the graph whose vertices are sides and whose edges are the pairs (left → right).</summary>
internal static class CycleFinder
{
    public static Cycle? FindCycle(IReadOnlyList<Pair> pairs)
    {
        var edges = new Dictionary<Side, List<int>>();
        foreach (var (pair, index) in Indexed(pairs))
        {
            if (pair.Left.Kind == SideKind.Constant && pair.Right.Kind == SideKind.Constant)
            {
                continue;
            }

            if (!edges.TryGetValue(pair.Left, out var list))
            {
                edges[pair.Left] = list = new List<int>();
            }

            list.Add(index);
        }

        // Iterative depth-first search: declarations may hold thousands of constraints.
        var state = new Dictionary<Side, int>();
        foreach (var start in edges.Keys)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var path = new List<int>();
            var stack = new Stack<(Side Vertex, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (vertex, next) = stack.Pop();
                var outgoing = edges.TryGetValue(vertex, out var list) ? list : null;
                if (outgoing is null || next >= outgoing.Count)
                {
                    state[vertex] = 2;
                    if (path.Count > 0)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
                }

                stack.Push((vertex, next + 1));
                var edge = outgoing[next];
                var target = pairs[edge].Right;
                state.TryGetValue(target, out var targetState);
                if (targetState == 1)
                {
                    return new Cycle(Describe(pairs, path, edge, target), edge);
                }

                if (targetState == 0)
                {
                    state[target] = 1;
                    path.Add(edge);
                    stack.Push((target, 0));
                }
            }
        }

        return null;
    }

    private static string Describe(IReadOnlyList<Pair> pairs, List<int> path, int closing, Side start)
    {
        var texts = new List<string>();
        var inCycle = false;
        foreach (var edge in path)
        {
            inCycle |= pairs[edge].Left == start;
            if (inCycle)
            {
                texts.Add(pairs[edge].Text);
            }
        }

        texts.Add(pairs[closing].Text);
        return string.Join(", ", texts);
    }

    private static IEnumerable<(Pair Pair, int Index)> Indexed(IReadOnlyList<Pair> pairs)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            yield return (pairs[i], i);
        }
    }
}
