namespace Manyi.Core.Collection;

/// <summary>
/// One contact with a customer (接触分析, product.md M4): any channel, any reason — not only complaints and surveys — so that
/// contact rates by reason can be followed and the causes of contacts fixed.
/// </summary>
public sealed class Contact
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The unit that had the contact (defaults to the customer's).</summary>
    public Guid UnitId { get; set; }

    /// <summary>phone, counter, email, web, app, visit, letter, social, other.</summary>
    public required string Channel { get; set; }

    /// <summary>A code of <see cref="ContactReason"/>.</summary>
    public required string ReasonCode { get; set; }

    /// <summary>Inbound (the customer contacted us) or outbound.</summary>
    public bool Inbound { get; set; } = true;

    public DateTimeOffset OccurredAt { get; set; }

    public string? Note { get; set; }

    /// <summary>Who recorded it (user or API key id).</summary>
    public Guid? RecordedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A reason code of the contact log with its names; configurable per organisation.</summary>
public sealed class ContactReason
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    public bool Active { get; set; } = true;
}
