using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>How the indices of organisational units are weighted when they are aggregated to their parent unit.</summary>
public enum UnitWeighting
{
    /// <summary>By the number of respondents: I_parent = Σ n_u·I_u / Σ n_u (the pooled mean of the respondents).</summary>
    Respondents,

    /// <summary>By configured weights among siblings: I_parent = Σ w_u·I_u / Σ w_u.</summary>
    Configured,
}

/// <summary>
/// An organisational unit as entered (branch → district → company → industry): its parent (null for the top), and for a
/// unit without sub-units its own index (0–100, null = not measured) and respondent count; <see cref="Weight"/> is used
/// with <see cref="UnitWeighting.Configured"/>.
/// </summary>
public sealed record OrganisationUnit(string Name, string? Parent, double? Index, int Respondents, double? Weight);

/// <summary>Index of a unit after aggregation: respondents summed over its sub-units, index computed (null when nothing below it was measured).</summary>
public sealed record UnitIndex(string Name, string? Parent, int Depth, int Respondents, double? Weight, double? Index);

/// <summary>
/// Aggregation of unit indices up an organisation (product.md M1.3): each parent's index is the weighted mean of its
/// sub-units' indices, weights = respondent counts or configured weights, over the sub-units that have an index.
/// </summary>
public static class UnitAggregation
{
    /// <summary>Aggregates leaf-unit indices up the organisation; one top unit, units listed in any order.</summary>
    public static IReadOnlyList<UnitIndex> Aggregate(IEnumerable<OrganisationUnit> units, UnitWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(units);
        var list = units.ToList();
        // The organisation has the shape of an indicator tree; IndicatorTree validates the shape (root, parents, cycles).
        var shape = IndicatorTree.Create(list.Select(u => new IndicatorNode(u.Name, u.Parent, 1.0)), normalise: true);
        var byName = list.ToDictionary(u => u.Name, StringComparer.Ordinal);
        foreach (var u in list)
        {
            var leaf = shape.Children(u.Name).Count == 0;
            if (u.Respondents < 0)
            {
                throw new ArgumentException($"unit '{u.Name}' has {u.Respondents} respondents; the count cannot be negative", nameof(units));
            }
            if (!leaf && u.Index is not null)
            {
                throw new ArgumentException($"unit '{u.Name}' has sub-units, so its index is computed from theirs: leave its index blank", nameof(units));
            }
            if (u.Index is { } i && (!double.IsFinite(i) || i < 0 || i > 100))
            {
                throw new ArgumentException($"unit '{u.Name}' has index {i.ToString("R", CultureInfo.InvariantCulture)}; indices are on 0–100", nameof(units));
            }
            if (weighting == UnitWeighting.Configured && u.Parent is not null && (u.Weight is not { } w || !double.IsFinite(w) || w < 0))
            {
                throw new ArgumentException($"unit '{u.Name}' needs a weight of 0 or more when units are aggregated with configured weights", nameof(units));
            }
        }

        var index = new Dictionary<string, double?>(StringComparer.Ordinal);
        var respondents = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = shape.Nodes.Count - 1; k >= 0; k--)
        {
            var name = shape.Nodes[k].Name;
            var kids = shape.Children(name);
            if (kids.Count == 0)
            {
                index[name] = byName[name].Index;
                respondents[name] = byName[name].Respondents;
                continue;
            }
            respondents[name] = kids.Sum(c => respondents[c]);
            double weighted = 0, total = 0;
            foreach (var kid in kids)
            {
                if (index[kid] is not { } v)
                {
                    continue;
                }
                var w = weighting == UnitWeighting.Respondents ? respondents[kid] : byName[kid].Weight!.Value;
                weighted += w * v;
                total += w;
            }
            index[name] = total > 0 ? weighted / total : null;
        }
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        return shape.Nodes.Select(n =>
        {
            depth[n.Name] = n.Parent is null ? 0 : depth[n.Parent] + 1;
            return new UnitIndex(n.Name, n.Parent, depth[n.Name], respondents[n.Name], byName[n.Name].Weight, index[n.Name]);
        }).ToArray();
    }
}
