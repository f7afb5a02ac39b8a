using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>Weight of one indicator from stated importance: n answers, their mean and the normalised weight mean_j / Σ_k mean_k.</summary>
public sealed record ImportanceWeight(string Indicator, int N, double MeanImportance, double Weight);

/// <summary>Weights from stated importance ratings (product.md M1.3 (b)): w_j = Ī_j / Σ_k Ī_k.</summary>
public static class ImportanceWeights
{
    /// <summary>
    /// Normalised mean importance per indicator: Ī_j is the mean of the answered ratings of column j (null = not answered,
    /// left out of that column's mean), w_j = Ī_j / Σ_k Ī_k. Ratings must be non-negative (e.g. 1–5 or 0–10).
    /// </summary>
    public static IReadOnlyList<ImportanceWeight> FromRatings(IReadOnlyList<string> indicators, IEnumerable<IReadOnlyList<double?>> ratings)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(ratings);
        var n = indicators.Count;
        if (n == 0)
        {
            throw new ArgumentException("no indicators were given", nameof(indicators));
        }
        var sums = new double[n];
        var counts = new int[n];
        var row = 0;
        foreach (var r in ratings)
        {
            row++;
            ArgumentNullException.ThrowIfNull(r);
            if (r.Count != n)
            {
                throw new ArgumentException($"rating row {row} has {r.Count} values but there are {n} indicators", nameof(ratings));
            }
            for (var j = 0; j < n; j++)
            {
                if (r[j] is not { } v)
                {
                    continue;
                }
                if (!double.IsFinite(v) || v < 0)
                {
                    throw new ArgumentException(
                        $"rating row {row}, indicator '{indicators[j]}': importance {v.ToString("R", CultureInfo.InvariantCulture)} is negative; importance is rated on a non-negative scale",
                        nameof(ratings));
                }
                sums[j] += v;
                counts[j]++;
            }
        }
        var means = new double[n];
        for (var j = 0; j < n; j++)
        {
            if (counts[j] == 0)
            {
                throw new ArgumentException($"indicator '{indicators[j]}' has no importance rating", nameof(ratings));
            }
            means[j] = sums[j] / counts[j];
        }
        var total = means.Sum();
        if (total <= 0)
        {
            throw new ArgumentException("every mean importance is 0: weights are undefined", nameof(ratings));
        }
        return indicators.Select((name, j) => new ImportanceWeight(name, counts[j], means[j], means[j] / total)).ToArray();
    }
}
