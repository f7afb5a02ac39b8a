using System.Globalization;

namespace Manyi.Analytics.Comparisons;

/// <summary>Which measure is compared between waves.</summary>
public enum MeasureKind
{
    /// <summary>The mean of the answers, tested with Welch's t test.</summary>
    Mean,

    /// <summary>The top-box share (CSAT: top 2 of a 1–5 scale), tested with the two-proportion z test.</summary>
    TopBox,

    /// <summary>The Net Promoter Score (0–10 answers), with z tests of the NPS and of its promoter and detractor shares.</summary>
    Nps,
}

/// <summary>
/// A measure to compare: its kind and answer scale [ScaleMin, ScaleMax] (optional for a mean), and for a top-box share
/// the number of boxes at the top of the scale that count (CSAT: 2 of 1–5, so answers 4 and 5).
/// </summary>
public sealed record WaveMeasure(MeasureKind Kind, double? ScaleMin = null, double? ScaleMax = null, int TopBoxes = 2)
{
    /// <summary>The mean of answers, optionally checked against a scale.</summary>
    public static WaveMeasure Mean(double? scaleMin = null, double? scaleMax = null) => new(MeasureKind.Mean, scaleMin, scaleMax);

    /// <summary>The share of answers in the top <paramref name="topBoxes"/> points of a whole-number scale.</summary>
    public static WaveMeasure TopBox(double scaleMin = 1, double scaleMax = 5, int topBoxes = 2) => new(MeasureKind.TopBox, scaleMin, scaleMax, topBoxes);

    /// <summary>The NPS of 0–10 answers.</summary>
    public static WaveMeasure Nps() => new(MeasureKind.Nps, 0, 10);

    /// <summary>Answers at or above this value are in the top box: ScaleMax − TopBoxes + 1.</summary>
    public double TopBoxThreshold => (ScaleMax ?? 0) - TopBoxes + 1;
}

/// <summary>One answer of one wave: the respondent's segment (null when none) and the value.</summary>
public sealed record WaveObservation(string? Segment, double Value);

/// <summary>
/// The change of a measure in one segment (or overall when <see cref="Segment"/> is null). Suppressed when either wave
/// has fewer answers than the minimum n: then only the counts are given (product.md M1.1 minimum-n rule). For NPS
/// the promoter and detractor share changes are given beside the score change.
/// </summary>
public sealed record SegmentChange(string? Segment, bool Suppressed, WaveChange Change, WaveChange? Promoters, WaveChange? Detractors);

/// <summary>A wave-to-wave comparison: overall and per segment (segments in ordinal name order).</summary>
public sealed record WaveComparisonResult(WaveMeasure Measure, double Alpha, int MinimumN, SegmentChange Overall, IReadOnlyList<SegmentChange> Segments);

/// <summary>
/// Change of a measure between two waves, overall and per segment (product.md M1.11): means by Welch's t test
/// (<see cref="WelchTest"/>), top-box shares by the two-proportion z test (<see cref="TwoProportionTest"/>), NPS by
/// <see cref="NpsChangeTest"/>. Answers without a segment count overall only.
/// </summary>
public static class WaveComparison
{
    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>; groups with n &lt; <paramref name="minimumN"/> in a wave are suppressed.</summary>
    public static WaveComparisonResult Compare(
        IReadOnlyList<WaveObservation> before,
        IReadOnlyList<WaveObservation> after,
        WaveMeasure measure,
        double alpha = 0.05,
        int minimumN = 5)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(measure);
        TwoProportionTest.RequireAlpha(alpha);
        Validate(measure);
        if (minimumN < 0)
        {
            throw new ArgumentException($"minimum n cannot be negative ({minimumN.ToString(CultureInfo.InvariantCulture)})", nameof(minimumN));
        }
        RequireOnScale(before, measure, "before");
        RequireOnScale(after, measure, "after");
        var overall = Change(null, before.Select(o => o.Value).ToList(), after.Select(o => o.Value).ToList(), measure, alpha, minimumN);
        var segments = before.Concat(after)
            .Where(o => o.Segment is not null)
            .Select(o => o.Segment!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(segment => Change(
                segment,
                before.Where(o => string.Equals(o.Segment, segment, StringComparison.Ordinal)).Select(o => o.Value).ToList(),
                after.Where(o => string.Equals(o.Segment, segment, StringComparison.Ordinal)).Select(o => o.Value).ToList(),
                measure,
                alpha,
                minimumN))
            .ToList();
        return new WaveComparisonResult(measure, alpha, minimumN, overall, segments);
    }

    private static SegmentChange Change(string? segment, List<double> before, List<double> after, WaveMeasure measure, double alpha, int minimumN)
    {
        var test = measure.Kind switch
        {
            MeasureKind.Mean => ChangeTest.WelchT,
            MeasureKind.TopBox => ChangeTest.TwoProportionZ,
            _ => ChangeTest.NpsZ,
        };
        if (before.Count < minimumN || after.Count < minimumN)
        {
            var hidden = WaveChange.Undefined(test, before.Count, after.Count, alpha);
            var hiddenShare = measure.Kind == MeasureKind.Nps ? WaveChange.Undefined(ChangeTest.TwoProportionZ, before.Count, after.Count, alpha) : null;
            return new SegmentChange(segment, true, hidden, hiddenShare, hiddenShare);
        }
        switch (measure.Kind)
        {
            case MeasureKind.Mean:
                return new SegmentChange(segment, false, WelchTest.Compare(before, after, alpha), null, null);
            case MeasureKind.TopBox:
                var threshold = measure.TopBoxThreshold;
                return new SegmentChange(
                    segment,
                    false,
                    TwoProportionTest.Compare(before.Count(v => v >= threshold), before.Count, after.Count(v => v >= threshold), after.Count, alpha),
                    null,
                    null);
            default:
                var nps = NpsChangeTest.Compare(Counts(before), Counts(after), alpha);
                return new SegmentChange(segment, false, nps.Score, nps.Promoters, nps.Detractors);
        }
    }

    private static NpsCounts Counts(List<double> values) =>
        new(values.Count(v => v >= 9), values.Count(v => v is >= 7 and < 9), values.Count(v => v < 7));

    private static void Validate(WaveMeasure measure)
    {
        if (measure.ScaleMin is { } min && measure.ScaleMax is { } max && !(min < max))
        {
            throw new ArgumentException($"scale {Show(min)}–{Show(max)}: the lowest point must be below the highest", nameof(measure));
        }
        if (measure.Kind == MeasureKind.TopBox)
        {
            if (measure.ScaleMin is not { } low || measure.ScaleMax is not { } high)
            {
                throw new ArgumentException("a top-box share needs the scale's lowest and highest point (e.g. 1–5)", nameof(measure));
            }
            if (measure.TopBoxes < 1 || measure.TopBoxes > high - low)
            {
                throw new ArgumentException(
                    $"top box {measure.TopBoxes.ToString(CultureInfo.InvariantCulture)} must count at least 1 and fewer than all points of the {Show(low)}–{Show(high)} scale",
                    nameof(measure));
            }
        }
        if (measure.Kind == MeasureKind.Nps && (measure.ScaleMin != 0 || measure.ScaleMax != 10))
        {
            throw new ArgumentException("NPS is defined on the 0–10 scale", nameof(measure));
        }
    }

    private static void RequireOnScale(IReadOnlyList<WaveObservation> observations, WaveMeasure measure, string wave)
    {
        var wholeNumbers = measure.Kind != MeasureKind.Mean;
        foreach (var observation in observations)
        {
            var value = observation.Value;
            if (!double.IsFinite(value)
                || (measure.ScaleMin is { } min && value < min)
                || (measure.ScaleMax is { } max && value > max)
                || (wholeNumbers && value != Math.Floor(value)))
            {
                throw new ArgumentException($"{wave} wave: {Show(value)} is not {ScaleText(measure)}", wave);
            }
        }
    }

    /// <summary>"a whole number on the 1–5 scale" and the like, for messages.</summary>
    public static string ScaleText(WaveMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var scale = measure.ScaleMin is { } min && measure.ScaleMax is { } max ? $" on the {Show(min)}–{Show(max)} scale" : string.Empty;
        return measure.Kind == MeasureKind.Mean ? $"a number{scale}" : $"a whole number{scale}";
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
