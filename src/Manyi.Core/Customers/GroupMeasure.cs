namespace Manyi.Core.Customers;

/// <summary>
/// An indirect measure of a group of customers for a period (product.md M6): a segment, a unit (with the units below it), a
/// segment within a unit, or — both null — the whole organisation. Figures that only exist for groups, such as market share
/// or the number of returning customers, come this way; per-customer figures are <see cref="CustomerMeasure"/>.
/// </summary>
public sealed class GroupMeasure
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The unit the figure is for; null = not limited to a unit.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>The customer segment the figure is for; null = not limited to a segment.</summary>
    public string? Segment { get; set; }

    /// <summary>The measure's key, lower-case with hyphens (<see cref="CustomerMeasure.Indirect"/> or the organisation's own).</summary>
    public required string Measure { get; set; }

    /// <summary>First day of the period (inclusive).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>Last day of the period (inclusive).</summary>
    public DateOnly PeriodEnd { get; set; }

    public double Value { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}
