using System.Globalization;
using MathNet.Numerics.Distributions;

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
    /// <remarks>
    /// Also refuses non-finite values and a minimum of fewer than 3 pairs. Lags beyond the series give N = 0 and a null r.
    /// p = 2·T_{N−2}(−|t|) (Student t, as <see cref="WelchTest"/>); when |r| = 1 (within 1e-12 of r² = 1) r is ±1, t is null (infinite)
    /// and p = 0. A series is constant over the pairs when its sum of squared deviations is at most 1e-20 of its sum of squares.
    /// </remarks>
    public static LeadingIndicatorResult Compute(
        IReadOnlyList<double?> leading, IReadOnlyList<double?> lagging, int maxLag, double alpha = 0.05, int minimumPairs = 4)
    {
        ArgumentNullException.ThrowIfNull(leading);
        ArgumentNullException.ThrowIfNull(lagging);
        if (leading.Count != lagging.Count)
        {
            throw new ArgumentException(
                $"the leading series has {leading.Count.ToString(CultureInfo.InvariantCulture)} periods and the lagging series "
                + $"{lagging.Count.ToString(CultureInfo.InvariantCulture)}; both must be on the same period grid", nameof(lagging));
        }
        if (maxLag < 0)
        {
            throw new ArgumentException($"the largest lag must be 0 or more, not {maxLag.ToString(CultureInfo.InvariantCulture)}", nameof(maxLag));
        }
        TwoProportionTest.RequireAlpha(alpha);
        if (minimumPairs < 3)
        {
            throw new ArgumentException("a correlation needs at least 3 pairs; the minimum number of pairs must be 3 or more", nameof(minimumPairs));
        }
        RequireFinite(leading, nameof(leading));
        RequireFinite(lagging, nameof(lagging));

        var lags = new List<LagCorrelation>(maxLag + 1);
        LagCorrelation? strongest = null;
        for (var k = 0; k <= maxLag; k++)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (var t = 0; t + k < leading.Count; t++)
            {
                if (leading[t] is { } a && lagging[t + k] is { } b)
                {
                    x.Add(a);
                    y.Add(b);
                }
            }
            var lag = At(k, x, y, alpha);
            lags.Add(lag);
            if (lag.R is { } r && lag.N >= minimumPairs && (strongest is null || Math.Abs(r) > Math.Abs(strongest.R!.Value)))
            {
                strongest = lag;
            }
        }
        return new LeadingIndicatorResult(lags, strongest, alpha, minimumPairs);
    }

    /// <summary>Pearson r of the pairs with t and two-sided p on N − 2 degrees of freedom; null r when N &lt; 3 or a side is constant.</summary>
    public static LagCorrelation At(int lag, IReadOnlyList<double> x, IReadOnlyList<double> y, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y must have the same number of values", nameof(y));
        }
        var n = x.Count;
        if (n < 3)
        {
            return new LagCorrelation(lag, n, null, null, null, false);
        }
        var meanX = x.Average();
        var meanY = y.Average();
        double sxx = 0, syy = 0, sxy = 0, qx = 0, qy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
            qx += x[i] * x[i];
            qy += y[i] * y[i];
        }
        if (sxx <= 1e-20 * qx || syy <= 1e-20 * qy)
        {
            return new LagCorrelation(lag, n, null, null, null, false);
        }
        var r = Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        if (1 - (r * r) <= 1e-12)
        {
            return new LagCorrelation(lag, n, Math.Sign(r), null, 0, true);
        }
        var df = n - 2;
        var tValue = r * Math.Sqrt(df / (1 - (r * r)));
        var p = Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(tValue)));
        return new LagCorrelation(lag, n, r, tValue, p, p < alpha);
    }

    private static void RequireFinite(IReadOnlyList<double?> series, string name)
    {
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i] is { } v && !double.IsFinite(v))
            {
                throw new ArgumentException($"period {i.ToString(CultureInfo.InvariantCulture)} of the series is not a finite number", name);
            }
        }
    }
}
