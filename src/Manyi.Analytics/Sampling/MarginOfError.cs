using System.Globalization;

namespace Manyi.Analytics.Sampling;

/// <summary>
/// Achieved margin of error (half-width of the confidence interval) after fieldwork with n responses
/// (Cochran 1977, Sampling Techniques, ch. 2 for V(ȳ) and ch. 3 for V(p)), with the finite population correction when N is known.
/// </summary>
public static class MarginOfError
{
    /// <summary>
    /// Proportion: E = z·√(p(1−p)/n · (N − n)/(N − 1)) (Cochran 1977 ch. 3, V(p) = PQ/n · (N − n)/(N − 1); the inverse of eq. 4.2);
    /// without N the last factor is 1. E = 0 for a census (n = N).
    /// </summary>
    public static double ForProportion(double confidence, int responses, double proportion = 0.5, long? population = null)
    {
        var z = CriticalValue.Z(confidence);
        SampleSize.RequireProportion(proportion);
        RequireResponses(responses, population);
        var correction = population is { } bigN
            ? (bigN == 1 ? 0 : (double)(bigN - responses) / (bigN - 1))
            : 1;
        return z * Math.Sqrt(proportion * (1 - proportion) / responses * correction);
    }

    /// <summary>
    /// Mean: E = z·S/√n · √(1 − n/N) (Cochran 1977 ch. 2, V(ȳ) = (1 − f)S²/n; the inverse of n = n0/(1 + n0/N));
    /// without N the last factor is 1.
    /// </summary>
    public static double ForMean(double confidence, int responses, double standardDeviation, long? population = null)
    {
        var z = CriticalValue.Z(confidence);
        SampleSize.RequireStandardDeviation(standardDeviation);
        RequireResponses(responses, population);
        var correction = population is { } bigN ? 1 - ((double)responses / bigN) : 1;
        return z * standardDeviation / Math.Sqrt(responses) * Math.Sqrt(correction);
    }

    private static void RequireResponses(int responses, long? population)
    {
        SampleSize.RequirePopulation(population);
        if (responses < 1)
        {
            throw new ArgumentException($"the number of responses must be at least 1, not {responses.ToString(CultureInfo.InvariantCulture)}", nameof(responses));
        }
        if (population is { } bigN && responses > bigN)
        {
            throw new ArgumentException(
                $"the number of responses ({responses.ToString(CultureInfo.InvariantCulture)}) cannot exceed the population ({bigN.ToString(CultureInfo.InvariantCulture)})",
                nameof(responses));
        }
    }
}
