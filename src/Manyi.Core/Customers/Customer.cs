namespace Manyi.Core.Customers;

/// <summary>Whether a customer is a private person or a company (B2B).</summary>
public enum CustomerType
{
    Person,
    Company,
}

/// <summary>Whether the customer is still a customer; churn (product.md M2) is read from changes of this status.</summary>
public enum CustomerStatus
{
    Active,
    Lost,
}

/// <summary>
/// A customer of the organisation (product.md M2): code, name, type, segment, unit (region / branch), tier, owner (customer
/// manager), contact data, value K (M1.5) and free custom attributes.
/// </summary>
public sealed class Customer
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The branch or region that serves the customer; scopes what a unit manager may see.</summary>
    public Guid UnitId { get; set; }

    /// <summary>The organisation's own customer number, unique within the organisation.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public CustomerType Type { get; set; }

    public CustomerStatus Status { get; set; }

    public string? Segment { get; set; }

    public string? Tier { get; set; }

    /// <summary>The user who manages the customer (客户经理), if any.</summary>
    public Guid? OwnerId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The customer's value to the company K (product.md M1.5), e.g. period revenue; money, so decimal.</summary>
    public decimal? Value { get; set; }

    /// <summary>Custom attributes as name → text, stored as JSON.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, exposed as the ETag of the customer; changes on every update.</summary>
    public Guid Version { get; set; }
}
