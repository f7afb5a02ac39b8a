using System.Globalization;

namespace Manyi.Analytics.Sampling;

/// <summary>What a sample size is planned for: a proportion (share, CSAT, top-box) or a mean.</summary>
public enum SampleSizeTarget
{
    /// <summary>A share p in [0, 1]; the margin is in proportion units (0.05 = ±5 points).</summary>
    Proportion,

    /// <summary>A mean with expected standard deviation σ; the margin is in the units of the measure.</summary>
    Mean,
}

/// <summary>
/// A required sample size: the infinite-population size n0, the size n after the finite population correction
/// (equal to ⌈n0⌉ without a population), and the z value used.
/// </summary>
public sealed record SampleSizeResult(
    SampleSizeTarget Target,
    double Confidence,
    double Z,
    double Margin,
    double InitialSize,
    long? Population,
    int Size);

/// <summary>
/// Sample size for estimating a proportion or a mean with a margin of error E at a confidence level
/// (Cochran 1977, Sampling Techniques, 3rd ed., ch. 4).
/// </summary>
public static class SampleSize
{
    /// <summary>
    /// Proportion: n0 = z²·p(1−p)/E² (Cochran 1977 ch. 4); with a population N the finite population correction
    /// n = n0 / (1 + (n0 − 1)/N) (Cochran 1977 eq. 4.2, from V(p) = (N − n)/(N − 1) · PQ/n); rounded up.
    /// </summary>
    /// <param name="confidence">Confidence level in (0, 1), e.g. 0.95.</param>
    /// <param name="margin">Half-width of the interval as a proportion in (0, 1), e.g. 0.05 for ±5 points.</param>
    /// <param name="proportion">Expected proportion p in [0, 1]; 0.5 (the default) gives the largest, safest n.</param>
    /// <param name="population">Population size N ≥ 1, or null for a population much larger than the sample.</param>
    public static SampleSizeResult ForProportion(double confidence, double margin, double proportion = 0.5, long? population = null)
    {
        var z = CriticalValue.Z(confidence);
        if (!(margin > 0 && margin < 1))
        {
            throw new ArgumentException(
                $"margin of error for a proportion must be between 0 and 1 (0.05 = ±5 percentage points), not {Show(margin)}",
                nameof(margin));
        }
        RequireProportion(proportion);
        RequirePopulation(population);
        var n0 = z * z * proportion * (1 - proportion) / (margin * margin);
        var n = population is { } bigN ? n0 / (1 + ((n0 - 1) / bigN)) : n0;
        return new SampleSizeResult(SampleSizeTarget.Proportion, confidence, z, margin, n0, population, AtLeastOne(n, population));
    }

    /// <summary>
    /// Mean: n0 = z²σ²/E²; with a population N the finite population correction n = n0 / (1 + n0/N)
    /// (Cochran 1977 ch. 4, continuous data, from V(ȳ) = (1 − n/N)·S²/n); rounded up.
    /// </summary>
    /// <param name="confidence">Confidence level in (0, 1), e.g. 0.95.</param>
    /// <param name="margin">Half-width of the interval in the units of the measure (e.g. 0.1 scale points), &gt; 0.</param>
    /// <param name="standardDeviation">Expected standard deviation σ of the measure (from a pilot or an earlier wave), &gt; 0.</param>
    /// <param name="population">Population size N ≥ 1, or null for a population much larger than the sample.</param>
    public static SampleSizeResult ForMean(double confidence, double margin, double standardDeviation, long? population = null)
    {
        var z = CriticalValue.Z(confidence);
        if (!(margin > 0) || !double.IsFinite(margin))
        {
            throw new ArgumentException($"margin of error must be greater than 0, not {Show(margin)}", nameof(margin));
        }
        RequireStandardDeviation(standardDeviation);
        RequirePopulation(population);
        var n0 = z * z * standardDeviation * standardDeviation / (margin * margin);
        var n = population is { } bigN ? n0 / (1 + (n0 / bigN)) : n0;
        return new SampleSizeResult(SampleSizeTarget.Mean, confidence, z, margin, n0, population, AtLeastOne(n, population));
    }

    /// <summary>Invitations needed to obtain <paramref name="responses"/> answers at an expected response rate r: ⌈n / r⌉.</summary>
    public static int Invitations(int responses, double responseRate)
    {
        if (responses < 0)
        {
            throw new ArgumentException($"the number of responses cannot be negative ({responses.ToString(CultureInfo.InvariantCulture)})", nameof(responses));
        }
        if (!(responseRate > 0 && responseRate <= 1))
        {
            throw new ArgumentException(
                $"response rate must be greater than 0 and at most 1 (0.3 = 30%), not {Show(responseRate)}",
                nameof(responseRate));
        }
        return CriticalValue.CeilingCount(responses / responseRate);
    }

    internal static void RequireProportion(double proportion)
    {
        if (!(proportion >= 0 && proportion <= 1))
        {
            throw new ArgumentException($"expected proportion must be between 0 and 1 (e.g. 0.5), not {Show(proportion)}", nameof(proportion));
        }
    }

    internal static void RequireStandardDeviation(double standardDeviation)
    {
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentException($"standard deviation must be greater than 0, not {Show(standardDeviation)}", nameof(standardDeviation));
        }
    }

    internal static void RequirePopulation(long? population)
    {
        if (population is < 1)
        {
            throw new ArgumentException($"population size must be at least 1, not {population.Value.ToString(CultureInfo.InvariantCulture)}", nameof(population));
        }
    }

    internal static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    // A sample never has fewer than one unit, nor (after rounding) more units than the population.
    private static int AtLeastOne(double n, long? population)
    {
        var size = Math.Max(1, CriticalValue.CeilingCount(n));
        return population is { } bigN ? (int)Math.Min(size, bigN) : size;
    }
}
