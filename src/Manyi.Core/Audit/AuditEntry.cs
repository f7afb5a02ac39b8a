namespace Manyi.Core.Audit;

/// <summary>One administrative action or data export (product.md M12): who, when, what, on which record. No personal data in Details.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The user or API key that acted (null for the system itself).</summary>
    public Guid? ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>A dotted verb such as "customer.import", "user.create", "customers.export".</summary>
    public required string Action { get; set; }

    public string? Subject { get; set; }

    public string? Details { get; set; }

    public DateTimeOffset At { get; set; }
}
