namespace Manyi.Analytics.Value;

/// <summary>
/// Customer value K as the present value of current plus expected future profit (product.md M1.5, the third basis). Finite-horizon
/// customer lifetime value: PV = m + Σ_{t=1..H} m·ρ^t / (1 + d)^t, with m the profit of the current window, ρ the retention rate per
/// window, d the discount rate per window and H the horizon in windows.
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>PV = m + Σ_{t=1..H} m·ρ^t/(1+d)^t. Refuses ρ outside [0, 1], d ≤ −1, H &lt; 0 and non-finite m.</summary>
    public static double PresentValue(double currentProfit, double retentionRate, double discountRate, int horizon) =>
        throw new NotImplementedException();

    /// <summary>PV = Σ_{t=0..} profits[t]/(1+d)^t: an explicit profit stream, the first element being the current window.</summary>
    public static double PresentValue(IReadOnlyList<double> profits, double discountRate) =>
        throw new NotImplementedException();
}
