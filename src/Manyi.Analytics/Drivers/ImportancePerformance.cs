namespace Manyi.Analytics.Drivers;

/// <summary>The four quadrants of importance–performance analysis (Martilla &amp; James, 1977).</summary>
public enum IpaQuadrant
{
    /// <summary>High importance, low performance: improve here first.</summary>
    ConcentrateHere,

    /// <summary>High importance, high performance.</summary>
    KeepUpTheGoodWork,

    /// <summary>Low importance, low performance.</summary>
    LowPriority,

    /// <summary>Low importance, high performance: resources may be spent where they matter little.</summary>
    PossibleOverkill,
}

/// <summary>An indicator's importance (stated or derived) and performance, on any scales.</summary>
public sealed record IpaIndicator(string Indicator, double Importance, double Performance);

/// <summary>An indicator placed in its quadrant; OnCrossHair is true when it lies exactly on a cross-hair (and was counted as high there).</summary>
public sealed record IpaPoint(string Indicator, double Importance, double Performance, IpaQuadrant Quadrant, bool OnCrossHair);

/// <summary>Importance–performance analysis: the cross-hairs and every indicator's quadrant, in input order.</summary>
public sealed record IpaResult(double ImportanceCrossHair, double PerformanceCrossHair, IReadOnlyList<IpaPoint> Points);

/// <summary>
/// Importance–performance analysis (Martilla, J. A. &amp; James, J. C. (1977), Journal of Marketing 41(1); product.md M1.8):
/// high = at or above the cross-hair, low = below it; cross-hairs at the means of the indicators or at given mid-points.
/// </summary>
public static class ImportancePerformance
{
    /// <summary>
    /// Places the indicators. Cross-hairs are the mean importance and mean performance unless
    /// <paramref name="importanceMidpoint"/>/<paramref name="performanceMidpoint"/> are given (each independently).
    /// A value exactly on a cross-hair counts as high and sets <see cref="IpaPoint.OnCrossHair"/>.
    /// </summary>
    public static IpaResult Classify(IReadOnlyList<IpaIndicator> indicators, double? importanceMidpoint = null, double? performanceMidpoint = null)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        if (indicators.Count == 0)
        {
            throw new ArgumentException("importance–performance analysis needs at least one indicator", nameof(indicators));
        }
        var duplicate = indicators.GroupBy(i => i.Indicator, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"indicator '{duplicate.Key}' appears more than once; give one row per indicator", nameof(indicators));
        }
        foreach (var indicator in indicators)
        {
            if (!double.IsFinite(indicator.Importance) || !double.IsFinite(indicator.Performance))
            {
                throw new ArgumentException($"indicator '{indicator.Indicator}' needs a finite importance and performance", nameof(indicators));
            }
        }
        var importanceLine = importanceMidpoint ?? indicators.Average(i => i.Importance);
        var performanceLine = performanceMidpoint ?? indicators.Average(i => i.Performance);
        var points = indicators.Select(i =>
        {
            var important = i.Importance >= importanceLine;
            var performing = i.Performance >= performanceLine;
            var quadrant = (important, performing) switch
            {
                (true, false) => IpaQuadrant.ConcentrateHere,
                (true, true) => IpaQuadrant.KeepUpTheGoodWork,
                (false, false) => IpaQuadrant.LowPriority,
                (false, true) => IpaQuadrant.PossibleOverkill,
            };
            var onCrossHair = i.Importance == importanceLine || i.Performance == performanceLine;
            return new IpaPoint(i.Indicator, i.Importance, i.Performance, quadrant, onCrossHair);
        }).ToList();
        return new IpaResult(importanceLine, performanceLine, points);
    }
}
