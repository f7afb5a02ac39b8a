namespace Manyi.Core.Cases;

/// <summary>
/// A node of the organisation's case category tree (product.md M5), e.g. 供电质量 → 频繁停电. SLA policies and the repeated-complaint
/// check work on categories; a policy for a category also covers its sub-categories.
/// </summary>
public sealed class CaseCategory
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>Short code unique within the organisation, e.g. "reliability.outage".</summary>
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    public int SortOrder { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>The three families of root causes the literature counts (价值 / 制度 / 人员), so that causes are fixed, not only symptoms.</summary>
public enum RootCauseKind
{
    /// <summary>The product or service itself did not give the value the customer expected (price, quality, reliability).</summary>
    Value,

    /// <summary>A rule, process or system made the problem (制度、流程).</summary>
    System,

    /// <summary>A person's attitude, skill or mistake (人员).</summary>
    People,
}

/// <summary>A root cause a closed case records (product.md M5): one of the three kinds, optionally a sub-cause below another.</summary>
public sealed class RootCause
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public RootCauseKind Kind { get; set; }

    /// <summary>The broader cause this one refines (same kind), or null for a top-level cause.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>Short code unique within the organisation, e.g. "people.attitude".</summary>
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    public bool Active { get; set; } = true;
}
