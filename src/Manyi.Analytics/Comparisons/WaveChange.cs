namespace Manyi.Analytics.Comparisons;

/// <summary>The significance test behind a <see cref="WaveChange"/>.</summary>
public enum ChangeTest
{
    /// <summary>Two-proportion z test: pooled standard error for z (NIST/SEMATECH e-Handbook §7.3.3), unpooled for the interval (Newcombe 1998, method 1).</summary>
    TwoProportionZ,

    /// <summary>z test of the NPS difference with SE = √(SE₁² + SE₂²), each SE from product.md M1.1.</summary>
    NpsZ,

    /// <summary>Welch's unequal-variance t test with Welch–Satterthwaite degrees of freedom (Welch 1947).</summary>
    WelchT,
}

/// <summary>
/// The change of a measure from the earlier wave ("before") to the later one ("after"): Change = After − Before, its
/// standard error, the test statistic (z or t) with its two-sided p-value, the (1 − α) confidence interval of the change,
/// and whether p &lt; α. <see cref="TestStandardError"/> is the standard error under H0 that the statistic divides by
/// (pooled for two proportions; the same as <see cref="StandardError"/> otherwise). A value that is undefined (no
/// answers in a wave, fewer than two for a mean, no variation at all) is null, and <see cref="Significant"/> is then false.
/// </summary>
public sealed record WaveChange(
    ChangeTest Test,
    int BeforeN,
    int AfterN,
    double? Before,
    double? After,
    double? Change,
    double? StandardError,
    double? TestStandardError,
    double? Statistic,
    double? DegreesOfFreedom,
    double? PValue,
    ConfidenceInterval? ConfidenceInterval,
    double Alpha,
    bool Significant)
{
    /// <summary>A change whose values are all undefined (only the counts are known).</summary>
    internal static WaveChange Undefined(ChangeTest test, int beforeN, int afterN, double alpha, double? before = null, double? after = null) =>
        new(test, beforeN, afterN, before, after, after - before, null, null, null, null, null, null, alpha, false);
}
