using System.Globalization;

namespace Manyi.Analytics.Value;

/// <summary>
/// Customer value K as the present value of current plus expected future profit (product.md M1.5, the third basis). Finite-horizon
/// customer lifetime value: PV = m + Σ_{t=1..H} m·ρ^t / (1 + d)^t, with m the profit of the current window, ρ the retention rate per
/// window, d the discount rate per window and H the horizon in windows.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>PV = m + Σ_{t=1..H} m·ρ^t/(1+d)^t. Refuses ρ outside [0, 1], d ≤ −1, H &lt; 0 and non-finite m.</summary>
    public static double PresentValue(double currentProfit, double retentionRate, double discountRate, int horizon)
    {
        if (!double.IsFinite(currentProfit))
        {
            throw new ArgumentException("the current profit m must be a finite number", nameof(currentProfit));
        }
        if (!(retentionRate >= 0 && retentionRate <= 1))
        {
            throw new ArgumentException(
                $"the retention rate ρ must lie in [0, 1], not {retentionRate.ToString("R", CultureInfo.InvariantCulture)}", nameof(retentionRate));
        }
        RequireDiscountRate(discountRate);
        if (horizon < 0)
        {
            throw new ArgumentException($"the horizon H must be 0 or more windows, not {horizon.ToString(CultureInfo.InvariantCulture)}", nameof(horizon));
        }
        var factor = retentionRate / (1 + discountRate);
        var value = currentProfit;
        var term = 1.0;
        for (var t = 1; t <= horizon; t++)
        {
            term *= factor;
            value += currentProfit * term;
        }
        return value;
    }

    /// <summary>PV = Σ_{t=0..} profits[t]/(1+d)^t: an explicit profit stream, the first element being the current window.
    /// Refuses an empty stream, non-finite profits and d ≤ −1.</summary>
    public static double PresentValue(IReadOnlyList<double> profits, double discountRate)
    {
        ArgumentNullException.ThrowIfNull(profits);
        if (profits.Count == 0)
        {
            throw new ArgumentException("the profit stream is empty; give at least the current window's profit", nameof(profits));
        }
        RequireDiscountRate(discountRate);
        var value = 0.0;
        var discount = 1.0;
        for (var t = 0; t < profits.Count; t++)
        {
            if (!double.IsFinite(profits[t]))
            {
                throw new ArgumentException($"profit {t.ToString(CultureInfo.InvariantCulture)} of the stream is not a finite number", nameof(profits));
            }
            value += profits[t] / discount;
            discount *= 1 + discountRate;
        }
        return value;
    }

    private static void RequireDiscountRate(double discountRate)
    {
        if (!(discountRate > -1) || !double.IsFinite(discountRate))
        {
            throw new ArgumentException(
                $"the discount rate d must be a finite number above −1, not {discountRate.ToString("R", CultureInfo.InvariantCulture)}", nameof(discountRate));
        }
    }
}
