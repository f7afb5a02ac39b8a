using System.Globalization;

namespace Manyi.Analytics.Servqual;

/// <summary>
/// A SERVQUAL instrument: its dimensions in order and the dimension of each item. <see cref="Standard"/> is the 22-item
/// scale of Parasuraman, Zeithaml &amp; Berry (1988), J. Retailing 64(1); <see cref="Create"/> makes an adapted one.
/// </summary>
public sealed record ServqualInstrument
{
    private ServqualInstrument(IReadOnlyList<string> dimensions, IReadOnlyList<KeyValuePair<string, string>> items)
    {
        Dimensions = dimensions;
        Items = items;
    }

    /// <summary>Dimension names in reporting order.</summary>
    public IReadOnlyList<string> Dimensions { get; }

    /// <summary>Item → dimension, in item order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items { get; }

    /// <summary>
    /// The 22 items of Parasuraman, Zeithaml &amp; Berry (1988): tangibles 1–4, reliability 5–9, responsiveness 10–13,
    /// assurance 14–17, empathy 18–22.
    /// </summary>
    public static ServqualInstrument Standard { get; } = Create(
        Enumerable.Range(1, 22).Select(i => new KeyValuePair<string, string>(
            i.ToString(CultureInfo.InvariantCulture),
            i switch
            {
                <= 4 => "tangibles",
                <= 9 => "reliability",
                <= 13 => "responsiveness",
                <= 17 => "assurance",
                _ => "empathy",
            })).ToArray());

    /// <summary>The Chinese names of the five standard dimensions (有形性, 可靠性, 响应性, 保证性, 移情性), or null.</summary>
    public static string? ChineseName(string dimension) => dimension?.ToUpperInvariant() switch
    {
        "TANGIBLES" => "有形性",
        "RELIABILITY" => "可靠性",
        "RESPONSIVENESS" => "响应性",
        "ASSURANCE" => "保证性",
        "EMPATHY" => "移情性",
        _ => null,
    };

    /// <summary>An instrument from item → dimension pairs (item ids unique; dimensions in order of first appearance).</summary>
    public static ServqualInstrument Create(IReadOnlyList<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("the item → dimension mapping is empty", nameof(items));
        }
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dimensions = new List<string>();
        var cleaned = new List<KeyValuePair<string, string>>();
        foreach (var (item, dimension) in items)
        {
            var id = (item ?? string.Empty).Trim();
            var dim = (dimension ?? string.Empty).Trim();
            if (id.Length == 0 || dim.Length == 0)
            {
                throw new ArgumentException($"the item → dimension mapping has an empty item or dimension ('{id}' → '{dim}')", nameof(items));
            }
            if (!ids.Add(id))
            {
                throw new ArgumentException($"item '{id}' is mapped to a dimension twice", nameof(items));
            }
            var known = dimensions.Find(d => string.Equals(d, dim, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                dimensions.Add(dim);
                known = dim;
            }
            cleaned.Add(new(id, known));
        }
        return new ServqualInstrument(dimensions, cleaned);
    }

    /// <summary>The dimension of an item, or null when the instrument has no such item.</summary>
    public string? DimensionOf(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = item.Trim();
        foreach (var (id, dimension) in Items)
        {
            if (string.Equals(id, text, StringComparison.OrdinalIgnoreCase))
            {
                return dimension;
            }
        }
        return null;
    }

    /// <summary>The instrument's spelling of a dimension name (case-insensitive), or null.</summary>
    public string? FindDimension(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Dimensions.FirstOrDefault(d => string.Equals(d, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>One respondent's expectation E and perception P of one item (null = not answered).</summary>
public sealed record ServqualRating(string Respondent, string Item, double? Expectation, double? Perception);

/// <summary>One item: n complete E/P pairs, mean E, mean P and the gap P̄ − Ē (= mean of P − E over those pairs).</summary>
public sealed record ServqualItem(string Item, string Dimension, int N, int Missing, double Expectation, double Perception, double Gap);

/// <summary>
/// One dimension: the unweighted means of its items' E, P and gaps; its importance points and weighted gap
/// (points/100 · gap) when points were given.
/// </summary>
public sealed record ServqualDimension(string Dimension, int Items, double Expectation, double Perception, double Gap, double? Points, double? WeightedGap);

/// <summary>
/// SERVQUAL result: items, dimensions, the overall gap (unweighted mean of dimension gaps) and the weighted SERVQUAL
/// score Σ (points_d/100)·gap_d (null without points).
/// </summary>
public sealed record ServqualResult(int Respondents, IReadOnlyList<ServqualItem> Items, IReadOnlyList<ServqualDimension> Dimensions, double Gap, double? WeightedGap);

/// <summary>
/// SERVQUAL gap analysis (Parasuraman, Zeithaml &amp; Berry 1988): gap = P − E per item, mean per dimension, unweighted
/// mean over dimensions, and the weighted score with 100 importance points spread over the dimensions.
/// </summary>
public static class ServqualAnalysis
{
    /// <summary>
    /// Computes the gaps. Only complete pairs (both E and P answered) count for an item. Items of the instrument that
    /// nobody rated are left out; a dimension with no rated item is an error. <paramref name="points"/>, when given,
    /// must give every dimension a non-negative number of points, summing to 100.
    /// </summary>
    public static ServqualResult Evaluate(ServqualInstrument instrument, IReadOnlyList<ServqualRating> ratings, IReadOnlyDictionary<string, double>? points = null)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            throw new ArgumentException("no SERVQUAL ratings: at least one respondent must rate one item", nameof(ratings));
        }
        var checkedPoints = points is null ? null : CheckPoints(instrument, points);
        var sums = new Dictionary<string, (int N, int Missing, double E, double P)>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<(string, string)>();
        foreach (var rating in ratings)
        {
            ArgumentNullException.ThrowIfNull(rating);
            var dimension = instrument.DimensionOf(rating.Item)
                ?? throw new ArgumentException(
                    $"item '{rating.Item}' is not in the instrument (items: {string.Join(", ", instrument.Items.Select(i => i.Key))})", nameof(ratings));
            if (!seen.Add((rating.Respondent, rating.Item.Trim().ToUpperInvariant())))
            {
                throw new ArgumentException($"respondent '{rating.Respondent}' rates item '{rating.Item}' more than once", nameof(ratings));
            }
            foreach (var value in new[] { rating.Expectation, rating.Perception })
            {
                if (value is { } v && !double.IsFinite(v))
                {
                    throw new ArgumentException($"respondent '{rating.Respondent}', item '{rating.Item}': the rating is not a finite number", nameof(ratings));
                }
            }
            var key = instrument.Items.First(i => string.Equals(i.Key, rating.Item.Trim(), StringComparison.OrdinalIgnoreCase)).Key;
            sums.TryGetValue(key, out var s);
            sums[key] = rating is { Expectation: { } e, Perception: { } p }
                ? (s.N + 1, s.Missing, s.E + e, s.P + p)
                : (s.N, s.Missing + 1, s.E, s.P);
        }

        var items = new List<ServqualItem>();
        foreach (var (id, dimension) in instrument.Items)
        {
            if (sums.TryGetValue(id, out var s) && s.N > 0)
            {
                var e = s.E / s.N;
                var p = s.P / s.N;
                items.Add(new ServqualItem(id, dimension, s.N, s.Missing, e, p, p - e));
            }
        }
        var dimensions = new List<ServqualDimension>();
        foreach (var dimension in instrument.Dimensions)
        {
            var own = items.Where(i => string.Equals(i.Dimension, dimension, StringComparison.Ordinal)).ToArray();
            if (own.Length == 0)
            {
                var ids = string.Join(", ", instrument.Items.Where(i => i.Value == dimension).Select(i => i.Key));
                throw new ArgumentException($"dimension '{dimension}' has no rated item (its items {ids} have no complete expectation/perception pair)", nameof(ratings));
            }
            var gap = own.Average(i => i.Gap);
            double? dimensionPoints = checkedPoints?[dimension];
            dimensions.Add(new ServqualDimension(
                dimension, own.Length, own.Average(i => i.Expectation), own.Average(i => i.Perception), gap, dimensionPoints, dimensionPoints / 100 * gap));
        }
        var overall = dimensions.Average(d => d.Gap);
        double? weighted = checkedPoints is null ? null : dimensions.Sum(d => d.WeightedGap ?? 0);
        var respondents = ratings.Select(r => r.Respondent).Distinct(StringComparer.Ordinal).Count();
        return new ServqualResult(respondents, items, dimensions, overall, weighted);
    }

    private static Dictionary<string, double> CheckPoints(ServqualInstrument instrument, IReadOnlyDictionary<string, double> points)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in points)
        {
            var dimension = instrument.FindDimension(name)
                ?? throw new ArgumentException($"importance points for '{name}', which is not a dimension (dimensions: {string.Join(", ", instrument.Dimensions)})", nameof(points));
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"importance points of '{dimension}' must be a number ≥ 0, got {value}"), nameof(points));
            }
            if (!result.TryAdd(dimension, value))
            {
                throw new ArgumentException($"importance points for '{dimension}' are given twice", nameof(points));
            }
        }
        var absent = instrument.Dimensions.Where(d => !result.ContainsKey(d)).ToArray();
        if (absent.Length > 0)
        {
            throw new ArgumentException($"importance points are missing for {string.Join(", ", absent)} (give points to every dimension, 100 in all)", nameof(points));
        }
        var total = result.Values.Sum();
        if (Math.Abs(total - 100) > 1e-9)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"importance points must sum to 100, but {string.Join(" + ", instrument.Dimensions.Select(d => result[d]))} = {total}"),
                nameof(points));
        }
        return result;
    }
}
