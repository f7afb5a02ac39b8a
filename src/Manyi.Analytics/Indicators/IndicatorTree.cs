using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>One node of an indicator system as entered: its name, its parent (null for the overall root) and its weight among its siblings.</summary>
public sealed record IndicatorNode(string Name, string? Parent, double? Weight);

/// <summary>
/// An indicator system (指标体系, product.md M1.3): a tree overall → categories (一级指标) → base indicators (二级/三级指标),
/// each non-root node weighted among its siblings with sibling weights summing to 1. Immutable; build with <see cref="Create"/>.
/// </summary>
public sealed class IndicatorTree
{
    /// <summary>Sibling weights may differ from a sum of 1 by this much (rounded entries such as 0.33 + 0.33 + 0.34 pass).</summary>
    public const double SumTolerance = 1e-6;

    private readonly Dictionary<string, List<string>> children;
    private readonly Dictionary<string, IndicatorNode> nodes;

    private IndicatorTree(string root, List<IndicatorNode> ordered, Dictionary<string, List<string>> children)
    {
        Root = root;
        Nodes = ordered;
        this.children = children;
        nodes = ordered.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    /// <summary>Name of the root (the overall index).</summary>
    public string Root { get; }

    /// <summary>All nodes, parents before children (depth-first, siblings in input order), with the weights in use (root weight 1).</summary>
    public IReadOnlyList<IndicatorNode> Nodes { get; }

    /// <summary>The base indicators (leaves), in tree order.</summary>
    public IReadOnlyList<string> BaseIndicators => Nodes.Where(n => Children(n.Name).Count == 0).Select(n => n.Name).ToArray();

    /// <summary>Children of a node in input order (empty for a base indicator).</summary>
    public IReadOnlyList<string> Children(string name) => children.TryGetValue(name, out var list) ? list : [];

    /// <summary>The node of that name.</summary>
    public IndicatorNode Node(string name) =>
        nodes.TryGetValue(name, out var node) ? node : throw new ArgumentException($"the indicator tree has no node '{name}'", nameof(name));

    /// <summary>Whether the tree has a node of that name.</summary>
    public bool Contains(string name) => nodes.ContainsKey(name);

    /// <summary>
    /// Builds and validates the tree: one root (no parent), every parent exists, no cycle, names unique, weights
    /// non-negative, and the weights of each node's children sum to 1 — or, with <paramref name="normalise"/>, are divided
    /// by their sum. The root's weight is ignored. A child without a weight is an error.
    /// </summary>
    public static IndicatorTree Create(IEnumerable<IndicatorNode> nodes, bool normalise = false)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = nodes.ToList();
        var byName = new Dictionary<string, IndicatorNode>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            ArgumentNullException.ThrowIfNull(node);
            if (string.IsNullOrWhiteSpace(node.Name))
            {
                throw new ArgumentException("an indicator tree node has no name", nameof(nodes));
            }
            if (!byName.TryAdd(node.Name, node))
            {
                throw new ArgumentException($"indicator tree node '{node.Name}' appears twice", nameof(nodes));
            }
        }
        var roots = list.Where(n => string.IsNullOrWhiteSpace(n.Parent)).Select(n => n.Name).ToList();
        if (roots.Count != 1)
        {
            throw new ArgumentException(
                roots.Count == 0
                    ? "the indicator tree has no root: exactly one node (the overall index) must have no parent"
                    : $"the indicator tree has {roots.Count} roots ({string.Join(", ", roots)}): exactly one node (the overall index) must have no parent",
                nameof(nodes));
        }
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in list.Where(n => !string.IsNullOrWhiteSpace(n.Parent)))
        {
            if (!byName.ContainsKey(node.Parent!))
            {
                throw new ArgumentException($"indicator tree node '{node.Name}' has parent '{node.Parent}', which is not a node of the tree", nameof(nodes));
            }
            if (node.Weight is not { } w)
            {
                throw new ArgumentException($"indicator tree node '{node.Name}' has no weight (its weight among the children of '{node.Parent}')", nameof(nodes));
            }
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"indicator tree node '{node.Name}' has weight {Show(w)}; weights must be 0 or more", nameof(nodes));
            }
            if (!children.TryGetValue(node.Parent!, out var siblings))
            {
                children[node.Parent!] = siblings = [];
            }
            siblings.Add(node.Name);
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal) { [roots[0]] = 1 };
        foreach (var (parent, siblings) in children)
        {
            var sum = siblings.Sum(s => byName[s].Weight!.Value);
            if (normalise)
            {
                if (sum <= 0)
                {
                    throw new ArgumentException($"the weights of the children of '{parent}' are all 0, so they cannot be normalised", nameof(nodes));
                }
                foreach (var s in siblings)
                {
                    weights[s] = byName[s].Weight!.Value / sum;
                }
            }
            else
            {
                if (Math.Abs(sum - 1) > SumTolerance)
                {
                    var parts = string.Join(" + ", siblings.Select(s => $"{s} {Show(byName[s].Weight!.Value)}"));
                    throw new ArgumentException(
                        $"the weights of the children of '{parent}' sum to {Show(sum)}, not 1 ({parts}): correct them or let them be normalised",
                        nameof(nodes));
                }
                foreach (var s in siblings)
                {
                    weights[s] = byName[s].Weight!.Value;
                }
            }
        }

        var ordered = new List<IndicatorNode>(list.Count);
        var stack = new Stack<string>();
        stack.Push(roots[0]);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            var node = byName[name];
            ordered.Add(node with { Weight = weights[name] });
            if (children.TryGetValue(name, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    stack.Push(kids[i]);
                }
            }
        }
        if (ordered.Count != list.Count)
        {
            var reached = ordered.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            var lost = list.Where(n => !reached.Contains(n.Name)).Select(n => n.Name);
            throw new ArgumentException(
                $"indicator tree nodes {string.Join(", ", lost)} are not connected to the root '{roots[0]}' (their parents form a cycle)", nameof(nodes));
        }
        return new IndicatorTree(roots[0], ordered, children);
    }

    private static string Show(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
