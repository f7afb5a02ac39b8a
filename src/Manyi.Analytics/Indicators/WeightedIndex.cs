using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>
/// Index of one node of an indicator tree: <see cref="Weight"/> is its weight among its siblings, <see cref="EffectiveWeight"/>
/// the weight actually used after renormalising over siblings that have a score (null when the node has none), and
/// <see cref="Index"/> its 0–100 index (null when no base indicator below it has a score).
/// </summary>
public sealed record NodeIndex(string Name, string? Parent, int Depth, bool IsBase, double Weight, double? EffectiveWeight, double? Index);

/// <summary>A weighted satisfaction index over an indicator tree: the overall index (the root's) and every node's index.</summary>
public sealed record IndexResult(double? Overall, IReadOnlyList<NodeIndex> Nodes);

/// <summary>
/// Weighted index roll-up (满意度指数, product.md M1.3): base scores on 0–100, each parent I_p = Σ_c w_c·I_c / Σ_c w_c over the
/// children c that have an index (missing scores: the weights are renormalised over the present siblings), up to the overall index.
/// </summary>
public static class WeightedIndex
{
    /// <summary>
    /// Index of every node from base-indicator scores (0–100). A base indicator absent from <paramref name="baseScores"/>
    /// is missing; a score for a name that is not a base indicator of the tree is an error.
    /// </summary>
    public static IndexResult Compute(IndicatorTree tree, IReadOnlyDictionary<string, double> baseScores)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(baseScores);
        foreach (var (name, score) in baseScores)
        {
            if (!tree.Contains(name))
            {
                throw new ArgumentException(
                    $"a score is given for '{name}', which is not an indicator of the tree (base indicators: {string.Join(", ", tree.BaseIndicators)})",
                    nameof(baseScores));
            }
            if (tree.Children(name).Count > 0)
            {
                throw new ArgumentException(
                    $"a score is given for '{name}', which is a category: scores are given for base indicators ({string.Join(", ", tree.BaseIndicators)}) and categories are computed",
                    nameof(baseScores));
            }
            if (!double.IsFinite(score) || score < 0 || score > 100)
            {
                throw new ArgumentException(
                    $"the score of '{name}' is {score.ToString("R", CultureInfo.InvariantCulture)}; base scores are on 0–100 (rescale with 100·(x̄ − min)/(max − min))",
                    nameof(baseScores));
            }
        }

        var index = new Dictionary<string, double?>(StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [tree.Root] = 0 };
        foreach (var node in tree.Nodes)
        {
            if (node.Parent is not null)
            {
                depth[node.Name] = depth[node.Parent] + 1;
            }
        }
        // Children come after their parent in tree.Nodes, so walking it backwards computes every child first.
        for (var k = tree.Nodes.Count - 1; k >= 0; k--)
        {
            var name = tree.Nodes[k].Name;
            var kids = tree.Children(name);
            if (kids.Count == 0)
            {
                index[name] = baseScores.TryGetValue(name, out var s) ? s : null;
                continue;
            }
            double weighted = 0, present = 0;
            foreach (var kid in kids)
            {
                if (index[kid] is { } v)
                {
                    var w = tree.Node(kid).Weight!.Value;
                    weighted += w * v;
                    present += w;
                }
            }
            index[name] = present > 0 ? weighted / present : null;
        }

        var result = new List<NodeIndex>(tree.Nodes.Count);
        foreach (var node in tree.Nodes)
        {
            double? effective = null;
            if (node.Parent is null)
            {
                effective = index[node.Name] is null ? null : 1;
            }
            else if (index[node.Name] is not null)
            {
                var present = tree.Children(node.Parent).Where(s => index[s] is not null).Sum(s => tree.Node(s).Weight!.Value);
                effective = present > 0 ? node.Weight!.Value / present : null;
            }
            result.Add(new NodeIndex(node.Name, node.Parent, depth[node.Name], tree.Children(node.Name).Count == 0, node.Weight!.Value, effective, index[node.Name]));
        }
        return new IndexResult(index[tree.Root], result);
    }
}
