namespace Manyi.Core.Organisations;

/// <summary>The level of a unit in the organisation's tree (product.md M1.3: branch → district → company).</summary>
public enum UnitKind
{
    Company,
    District,
    Branch,
}

/// <summary>An organisational unit (head office, district, branch); units form a tree through <see cref="ParentId"/>.</summary>
public sealed class Unit
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>Short code unique within the organisation, e.g. "BJ-HD-01".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public UnitKind Kind { get; set; }
}
