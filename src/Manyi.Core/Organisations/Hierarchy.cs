namespace Manyi.Core.Organisations;

/// <summary>
/// Walks a tree given as child → parent links: the unit tree, the case category tree, root causes. Unknown parents and cycles end
/// a walk instead of looping, so a damaged tree never hangs a request.
/// </summary>
public static class Hierarchy
{
    /// <summary>The roots that are nodes of the tree and every node below them.</summary>
    public static HashSet<Guid> Below(IEnumerable<Guid> roots, IEnumerable<(Guid Id, Guid? ParentId)> nodes)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(nodes);
        var list = nodes.ToList();
        var children = list.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value, n => n.Id);
        var known = list.Select(n => n.Id).ToHashSet();
        var result = new HashSet<Guid>();
        var stack = new Stack<Guid>();
        foreach (var root in roots.Where(r => known.Contains(r) && result.Add(r)))
        {
            stack.Push(root);
        }
        while (stack.TryPop(out var id))
        {
            foreach (var child in children[id].Where(result.Add))
            {
                stack.Push(child);
            }
        }
        return result;
    }

    /// <summary>The node and its ancestors, nearest first (empty when the node is not in <paramref name="parents"/>).</summary>
    public static List<Guid> PathUp(Guid? id, IReadOnlyDictionary<Guid, Guid?> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        var path = new List<Guid>();
        for (var current = id; current is { } node && !path.Contains(node) && parents.TryGetValue(node, out var parent); current = parent)
        {
            path.Add(node);
        }
        return path;
    }
}
