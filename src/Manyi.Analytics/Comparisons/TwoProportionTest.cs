using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Manyi.Analytics.Comparisons;

/// <summary>
/// Two-proportion z test of p₂ − p₁ (e.g. CSAT top-box share, share of promoters) between two independent waves
/// (NIST/SEMATECH e-Handbook of Statistical Methods §7.3.3; interval: Newcombe 1998, Stat. Med. 17:873, method 1).
/// </summary>
public static class TwoProportionTest
{
    /// <summary>
    /// z = (p₂ − p₁) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)) with the pooled p̄ = (x₁ + x₂)/(n₁ + n₂) (the standard error under
    /// H0: p₁ = p₂), two-sided p = 2Φ(−|z|); the (1 − α) interval uses the unpooled standard error
    /// √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂) (Wald interval, Newcombe 1998 method 1), because outside H0 the proportions differ.
    /// Proportions are in [0, 1].
    /// </summary>
    public static WaveChange Compare(int beforeCount, int beforeN, int afterCount, int afterN, double alpha = 0.05)
    {
        RequireAlpha(alpha);
        RequireCount(beforeCount, beforeN, "before");
        RequireCount(afterCount, afterN, "after");
        double? before = beforeN > 0 ? (double)beforeCount / beforeN : null;
        double? after = afterN > 0 ? (double)afterCount / afterN : null;
        if (before is not { } p1 || after is not { } p2)
        {
            return WaveChange.Undefined(ChangeTest.TwoProportionZ, beforeN, afterN, alpha, before, after);
        }
        var change = p2 - p1;
        var standardError = Math.Sqrt((p1 * (1 - p1) / beforeN) + (p2 * (1 - p2) / afterN));
        var pooled = (double)(beforeCount + afterCount) / (beforeN + afterN);
        var testStandardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / beforeN) + (1.0 / afterN)));
        var interval = Interval(change, standardError, CriticalValue.Z(1 - alpha));
        if (testStandardError == 0)
        {
            // Every answer in both waves is in the category (or none is): no variation, z is undefined.
            return new WaveChange(ChangeTest.TwoProportionZ, beforeN, afterN, p1, p2, change, standardError, testStandardError, null, null, null, interval, alpha, false);
        }
        var z = change / testStandardError;
        var p = TwoSidedNormalP(z);
        return new WaveChange(ChangeTest.TwoProportionZ, beforeN, afterN, p1, p2, change, standardError, testStandardError, z, null, p, interval, alpha, p < alpha);
    }

    internal static ConfidenceInterval Interval(double change, double standardError, double critical) =>
        new(change - (critical * standardError), change + (critical * standardError));

    /// <summary>Two-sided p-value of a standard normal statistic: 2Φ(−|z|).</summary>
    internal static double TwoSidedNormalP(double z) => Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));

    internal static void RequireAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentException(
                $"alpha (significance level) must be between 0 and 1 (e.g. 0.05), not {alpha.ToString(CultureInfo.InvariantCulture)}",
                nameof(alpha));
        }
    }

    private static void RequireCount(int count, int n, string wave)
    {
        if (n < 0 || count < 0 || count > n)
        {
            throw new ArgumentException(
                $"{wave} wave: {count.ToString(CultureInfo.InvariantCulture)} of {n.ToString(CultureInfo.InvariantCulture)} answers is not a valid count",
                wave == "before" ? "beforeCount" : "afterCount");
        }
    }
}
