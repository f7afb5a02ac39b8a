namespace Manyi.Analytics.Scores;

/// <summary>How many answers fell on one point of a scale, and their share of n in percent.</summary>
public sealed record ScalePointCount(int Point, string? Label, long Count, double Percent);

/// <summary>Options of item statistics: the number of top boxes (default 2) and the minimum n (default 5).</summary>
public sealed record ItemOptions(int TopBoxes = 2, int MinimumN = Suppression.DefaultMinimumN)
{
    /// <summary>Top-2 box, minimum n 5.</summary>
    public static ItemOptions Default { get; } = new();
}

/// <summary>
/// Statistics of one rating item (product.md M1.1): n, missing, mean x̄, sample standard deviation s (n − 1),
/// distribution over the scale points, top-k-box % and the 0–100 score <c>100·(x̄ − min)/(max − min)</c>.
/// When <see cref="Suppressed"/> (n below the minimum n) every value is null and the distribution is empty.
/// <see cref="BetweenPoints"/> counts answers that are not whole points (e.g. 3.5): in n, x̄, s and top-box, not in the distribution.
/// </summary>
public sealed record ItemStatistics(
    long N,
    long Missing,
    bool Suppressed,
    double? Mean,
    double? StandardDeviation,
    int TopBoxes,
    double? TopBoxPercent,
    double? Score,
    IReadOnlyList<ScalePointCount> Distribution,
    long BetweenPoints);

/// <summary>Item statistics computed from the answers themselves or from their frequency distribution (product.md M1.1).</summary>
public static class ItemAnalysis
{
    /// <summary>
    /// Statistics of the answers <paramref name="values"/> (null = missing) on <paramref name="scale"/>:
    /// x̄ = Σx/n, s = sqrt(Σ(x − x̄)²/(n − 1)) (null when n &lt; 2), top-box % = 100·#(x ≥ max − k + 1)/n.
    /// </summary>
    public static ItemStatistics Describe(Scale scale, IEnumerable<double?> values, ItemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(values);
        options = Check(scale, options);
        var answers = new List<double>();
        long missing = 0;
        foreach (var value in values)
        {
            if (value is not { } x)
            {
                missing++;
                continue;
            }
            scale.Check(x);
            answers.Add(x);
        }
        long n = answers.Count;
        if (Suppression.Applies(n, options.MinimumN))
        {
            return Suppressed(n, missing, options);
        }
        var mean = answers.Sum() / n;
        var squares = answers.Sum(x => (x - mean) * (x - mean));
        var threshold = scale.TopBoxThreshold(options.TopBoxes);
        var top = answers.Count(x => x >= threshold);
        var counts = new long[scale.PointCount];
        long between = 0;
        foreach (var x in answers)
        {
            if (x == Math.Floor(x))
            {
                counts[(int)x - scale.Minimum]++;
            }
            else
            {
                between++;
            }
        }
        return new ItemStatistics(
            n, missing, false, mean, n < 2 ? null : Math.Sqrt(squares / (n - 1)), options.TopBoxes,
            100.0 * top / n, scale.ToHundred(mean), Distribution(scale, counts, n), between);
    }

    /// <summary>
    /// Statistics from a frequency distribution: <paramref name="counts"/>[i] answers on point min + i, and
    /// <paramref name="missing"/> blanks. Equal to <see cref="Describe"/> on the same answers; what a streaming reader uses.
    /// </summary>
    public static ItemStatistics FromFrequencies(Scale scale, IReadOnlyList<long> counts, long missing, ItemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(counts);
        var accumulator = new ItemAccumulator(scale);
        if (counts.Count != scale.PointCount)
        {
            throw new ArgumentException($"The scale {scale} has {scale.PointCount} points but {counts.Count} counts were given.", nameof(counts));
        }
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException($"The count of point {scale.Minimum + i} is negative ({counts[i]}).", nameof(counts));
            }
            accumulator.AddPoint(scale.Minimum + i, counts[i]);
        }
        if (missing < 0)
        {
            throw new ArgumentException($"The number of missing answers is negative ({missing}).", nameof(missing));
        }
        accumulator.AddMissing(missing);
        return accumulator.Result(options);
    }

    internal static ItemOptions Check(Scale scale, ItemOptions? options)
    {
        options ??= ItemOptions.Default;
        Suppression.CheckMinimumN(options.MinimumN);
        scale.TopBoxThreshold(options.TopBoxes);
        return options;
    }

    internal static ItemStatistics Suppressed(long n, long missing, ItemOptions options) =>
        new(n, missing, true, null, null, options.TopBoxes, null, null, [], 0);

    internal static IReadOnlyList<ScalePointCount> Distribution(Scale scale, IReadOnlyList<long> counts, long n) =>
        counts.Select((count, i) => new ScalePointCount(scale.Minimum + i, scale.Label(scale.Minimum + i), count, 100.0 * count / n)).ToArray();
}
