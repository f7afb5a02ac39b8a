using System.Globalization;

namespace Manyi.Analytics.Monitoring;

/// <summary>One factor of the current stage as the estimator sees it: weight w_f, baseline_f and the smoothed score_f (0–100).</summary>
public sealed record FactorState(string Key, double Weight, double Baseline, double Score);

/// <summary>A factor's share w_f·(baseline_f − score_f) of a drop below the baseline.</summary>
public sealed record FactorShare(string Key, double Weight, double Score, double Contribution);

/// <summary>What a new estimate does to the warning alert.</summary>
public enum AlertTransition
{
    /// <summary>No alert was open and S(t) ≥ W: nothing happens.</summary>
    None,

    /// <summary>No alert was open and S(t) &lt; W: open one.</summary>
    Open,

    /// <summary>An alert is open and S(t) &lt; W + h: it stays open.</summary>
    Stay,

    /// <summary>An alert is open and S(t) ≥ W + h: clear it.</summary>
    Clear,
}

/// <summary>
/// The analysis and monitoring model of per-customer service monitoring (product.md M8, after the seed paper's
/// 基于过程改进的服务满意度监控体系): factor scores on 0–100, the estimate S(t) = Σ_f w_f·score_f(t), the warning alert with
/// hysteresis, the factors that explain a drop, and the baseline correction at a stage end.
/// </summary>
public static class ServiceMonitoring
{
    /// <summary>Tolerance on Σ w_f = 1.</summary>
    public const double WeightSumTolerance = 1e-6;

    /// <summary>
    /// Maps a raw reading linearly onto 0–100: <paramref name="worst"/> → 0, <paramref name="best"/> → 100, clamped outside that
    /// range. Worst may exceed best (counts, hours: fewer is better).
    /// </summary>
    public static double Score(double raw, double worst, double best)
    {
        if (!double.IsFinite(raw))
        {
            throw new ArgumentOutOfRangeException(nameof(raw), raw, "the reading must be a finite number");
        }
        if (!double.IsFinite(worst) || !double.IsFinite(best) || worst == best)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"the mapping needs two different finite values for worst ({worst}) and best ({best})"),
                nameof(best));
        }
        var score = 100 * (raw - worst) / (best - worst);
        return Math.Clamp(score, 0, 100);
    }

    /// <summary>
    /// Exponential smoothing of a factor's readings: s_n = α·x_n + (1 − α)·s_(n−1), the first reading taken as it is
    /// (s_1 = x_1). α = 1 keeps only the latest reading.
    /// </summary>
    public static double Smooth(double? previous, double score, double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "the smoothing weight α must be in (0, 1]");
        }
        if (!double.IsFinite(score) || (previous is { } q && !double.IsFinite(q)))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "the score and the previous smoothed score must be finite numbers");
        }
        return previous is { } p ? (alpha * score) + ((1 - alpha) * p) : score;
    }

    /// <summary>S(t) = Σ_f w_f·score_f; the weights must be non-negative and sum to 1.</summary>
    public static double Estimate(IReadOnlyList<FactorState> factors)
    {
        CheckWeights(factors);
        return factors.Sum(f => f.Weight * f.Score);
    }

    /// <summary>
    /// The factors that explain a drop, largest w_f·(baseline_f − score_f) first; only factors below their baseline
    /// (positive contribution) are named. Ties keep the factors' order; contributions are compared rounded to 1e-9 points, so
    /// that rounding in w·(B − s) does not decide between equal shares.
    /// </summary>
    public static IReadOnlyList<FactorShare> Causes(IReadOnlyList<FactorState> factors)
    {
        CheckWeights(factors);
        return factors
            .Select((f, i) => (Share: new FactorShare(f.Key, f.Weight, f.Score, f.Weight * (f.Baseline - f.Score)), Order: i))
            .Where(x => x.Share.Contribution > 0)
            .OrderByDescending(x => Math.Round(x.Share.Contribution, 9))
            .ThenBy(x => x.Order)
            .Select(x => x.Share)
            .ToList();
    }

    /// <summary>
    /// The alert's next state: it opens when S(t) &lt; W and clears only when S(t) ≥ W + h (h ≥ 0), so readings hovering at W do
    /// not open and clear it again and again.
    /// </summary>
    public static AlertTransition Alert(bool open, double estimate, double warning, double hysteresis)
    {
        if (!(hysteresis >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(hysteresis), hysteresis, "the hysteresis must be zero or more points");
        }
        if (!double.IsFinite(estimate) || !double.IsFinite(warning))
        {
            throw new ArgumentException("the estimate and the warning level must be finite numbers", nameof(estimate));
        }
        if (!open)
        {
            return estimate < warning ? AlertTransition.Open : AlertTransition.None;
        }
        return estimate >= warning + hysteresis ? AlertTransition.Clear : AlertTransition.Stay;
    }

    /// <summary>The next stage's baseline: B' = B + g·(A − S_est), clamped to 0–100; g = 0 keeps B, g = 1 adds the whole error.</summary>
    public static double CorrectBaseline(double baseline, double estimate, double actual, double gain)
    {
        if (!(gain >= 0 && gain <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "the correction gain must be between 0 and 1");
        }
        if (!double.IsFinite(baseline) || !double.IsFinite(estimate) || !double.IsFinite(actual))
        {
            throw new ArgumentException("the baseline, the estimate and the actual satisfaction must be finite numbers", nameof(actual));
        }
        return Math.Clamp(baseline + (gain * (actual - estimate)), 0, 100);
    }

    private static void CheckWeights(IReadOnlyList<FactorState> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count == 0)
        {
            throw new ArgumentException("the stage has no factors", nameof(factors));
        }
        foreach (var f in factors)
        {
            if (!(f.Weight >= 0) || !double.IsFinite(f.Weight))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"factor '{f.Key}' has weight {f.Weight}; weights must be non-negative"), nameof(factors));
            }
            if (!double.IsFinite(f.Score) || !double.IsFinite(f.Baseline))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"factor '{f.Key}' has score {f.Score} and baseline {f.Baseline}; both must be finite"), nameof(factors));
            }
        }
        var sum = factors.Sum(f => f.Weight);
        if (Math.Abs(sum - 1) > WeightSumTolerance)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"the factor weights sum to {sum}, not 1"), nameof(factors));
        }
    }
}
