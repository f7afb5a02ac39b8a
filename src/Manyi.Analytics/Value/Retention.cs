using System.Globalization;

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
    /// <remarks>Refuses a negative number of periods and a customer named twice; 0 periods give no rows.</remarks>
    public static IReadOnlyList<RetentionPeriod> ByPeriod(IReadOnlyList<CustomerActivity> customers, int periods)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (periods < 0)
        {
            throw new ArgumentException($"the number of periods must be 0 or more, not {periods.ToString(CultureInfo.InvariantCulture)}", nameof(periods));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            ArgumentNullException.ThrowIfNull(customer, nameof(customers));
            ArgumentNullException.ThrowIfNull(customer.ActivePeriods, nameof(customers));
            if (!seen.Add(customer.Customer))
            {
                throw new ArgumentException($"customer '{customer.Customer}' appears more than once; give one row per customer", nameof(customers));
            }
        }

        var rows = new List<RetentionPeriod>(periods);
        for (var p = 0; p < periods; p++)
        {
            int active = 0, atStart = 0, retained = 0, won = 0;
            foreach (var customer in customers)
            {
                var now = IsActive(customer, p);
                var before = p > 0 && IsActive(customer, p - 1);
                active += now ? 1 : 0;
                atStart += before ? 1 : 0;
                retained += now && before ? 1 : 0;
                won += now && !before ? 1 : 0;
            }
            var lost = atStart - retained;
            rows.Add(new RetentionPeriod(
                p, active, atStart, retained, lost, won,
                atStart == 0 ? null : (double)lost / atStart,
                atStart == 0 ? null : (double)retained / atStart));
        }
        return rows;
    }

    /// <summary>active(c, p) = p ∈ ActivePeriods and (LostPeriod is null or p &lt; LostPeriod).</summary>
    public static bool IsActive(CustomerActivity customer, int period)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return customer.ActivePeriods.Contains(period) && (customer.LostPeriod is not { } lost || period < lost);
    }
}
