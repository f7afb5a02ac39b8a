namespace Manyi.Core.Customers;

/// <summary>What the customer value K (product.md M1.5) is computed from.</summary>
public enum CustomerValueBasis
{
    /// <summary>K = the customer's sales over the window.</summary>
    Revenue,

    /// <summary>K = the customer's profit contribution over the window.</summary>
    Profit,

    /// <summary>
    /// K = present value of the window's profit m plus the expected future profit: PV = m + Σ_{t=1..H} m·ρ^t / (1 + d)^t, with
    /// retention ρ, discount rate d and horizon H windows (<c>Manyi.Analytics.Value.CustomerLifetimeValue</c>).
    /// </summary>
    PresentValue,
}

/// <summary>One tier of the customer pyramid (客户金字塔): a name and the share of customers, ranked by value, it holds.</summary>
public sealed record PyramidTierSetting(string Name, double Share);

/// <summary>
/// How an organisation computes its customers' value K from the imported indirect measures, and its pyramid tiers
/// (product.md M1.5, M2). One per organisation; absent = K is whatever was entered or imported on the customer.
/// </summary>
public sealed class CustomerValuePolicy
{
    /// <summary>The default tiers: top 1 %, next 4 %, next 15 %, the other 80 %.</summary>
    public static IReadOnlyList<PyramidTierSetting> DefaultTiers { get; } =
        [new("platinum", 0.01), new("gold", 0.04), new("iron", 0.15), new("lead", 0.80)];

    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public CustomerValueBasis Basis { get; set; }

    /// <summary>Length of the window, in months, that K sums over (ending at the last day with imported figures or at the given date).</summary>
    public int WindowMonths { get; set; } = 12;

    /// <summary>Discount rate d per window for <see cref="CustomerValueBasis.PresentValue"/>, e.g. 0.08.</summary>
    public double DiscountRate { get; set; } = 0.08;

    /// <summary>Horizon H in windows for <see cref="CustomerValueBasis.PresentValue"/>.</summary>
    public int HorizonWindows { get; set; } = 3;

    /// <summary>Retention ρ per window for <see cref="CustomerValueBasis.PresentValue"/>; null = the organisation's measured retention.</summary>
    public double? RetentionRate { get; set; }

    /// <summary>The standard value K_o of the weighted views: mean or minimum of the sample (product.md M1.5).</summary>
    public string StandardValue { get; set; } = "Mean";

    /// <summary>The pyramid tiers from the top; their shares sum to 1.</summary>
    public List<PyramidTierSetting> Tiers { get; set; } = [.. DefaultTiers];

    /// <summary>When K was last computed from the measures, and over which window.</summary>
    public DateTimeOffset? ComputedAt { get; set; }

    public DateOnly? ComputedFrom { get; set; }

    public DateOnly? ComputedTo { get; set; }

    /// <summary>How many customers got a computed K the last time.</summary>
    public int ComputedCustomers { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; }
}
