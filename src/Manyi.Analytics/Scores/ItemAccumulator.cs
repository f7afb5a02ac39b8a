namespace Manyi.Analytics.Scores;

/// <summary>
/// Streaming item statistics in O(points) memory: counts per whole scale point, and for answers between points
/// (e.g. 3.5) Welford's (1962) running mean and sum of squares plus a count per unit interval for the top box.
/// Its <see cref="Result"/> equals <see cref="ItemAnalysis.Describe"/> on the same answers (up to rounding).
/// </summary>
public sealed class ItemAccumulator
{
    private readonly long[] _counts;
    private readonly long[] _betweenCounts;
    private long _betweenN;
    private double _betweenMean;
    private double _betweenSquares;

    /// <summary>An empty accumulator for answers on <paramref name="scale"/>.</summary>
    public ItemAccumulator(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Scale = scale;
        _counts = new long[scale.PointCount];
        _betweenCounts = new long[scale.PointCount];
    }

    /// <summary>The scale the answers are on.</summary>
    public Scale Scale { get; }

    /// <summary>Answers added so far (not counting missing ones).</summary>
    public long N { get; private set; }

    /// <summary>Blank answers counted so far.</summary>
    public long Missing { get; private set; }

    /// <summary>Answers per whole scale point, index 0 = the scale's minimum.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Adds one answer; it must lie within the scale.</summary>
    public void Add(double value)
    {
        Scale.Check(value);
        var floor = Math.Floor(value);
        if (value == floor)
        {
            _counts[(int)floor - Scale.Minimum]++;
        }
        else
        {
            _betweenCounts[(int)floor - Scale.Minimum]++;
            _betweenN++;
            var delta = value - _betweenMean;
            _betweenMean += delta / _betweenN;
            _betweenSquares += delta * (value - _betweenMean);
        }
        N++;
    }

    /// <summary>Adds <paramref name="count"/> answers on the whole point <paramref name="point"/> (the fast path of streaming readers).</summary>
    public void AddPoint(int point, long count = 1)
    {
        if (point < Scale.Minimum || point > Scale.Maximum)
        {
            throw new ArgumentException($"Value {point} is outside the scale {Scale}.", nameof(point));
        }
        _counts[point - Scale.Minimum] += count;
        N += count;
    }

    /// <summary>Counts blank answers.</summary>
    public void AddMissing(long count = 1) => Missing += count;

    /// <summary>
    /// The item statistics so far. Whole points and between-point answers are merged with Chan, Golub and
    /// LeVeque's (1979) pairwise formula M2 = M2₁ + M2₂ + δ²·n₁n₂/n.
    /// </summary>
    public ItemStatistics Result(ItemOptions? options = null)
    {
        options = ItemAnalysis.Check(Scale, options);
        if (Suppression.Applies(N, options.MinimumN))
        {
            return ItemAnalysis.Suppressed(N, Missing, options);
        }
        long pointN = 0;
        long pointSum = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            pointN += _counts[i];
            pointSum += _counts[i] * (Scale.Minimum + i);
        }
        var pointMean = pointN == 0 ? 0 : (double)pointSum / pointN;
        var pointSquares = 0.0;
        for (var i = 0; i < _counts.Length; i++)
        {
            var d = Scale.Minimum + i - pointMean;
            pointSquares += _counts[i] * d * d;
        }
        var delta = _betweenMean - pointMean;
        var mean = pointN == 0 ? _betweenMean : pointMean + delta * _betweenN / N;
        var squares = pointSquares + _betweenSquares + delta * delta * pointN * _betweenN / N;

        var threshold = Scale.TopBoxThreshold(options.TopBoxes) - Scale.Minimum;
        long top = 0;
        for (var i = threshold; i < _counts.Length; i++)
        {
            top += _counts[i] + _betweenCounts[i];
        }
        return new ItemStatistics(
            N, Missing, false, mean, N < 2 ? null : Math.Sqrt(squares / (N - 1)), options.TopBoxes,
            100.0 * top / N, Scale.ToHundred(mean), ItemAnalysis.Distribution(Scale, _counts, N), _betweenN);
    }
}
