using System.Globalization;

namespace Manyi.Analytics.Ratios;

/// <summary>How a disconfirmation ratio F = X/Y is read (product.md M1.2): below, inside or above the tolerance band around 1.</summary>
public enum SatisfactionVerdict
{
    /// <summary>F &lt; 1 − tolerance: performance falls short of expectation.</summary>
    Dissatisfied,

    /// <summary>1 − tolerance ≤ F ≤ 1 + tolerance: expectation met.</summary>
    Satisfied,

    /// <summary>F &gt; 1 + tolerance: expectation exceeded (highly satisfied, delighted).</summary>
    Delighted,
}

/// <summary>
/// Expectation–disconfirmation of one perception/expectation pair: ratio F = X/Y, gap X − Y (the SERVQUAL gap) and verdict.
/// </summary>
public sealed record DisconfirmationRatio(double Perception, double Expectation, double Ratio, double Gap, SatisfactionVerdict Verdict);

/// <summary>One observation: a respondent's perception X and expectation Y of an indicator (null = not answered).</summary>
public sealed record PerceptionExpectation(string Indicator, double? Perception, double? Expectation);

/// <summary>
/// Disconfirmation of one indicator: X̄ and Ȳ are the means of the answered perceptions and expectations,
/// F = X̄/Ȳ, gap = X̄ − Ȳ; <see cref="Weight"/> is the indicator's normalised weight in the overall ratio.
/// </summary>
public sealed record IndicatorDisconfirmation(
    string Indicator,
    int PerceptionN,
    int ExpectationN,
    double Perception,
    double Expectation,
    double Ratio,
    double Gap,
    SatisfactionVerdict Verdict,
    double Weight);

/// <summary>
/// Disconfirmation per indicator and overall: F = Σ w_j·F_j and gap = Σ w_j·(X̄_j − Ȳ_j) with weights w summing to 1
/// (equal weights 1/n unless given), read against the band [1 − tolerance, 1 + tolerance].
/// </summary>
public sealed record DisconfirmationAnalysis(
    IReadOnlyList<IndicatorDisconfirmation> Indicators,
    double OverallRatio,
    double OverallGap,
    SatisfactionVerdict OverallVerdict,
    double Tolerance);

/// <summary>
/// Expectation–disconfirmation (期望-实绩, product.md M1.2; Oliver 1980): satisfaction as the ratio F = X/Y of perceived
/// performance X to expectation Y, with the difference form X − Y beside it.
/// </summary>
public static class Disconfirmation
{
    /// <summary>Default half-width of the "satisfied" band around F = 1 (product.md M1.2).</summary>
    public const double DefaultTolerance = 0.05;

    /// <summary>F = X/Y, gap = X − Y and the verdict for one pair; Y must be positive and X non-negative.</summary>
    public static DisconfirmationRatio Ratio(double perception, double expectation, double tolerance = DefaultTolerance)
    {
        ValidateTolerance(tolerance);
        if (!double.IsFinite(perception) || perception < 0)
        {
            throw new ArgumentException(
                $"perception {Show(perception)} is not a non-negative number: F = X/Y needs X ≥ 0 (use a scale starting at 0 or 1)", nameof(perception));
        }
        if (!double.IsFinite(expectation) || expectation <= 0)
        {
            throw new ArgumentException(
                $"expectation {Show(expectation)} is not positive: F = X/Y is undefined for Y ≤ 0 (use a scale starting at 1)", nameof(expectation));
        }
        var ratio = perception / expectation;
        return new DisconfirmationRatio(perception, expectation, ratio, perception - expectation, Classify(ratio, tolerance));
    }

    /// <summary>Reads F: below 1 − tolerance dissatisfied, above 1 + tolerance delighted, otherwise satisfied (band inclusive).</summary>
    public static SatisfactionVerdict Classify(double ratio, double tolerance = DefaultTolerance)
    {
        ValidateTolerance(tolerance);
        if (ratio < 1 - tolerance)
        {
            return SatisfactionVerdict.Dissatisfied;
        }
        return ratio > 1 + tolerance ? SatisfactionVerdict.Delighted : SatisfactionVerdict.Satisfied;
    }

    /// <summary>
    /// Per-indicator F_j = X̄_j/Ȳ_j (means over answered values; indicators in order of first appearance) and overall
    /// F = Σ w_j·F_j. <paramref name="weights"/> (any positive numbers, normalised here) default to equal weights.
    /// </summary>
    public static DisconfirmationAnalysis Analyse(
        IEnumerable<PerceptionExpectation> observations,
        IReadOnlyDictionary<string, double>? weights = null,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ValidateTolerance(tolerance);
        var order = new List<string>();
        var sums = new Dictionary<string, (double X, int Nx, double Y, int Ny)>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            ArgumentNullException.ThrowIfNull(o);
            if (string.IsNullOrWhiteSpace(o.Indicator))
            {
                throw new ArgumentException("an observation has no indicator name", nameof(observations));
            }
            if (!sums.TryGetValue(o.Indicator, out var s))
            {
                order.Add(o.Indicator);
                s = default;
            }
            if (o.Perception is { } x)
            {
                if (!double.IsFinite(x) || x < 0)
                {
                    throw new ArgumentException($"indicator '{o.Indicator}': perception {Show(x)} is negative; F = X/Y needs X ≥ 0", nameof(observations));
                }
                s = (s.X + x, s.Nx + 1, s.Y, s.Ny);
            }
            if (o.Expectation is { } y)
            {
                if (!double.IsFinite(y) || y < 0)
                {
                    throw new ArgumentException($"indicator '{o.Indicator}': expectation {Show(y)} is negative; F = X/Y needs Y > 0", nameof(observations));
                }
                s = (s.X, s.Nx, s.Y + y, s.Ny + 1);
            }
            sums[o.Indicator] = s;
        }
        if (order.Count == 0)
        {
            throw new ArgumentException("there are no observations: at least one indicator with a perception and an expectation is needed", nameof(observations));
        }
        var normalised = NormaliseWeights(order, weights);
        var indicators = new List<IndicatorDisconfirmation>(order.Count);
        double overallRatio = 0, overallGap = 0;
        foreach (var name in order)
        {
            var s = sums[name];
            if (s.Nx == 0)
            {
                throw new ArgumentException($"indicator '{name}' has no perception value: F = X/Y needs at least one", nameof(observations));
            }
            if (s.Ny == 0)
            {
                throw new ArgumentException($"indicator '{name}' has no expectation value: F = X/Y needs at least one", nameof(observations));
            }
            var x = s.X / s.Nx;
            var y = s.Y / s.Ny;
            if (y <= 0)
            {
                throw new ArgumentException(
                    $"indicator '{name}': the mean expectation is 0, so F = X/Y is undefined (use a scale starting at 1)", nameof(observations));
            }
            var ratio = x / y;
            var w = normalised[name];
            overallRatio += w * ratio;
            overallGap += w * (x - y);
            indicators.Add(new IndicatorDisconfirmation(name, s.Nx, s.Ny, x, y, ratio, x - y, Classify(ratio, tolerance), w));
        }
        return new DisconfirmationAnalysis(indicators, overallRatio, overallGap, Classify(overallRatio, tolerance), tolerance);
    }

    private static Dictionary<string, double> NormaliseWeights(List<string> indicators, IReadOnlyDictionary<string, double>? weights)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (weights is null || weights.Count == 0)
        {
            foreach (var name in indicators)
            {
                result[name] = 1.0 / indicators.Count;
            }
            return result;
        }
        foreach (var key in weights.Keys)
        {
            if (!indicators.Contains(key, StringComparer.Ordinal))
            {
                throw new ArgumentException($"a weight is given for '{key}', which has no observations", nameof(weights));
            }
        }
        double total = 0;
        foreach (var name in indicators)
        {
            if (!weights.TryGetValue(name, out var w))
            {
                throw new ArgumentException($"indicator '{name}' has no weight: give a weight for every indicator or for none", nameof(weights));
            }
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"indicator '{name}': weight {Show(w)} is negative", nameof(weights));
            }
            total += w;
        }
        if (total <= 0)
        {
            throw new ArgumentException("the indicator weights are all 0", nameof(weights));
        }
        foreach (var name in indicators)
        {
            result[name] = weights[name] / total;
        }
        return result;
    }

    private static void ValidateTolerance(double tolerance)
    {
        if (!double.IsFinite(tolerance) || tolerance < 0 || tolerance >= 1)
        {
            throw new ArgumentException($"tolerance {Show(tolerance)} must be at least 0 and below 1 (default 0.05)", nameof(tolerance));
        }
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
