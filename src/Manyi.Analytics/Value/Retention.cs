namespace Manyi.Analytics.Value;

/// <summary>A customer's activity over periods 0…P−1: the periods it was active in (e.g. bought something) and, if it was lost
/// (a churn event or status change), the period of the loss — from then on it counts as inactive.</summary>
public sealed record CustomerActivity(string Customer, IReadOnlySet<int> ActivePeriods, int? LostPeriod = null);

/// <summary>
/// Churn and retention of one period p: AtStart = customers active in p−1; Retained = of those, active in p; Lost = AtStart − Retained;
/// Won = active in p but not in p−1 (new or returning); ChurnRate = Lost/AtStart, RetentionRate = Retained/AtStart (null when AtStart = 0).
/// Period 0 has no predecessor: AtStart = 0 and Won = its active customers.
/// </summary>
public sealed record RetentionPeriod(int Period, int Active, int AtStart, int Retained, int Lost, int Won, double? ChurnRate, double? RetentionRate);

/// <summary>Churn (流失率) and retention per period (product.md M2): active(c, p) = p ∈ ActivePeriods and (LostPeriod is null or p &lt; LostPeriod).</summary>
public static class Retention
{
    /// <summary>One row per period 0…<paramref name="periods"/>−1; active periods outside that range are ignored.</summary>
    public static IReadOnlyList<RetentionPeriod> ByPeriod(IReadOnlyList<CustomerActivity> customers, int periods) =>
        throw new NotImplementedException();
}
