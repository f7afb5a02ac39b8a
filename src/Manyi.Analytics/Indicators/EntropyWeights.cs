using System.Globalization;

namespace Manyi.Analytics.Indicators;

/// <summary>How the entropy weight method turns raw values into shares p_ij.</summary>
public enum EntropyNormalisation
{
    /// <summary>p_ij = x_ij / Σ_i x_ij on the raw values (benefit indicators, x ≥ 0).</summary>
    Proportion,

    /// <summary>x'_ij = (x_ij − min_j)/(max_j − min_j) first, then p_ij = x'_ij / Σ_i x'_ij (any sign; a constant column has weight 0).</summary>
    MinMax,
}

/// <summary>Entropy weight of one indicator: entropy e_j, divergence d_j = 1 − e_j and weight w_j = d_j / Σ_k d_k.</summary>
public sealed record EntropyWeight(string Indicator, double Entropy, double Divergence, double Weight);

/// <summary>
/// Entropy weight method (熵权法, product.md M1.3 (d); Shannon 1948, Zeleny 1982): p_ij = x_ij/Σ_i x_ij,
/// e_j = −(1/ln m)·Σ_i p_ij·ln p_ij (0·ln 0 = 0), d_j = 1 − e_j, w_j = d_j/Σ_k d_k.
/// </summary>
public static class EntropyWeights
{
    /// <summary>
    /// Entropy weights of the columns of an m × n data matrix (rows = alternatives or respondents, m ≥ 2). A column whose
    /// values sum to 0 carries no information (e_j = 1). At least one column must vary.
    /// </summary>
    public static IReadOnlyList<EntropyWeight> Compute(
        IReadOnlyList<string> indicators,
        IReadOnlyList<IReadOnlyList<double>> data,
        EntropyNormalisation normalisation = EntropyNormalisation.Proportion)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(data);
        var n = indicators.Count;
        var m = data.Count;
        if (n == 0)
        {
            throw new ArgumentException("no indicators were given", nameof(indicators));
        }
        if (m < 2)
        {
            throw new ArgumentException($"the entropy weight method needs at least 2 rows (alternatives or respondents); {m} given", nameof(data));
        }
        for (var i = 0; i < m; i++)
        {
            if (data[i].Count != n)
            {
                throw new ArgumentException($"row {i + 1} has {data[i].Count} values but there are {n} indicators", nameof(data));
            }
            for (var j = 0; j < n; j++)
            {
                var v = data[i][j];
                if (!double.IsFinite(v) || (normalisation == EntropyNormalisation.Proportion && v < 0))
                {
                    throw new ArgumentException(
                        $"row {i + 1}, indicator '{indicators[j]}': value {v.ToString("R", CultureInfo.InvariantCulture)} is negative; " +
                        "the proportion form needs x ≥ 0 (use min–max normalisation for other data)", nameof(data));
                }
            }
        }
        var k = 1 / Math.Log(m);
        var entropy = new double[n];
        for (var j = 0; j < n; j++)
        {
            var column = new double[m];
            for (var i = 0; i < m; i++)
            {
                column[i] = data[i][j];
            }
            if (normalisation == EntropyNormalisation.MinMax)
            {
                var min = column.Min();
                var range = column.Max() - min;
                for (var i = 0; i < m; i++)
                {
                    column[i] = range > 0 ? (column[i] - min) / range : 0;
                }
            }
            var total = column.Sum();
            if (total <= 0)
            {
                entropy[j] = 1;
                continue;
            }
            double s = 0;
            foreach (var x in column)
            {
                var p = x / total;
                if (p > 0)
                {
                    s += p * Math.Log(p);
                }
            }
            entropy[j] = Math.Clamp(-k * s, 0, 1);
        }
        var divergence = entropy.Select(e => 1 - e).ToArray();
        var sum = divergence.Sum();
        if (sum <= 1e-15)
        {
            throw new ArgumentException("no indicator varies across the rows, so entropy weights are undefined (every e_j = 1)", nameof(data));
        }
        return indicators.Select((name, j) => new EntropyWeight(name, entropy[j], divergence[j], divergence[j] / sum)).ToArray();
    }
}
