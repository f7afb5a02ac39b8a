using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Manyi.Analytics.Comparisons;

/// <summary>Summary of one wave's answers: n, mean and sample standard deviation s (divisor n − 1).</summary>
public sealed record SampleSummary(int N, double Mean, double StandardDeviation)
{
    /// <summary>n, mean x̄ = Σx/n and s = √(Σ(x − x̄)²/(n − 1)) (two-pass); s = 0 for n = 1.</summary>
    public static SampleSummary FromValues(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("at least one value is needed for a mean", nameof(values));
        }
        var mean = values.Sum() / values.Count;
        var squares = values.Sum(x => (x - mean) * (x - mean));
        return new SampleSummary(values.Count, mean, values.Count > 1 ? Math.Sqrt(squares / (values.Count - 1)) : 0);
    }
}

/// <summary>
/// Welch's t test for the change of a mean between two independent waves (Welch 1947, Biometrika 34:28–35):
/// t = (x̄₂ − x̄₁)/SE with SE = √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite df = SE⁴ / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)),
/// two-sided p = 2·T_df(−|t|), interval (x̄₂ − x̄₁) ± t_{1−α/2, df}·SE — as R's t.test(var.equal = FALSE).
/// </summary>
public static class WelchTest
{
    /// <summary>Compares the means of two waves' raw values; fewer than two values in a wave leave the test undefined (null).</summary>
    public static WaveChange Compare(IReadOnlyList<double> before, IReadOnlyList<double> after, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        TwoProportionTest.RequireAlpha(alpha);
        RequireFinite(before, "before");
        RequireFinite(after, "after");
        if (before.Count == 0 || after.Count == 0)
        {
            double? meanBefore = before.Count > 0 ? before.Average() : null;
            double? meanAfter = after.Count > 0 ? after.Average() : null;
            return WaveChange.Undefined(ChangeTest.WelchT, before.Count, after.Count, alpha, meanBefore, meanAfter);
        }
        return Compare(SampleSummary.FromValues(before), SampleSummary.FromValues(after), alpha);
    }

    /// <summary>Compares two waves given by their summaries (n, mean, s), e.g. from a published table.</summary>
    public static WaveChange Compare(SampleSummary before, SampleSummary after, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        TwoProportionTest.RequireAlpha(alpha);
        Require(before, "before");
        Require(after, "after");
        var change = after.Mean - before.Mean;
        if (before.N < 2 || after.N < 2)
        {
            // A variance needs at least two answers in each wave.
            return WaveChange.Undefined(ChangeTest.WelchT, before.N, after.N, alpha, before.Mean, after.Mean);
        }
        var v1 = before.StandardDeviation * before.StandardDeviation / before.N;
        var v2 = after.StandardDeviation * after.StandardDeviation / after.N;
        var standardError = Math.Sqrt(v1 + v2);
        if (standardError == 0)
        {
            // Every answer in both waves is the same value within its wave: t and df are undefined.
            return new WaveChange(ChangeTest.WelchT, before.N, after.N, before.Mean, after.Mean, change, 0, 0, null, null, null, null, alpha, false);
        }
        var df = (v1 + v2) * (v1 + v2) / ((v1 * v1 / (before.N - 1)) + (v2 * v2 / (after.N - 1)));
        var t = change / standardError;
        var p = Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
        var critical = StudentT.InvCDF(0, 1, df, 1 - (alpha / 2));
        var interval = TwoProportionTest.Interval(change, standardError, critical);
        return new WaveChange(ChangeTest.WelchT, before.N, after.N, before.Mean, after.Mean, change, standardError, standardError, t, df, p, interval, alpha, p < alpha);
    }

    private static void Require(SampleSummary summary, string wave)
    {
        if (summary.N < 1 || !double.IsFinite(summary.Mean) || !(summary.StandardDeviation >= 0) || !double.IsFinite(summary.StandardDeviation))
        {
            throw new ArgumentException(
                $"{wave} wave: n = {summary.N.ToString(CultureInfo.InvariantCulture)}, mean = {summary.Mean.ToString(CultureInfo.InvariantCulture)}, sd = {summary.StandardDeviation.ToString(CultureInfo.InvariantCulture)} is not a valid summary (n ≥ 1, sd ≥ 0)",
                wave);
        }
    }

    private static void RequireFinite(IReadOnlyList<double> values, string wave)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"{wave} wave: {value.ToString(CultureInfo.InvariantCulture)} is not a finite number", wave);
            }
        }
    }
}
