namespace Manyi.Analytics.Scores;

/// <summary>
/// Weighted index of item scores: I = Σ wᵢ·Sᵢ / Σ wᵢ over the items that have a 0–100 score (product.md M1.1, M1.3).
/// <see cref="Weights"/> are the normalised weights used (0 for excluded items); <see cref="Excluded"/> names the items
/// left out because their score is suppressed; <see cref="Score"/> is null when no weighted item has a score.
/// </summary>
public sealed record SatisfactionIndex(double? Score, IReadOnlyDictionary<string, double> Weights, IReadOnlyList<string> Excluded);

/// <summary>The weighted mean of items' 0–100 scores (equal weights by default, weights normalised to sum 1).</summary>
public static class IndexScore
{
    /// <summary>
    /// The index of <paramref name="itemScores"/> (item name → 0–100 score, null when suppressed). Without
    /// <paramref name="weights"/> every item weighs the same; with them, items not named weigh 0. Names match case-insensitively.
    /// </summary>
    public static SatisfactionIndex Compute(IReadOnlyList<KeyValuePair<string, double?>> itemScores, IReadOnlyDictionary<string, double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(itemScores);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in itemScores)
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"Item '{name}' appears twice in the index.", nameof(itemScores));
            }
        }
        var given = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (weights is not null)
        {
            foreach (var (name, weight) in weights)
            {
                if (!names.Contains(name))
                {
                    throw new ArgumentException($"A weight is given for '{name}' but there is no such item (items: {string.Join(", ", itemScores.Select(i => i.Key))}).", nameof(weights));
                }
                if (!double.IsFinite(weight) || weight < 0)
                {
                    throw new ArgumentException($"The weight of '{name}' must be a number ≥ 0, not {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(weights));
                }
                given[name] = weight;
            }
            if (given.Values.Sum() <= 0)
            {
                throw new ArgumentException("The weights sum to 0; give at least one item a positive weight.", nameof(weights));
            }
        }
        double RawWeight(string name) => weights is null ? 1.0 : given.GetValueOrDefault(name);

        var excluded = itemScores.Where(i => i.Value is null && RawWeight(i.Key) > 0).Select(i => i.Key).ToArray();
        var total = itemScores.Where(i => i.Value is not null).Sum(i => RawWeight(i.Key));
        var used = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var score = 0.0;
        foreach (var (name, value) in itemScores)
        {
            var w = value is null || total <= 0 ? 0 : RawWeight(name) / total;
            used[name] = w;
            score += w * (value ?? 0);
        }
        return new SatisfactionIndex(total > 0 ? score : null, used, excluded);
    }
}
