namespace Manyi.Analytics.Pls;

/// <summary>How a block's outer weights are estimated: mode A (reflective, w = cov(x, z)) or mode B (formative, w = S_xx⁻¹·cov(x, z)).</summary>
public enum OuterMode
{
    /// <summary>Reflective block: each weight is the covariance of its standardised indicator with the inner proxy.</summary>
    A,

    /// <summary>Formative block: the weights are the multiple-regression coefficients of the inner proxy on the block.</summary>
    B,
}

/// <summary>Inner weighting scheme of Wold's algorithm (Lohmöller 1989, §2.3): path (default), centroid or factorial.</summary>
public enum InnerWeightingScheme
{
    /// <summary>Predecessors get their regression coefficient, successors their correlation.</summary>
    Path,

    /// <summary>Every neighbour gets the sign of its correlation.</summary>
    Centroid,

    /// <summary>Every neighbour gets its correlation.</summary>
    Factorial,
}

/// <summary>What to do with a row that has a blank indicator: leave the row out (listwise) or put the indicator's mean in.</summary>
public enum MissingDataTreatment
{
    /// <summary>Rows with any blank indicator of the model are left out.</summary>
    Listwise,

    /// <summary>A blank is replaced by the mean of the indicator's answered rows.</summary>
    Mean,
}

/// <summary>A construct (latent variable) with its block of indicator columns and the block's outer mode.</summary>
public sealed record ConstructBlock(string Name, IReadOnlyList<string> Indicators, OuterMode Mode = OuterMode.A);

/// <summary>A directed structural path From → To (From is a predecessor of To).</summary>
public sealed record StructuralPath(string From, string To);

/// <summary>A PLS path model: constructs with their indicator blocks (outer model) and the recursive paths between them (inner model).</summary>
public sealed record PlsPathModel(IReadOnlyList<ConstructBlock> Constructs, IReadOnlyList<StructuralPath> Paths)
{
    /// <summary>
    /// Checks the model: at least one construct and path, no duplicate or empty blocks, no indicator in two blocks, paths only
    /// between known constructs, no duplicate paths, no construct without a path, and no cycle (PLS path models are recursive).
    /// Throws <see cref="ArgumentException"/> naming the problem.
    /// </summary>
    public void Validate()
    {
        if (Constructs is null || Constructs.Count == 0)
        {
            throw new ArgumentException("the model has no constructs: define at least two constructs with their indicators");
        }
        if (Paths is null || Paths.Count == 0)
        {
            throw new ArgumentException("the model has no paths: add at least one path from one construct to another");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var construct in Constructs)
        {
            if (string.IsNullOrWhiteSpace(construct.Name))
            {
                throw new ArgumentException("a construct has no name");
            }
            if (!names.Add(construct.Name))
            {
                throw new ArgumentException($"construct '{construct.Name}' is defined twice");
            }
            if (construct.Indicators is null || construct.Indicators.Count == 0)
            {
                throw new ArgumentException($"construct '{construct.Name}' has no indicators (empty block): list at least one indicator column");
            }
            foreach (var indicator in construct.Indicators)
            {
                if (owner.TryGetValue(indicator, out var other))
                {
                    throw new ArgumentException(other == construct.Name
                        ? $"indicator '{indicator}' is listed twice in construct '{construct.Name}'"
                        : $"indicator '{indicator}' is in both '{other}' and '{construct.Name}'; an indicator belongs to one construct");
                }
                owner[indicator] = construct.Name;
            }
        }
        var seen = new HashSet<(string, string)>();
        foreach (var path in Paths)
        {
            foreach (var end in new[] { path.From, path.To })
            {
                if (!names.Contains(end ?? string.Empty))
                {
                    throw new ArgumentException(
                        $"path '{path.From}' → '{path.To}' names unknown construct '{end}' (the constructs are: {string.Join(", ", Constructs.Select(c => c.Name))})");
                }
            }
            if (string.Equals(path.From, path.To, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"path '{path.From}' → '{path.To}' points from a construct to itself");
            }
            if (!seen.Add((path.From.ToUpperInvariant(), path.To.ToUpperInvariant())))
            {
                throw new ArgumentException($"path '{path.From}' → '{path.To}' is given twice");
            }
        }
        foreach (var construct in Constructs)
        {
            if (!Paths.Any(p => string.Equals(p.From, construct.Name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.To, construct.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"construct '{construct.Name}' has no path to or from another construct; connect it or leave it out");
            }
        }
        var cycle = FindCycle();
        if (cycle is not null)
        {
            throw new ArgumentException(
                $"the paths form a cycle: {string.Join(" → ", cycle)}; a PLS path model must be recursive (no construct may lead back to itself)");
        }
    }

    /// <summary>Index of the construct called <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Constructs.Count; i++)
        {
            if (string.Equals(Constructs[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A cycle as a list of construct names (first = last), found by depth-first search, or null when there is none.</summary>
    private List<string>? FindCycle()
    {
        var count = Constructs.Count;
        var successors = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        foreach (var path in Paths)
        {
            successors[IndexOf(path.From)].Add(IndexOf(path.To));
        }
        var state = new int[count]; // 0 unvisited, 1 on the stack, 2 done
        var stack = new List<int>();
        for (var start = 0; start < count; start++)
        {
            var found = Visit(start);
            if (found is not null)
            {
                return found;
            }
        }
        return null;

        List<string>? Visit(int node)
        {
            if (state[node] == 2)
            {
                return null;
            }
            if (state[node] == 1)
            {
                var from = stack.IndexOf(node);
                return stack.Skip(from).Append(node).Select(i => Constructs[i].Name).ToList();
            }
            state[node] = 1;
            stack.Add(node);
            foreach (var next in successors[node])
            {
                var found = Visit(next);
                if (found is not null)
                {
                    return found;
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}
