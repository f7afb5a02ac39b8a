namespace Manyi.Core.Customers;

/// <summary>
/// A business figure of a customer for a period, imported beside the survey measures: delivery and quality KPIs of the
/// ISO 9001 / IATF 16949 summary report (on-time delivery %, PPM) and the indirect measures of product.md M6 (sales, profit…).
/// </summary>
public sealed class CustomerMeasure
{
    /// <summary>On-time delivery rate in percent.</summary>
    public const string OnTimeDelivery = "on-time-delivery";

    /// <summary>Defective parts per million delivered.</summary>
    public const string Ppm = "ppm";

    /// <summary>Sales (revenue) of the period, money in the organisation's currency (product.md M6).</summary>
    public const string Sales = "sales";

    /// <summary>Profit contribution of the period, money; may be negative (the whale curve's tail).</summary>
    public const string Profit = "profit";

    /// <summary>Number of repeat purchases in the period.</summary>
    public const string RepeatPurchases = "repeat-purchases";

    /// <summary>Number of returning customers in the period (segment or unit figure).</summary>
    public const string ReturningCustomers = "returning-customers";

    /// <summary>Market share in percent (segment or unit figure).</summary>
    public const string MarketShare = "market-share";

    /// <summary>A churn event: value 1 in the period the customer was lost (product.md M2 churn).</summary>
    public const string Churn = "churn";

    /// <summary>The indirect measures of product.md M6 that Manyi knows by name (others may be imported under their own key).</summary>
    public static IReadOnlyList<string> Indirect { get; } = [Sales, Profit, RepeatPurchases, ReturningCustomers, MarketShare, Churn];

    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The measure's key, lower-case with hyphens (e.g. <see cref="OnTimeDelivery"/>, <see cref="Ppm"/>, "sales").</summary>
    public required string Measure { get; set; }

    /// <summary>First day of the period (inclusive).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>Last day of the period (inclusive).</summary>
    public DateOnly PeriodEnd { get; set; }

    public double Value { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}
