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
    public static ConcentrationCurve Curve(IReadOnlyList<(string Customer, double Amount)> amounts) =>
        throw new NotImplementedException();
}
