namespace Manyi.Analytics.Scores;

/// <summary>
/// Minimum-n suppression (product.md M1.1): a score of fewer than a minimum number of answers is shown as
/// "insufficient data" so that single answers cannot be read back out of a small group.
/// </summary>
public static class Suppression
{
    /// <summary>The default minimum number of answers, 5.</summary>
    public const int DefaultMinimumN = 5;

    /// <summary>True when a score of <paramref name="n"/> answers must be suppressed.</summary>
    public static bool Applies(long n, int minimumN) => n < minimumN;

    internal static void CheckMinimumN(int minimumN)
    {
        if (minimumN < 1)
        {
            throw new ArgumentException($"The minimum n must be at least 1, not {minimumN}.", nameof(minimumN));
        }
    }

    internal static void CheckConfidence(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentException($"The confidence level must be between 0 and 1 (e.g. 0.95), not {confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(confidence));
        }
    }
}
