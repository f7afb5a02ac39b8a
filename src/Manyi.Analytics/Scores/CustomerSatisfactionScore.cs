namespace Manyi.Analytics.Scores;

/// <summary>
/// CSAT (product.md M1.1): the share in percent of answers in the top boxes (default top 2 of 1–5), with a confidence
/// interval by <see cref="Interval"/> (normal approximation, or Wilson for small n; rule in
/// <see cref="ProportionInterval.MethodFor"/>) and its margin of error = half the interval's width, in points.
/// When <see cref="Suppressed"/> (n below the minimum n) all values are null.
/// </summary>
public sealed record CustomerSatisfactionScore(
    long N,
    bool Suppressed,
    int TopBoxes,
    long? Satisfied,
    double? Csat,
    double? MarginOfError,
    double Confidence,
    ConfidenceInterval? ConfidenceInterval,
    IntervalMethod? Interval);

/// <summary>Computes CSAT from answers or from the count of satisfied answers (product.md M1.1).</summary>
public static class CustomerSatisfaction
{
    /// <summary>CSAT of whole-number answers on <paramref name="scale"/> (default 1–5; null = blank, not counted in n).</summary>
    public static CustomerSatisfactionScore Compute(
        IEnumerable<double?> values, Scale? scale = null, int topBoxes = 2, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(values);
        scale ??= Scale.Satisfaction;
        var threshold = scale.TopBoxThreshold(topBoxes);
        long n = 0, satisfied = 0;
        foreach (var value in values)
        {
            if (value is not { } x)
            {
                continue;
            }
            if (scale.CheckPoint(x) >= threshold)
            {
                satisfied++;
            }
            n++;
        }
        return FromCounts(n, satisfied, topBoxes, confidence, minimumN);
    }

    /// <summary>CSAT = 100·satisfied/n with its interval; <paramref name="topBoxes"/> is recorded in the result.</summary>
    public static CustomerSatisfactionScore FromCounts(long n, long satisfied, int topBoxes = 2, double confidence = 0.95, int minimumN = Suppression.DefaultMinimumN)
    {
        if (n < 0 || satisfied < 0 || satisfied > n)
        {
            throw new ArgumentException($"The satisfied count ({satisfied}) must be between 0 and n ({n}).", nameof(satisfied));
        }
        Suppression.CheckConfidence(confidence);
        Suppression.CheckMinimumN(minimumN);
        if (Suppression.Applies(n, minimumN))
        {
            return new CustomerSatisfactionScore(n, true, topBoxes, null, null, null, confidence, null, null);
        }
        var method = ProportionInterval.MethodFor(satisfied, n);
        var interval = method == IntervalMethod.Wilson
            ? ProportionInterval.Wilson(satisfied, n, confidence)
            : ProportionInterval.Normal(satisfied, n, confidence);
        var percent = new ConfidenceInterval(100 * interval.Low, 100 * interval.High);
        return new CustomerSatisfactionScore(
            n, false, topBoxes, satisfied, 100.0 * satisfied / n, (percent.High - percent.Low) / 2, confidence, percent, method);
    }
}
