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
