using System.Globalization;

namespace Manyi.Analytics.Value;

/// <summary>One point of a concentration curve: after the <see cref="Rank"/> highest customers (share <see cref="CustomerShare"/> of all),
/// the cumulative amount and its share of the total.</summary>
public sealed record ConcentrationPoint(int Rank, double CustomerShare, double Cumulative, double CumulativeShare);

/// <summary>
/// A concentration curve over N customers ranked from the highest amount to the lowest (ties by customer id): points (0, 0) and one per
/// customer; the share of the total held by the top 20 % of customers (interpolated linearly between points); the peak of the cumulative
/// share and where it is reached; the customers with a negative amount and what they lose.
/// </summary>
public sealed record ConcentrationCurve(
    IReadOnlyList<ConcentrationPoint> Points,
    double Total,
    double TopFifthShare,
    double PeakShare,
    double PeakCustomerShare,
    int Unprofitable,
    double UnprofitableAmount);

/// <summary>
/// Profitability concentration (product.md M2): the 80/20 (Pareto) curve of revenue and the "whale curve" of profit (Kaplan &amp; Cooper:
/// cumulative profit, most profitable customer first, rises above 100 % of total profit and falls back to 100 % through the
/// unprofitable tail — the 80/20/30 pattern: the top 20 % earn well over 100 %, the least profitable customers lose the excess).
/// </summary>
public static class ProfitConcentration
{
    /// <summary>The curve of any amount (revenue for the 80/20 curve, profit for the whale curve); refuses a total ≤ 0, an empty list and non-finite amounts.</summary>
    /// <remarks>
    /// TopFifthShare = S(⌊x⌋) + (x − ⌊x⌋)·(S(⌊x⌋+1) − S(⌊x⌋)) with x = N/5 and S(k) the cumulative share after k customers.
    /// PeakShare = max_k S(k), PeakCustomerShare = k/N at the first k reaching it. Unprofitable = customers with an amount &lt; 0,
    /// UnprofitableAmount = the sum of those amounts (≤ 0). A customer named twice is refused.
    /// </remarks>
    public static ConcentrationCurve Curve(IReadOnlyList<(string Customer, double Amount)> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        if (amounts.Count == 0)
        {
            throw new ArgumentException("there are no customers, so there is no concentration curve", nameof(amounts));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (customer, amount) in amounts)
        {
            if (!double.IsFinite(amount))
            {
                throw new ArgumentException($"customer '{customer}' has an amount that is not a finite number", nameof(amounts));
            }
            if (!seen.Add(customer))
            {
                throw new ArgumentException($"customer '{customer}' appears more than once; give one row per customer", nameof(amounts));
            }
        }
        var total = amounts.Sum(a => a.Amount);
        if (!(total > 0))
        {
            throw new ArgumentException(
                $"the total is {total.ToString("R", CultureInfo.InvariantCulture)}; a concentration curve needs a positive total", nameof(amounts));
        }

        var ranked = amounts.OrderByDescending(a => a.Amount).ThenBy(a => a.Customer, StringComparer.Ordinal).ToList();
        var n = ranked.Count;
        var points = new List<ConcentrationPoint>(n + 1) { new(0, 0, 0, 0) };
        var cumulative = 0.0;
        var peak = 0.0;
        var peakAt = 0.0;
        for (var k = 1; k <= n; k++)
        {
            cumulative += ranked[k - 1].Amount;
            var share = cumulative / total;
            var customerShare = (double)k / n;
            points.Add(new ConcentrationPoint(k, customerShare, cumulative, share));
            if (share > peak)
            {
                peak = share;
                peakAt = customerShare;
            }
        }

        var x = n / 5.0;
        var below = Math.Min((int)Math.Floor(x), n);
        var topFifth = below >= n
            ? points[n].CumulativeShare
            : points[below].CumulativeShare + ((x - below) * (points[below + 1].CumulativeShare - points[below].CumulativeShare));
        var losers = ranked.Where(a => a.Amount < 0).ToList();
        return new ConcentrationCurve(points, total, topFifth, peak, peakAt, losers.Count, losers.Sum(a => a.Amount));
    }
}
