using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Manyi.Analytics;

/// <summary>Two-sided critical value of the standard normal distribution: z = Φ⁻¹(1 − (1 − confidence)/2).</summary>
public static class CriticalValue
{
    /// <summary>z for a two-sided interval at <paramref name="confidence"/> (0.95 → 1.959964).</summary>
    public static double Z(double confidence)
    {
        RequireConfidence(confidence);
        return Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
    }

    /// <summary>Rejects a confidence level outside (0, 1) with a message a user can act on.</summary>
    internal static void RequireConfidence(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentException(
                $"confidence must be between 0 and 1 (e.g. 0.95 for 95%), not {confidence.ToString(CultureInfo.InvariantCulture)}",
                nameof(confidence));
        }
    }

    /// <summary>
    /// Rounds a required count up, ignoring floating-point noise below 1e-9 (384.0000000001 → 384, 384.2 → 385).
    /// </summary>
    internal static int CeilingCount(double value) => (int)Math.Ceiling(value - 1e-9);
}
