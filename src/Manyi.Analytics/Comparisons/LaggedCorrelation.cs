namespace Manyi.Analytics.Comparisons;

/// <summary>
/// Correlation at one lag k: Pearson r of the pairs (x_t, y_{t+k}) where both are present, N pairs, t = r·√((N−2)/(1−r²)) with N−2
/// degrees of freedom and its two-sided p; null r when N &lt; 3 or a series is constant over the pairs (|r| = 1 gives p = 0).
/// </summary>
public sealed record LagCorrelation(int Lag, int N, double? R, double? T, double? PValue, bool Significant);

/// <summary>The correlations at lags 0…maxLag and the strongest one (largest |r| among lags with at least the minimum pairs; ties to the smaller lag).</summary>
public sealed record LeadingIndicatorResult(IReadOnlyList<LagCorrelation> Lags, LagCorrelation? Strongest, double Alpha, int MinimumPairs);

/// <summary>
/// Lagged correlation of satisfaction with an indirect measure (product.md M1.11, M6): does satisfaction move before sales? x leads y by
/// k periods when x_t correlates with y_{t+k}. Both series are on the same period grid; null = no value in that period.
/// </summary>
public static class LaggedCorrelation
{
    /// <summary>Correlations at lags 0…<paramref name="maxLag"/>; refuses series of different lengths, a negative lag and α outside (0, 1).</summary>
    public static LeadingIndicatorResult Compute(
        IReadOnlyList<double?> leading, IReadOnlyList<double?> lagging, int maxLag, double alpha = 0.05, int minimumPairs = 4) =>
        throw new NotImplementedException();
}
