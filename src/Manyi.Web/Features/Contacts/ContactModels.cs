using Manyi.Core.Collection;
using Manyi.Web.Features.Customers;

namespace Manyi.Web.Features.Contacts;

/// <summary>A contact as the API and the pages show it (the customer's code beside its id).</summary>
public sealed record ContactDto(
    Guid Id,
    Guid CustomerId,
    string CustomerCode,
    Guid UnitId,
    string Channel,
    string ReasonCode,
    bool Inbound,
    DateTimeOffset OccurredAt,
    string? Note,
    Guid? RecordedBy,
    DateTimeOffset CreatedAt);

/// <summary>What a client sends to record a contact.</summary>
public sealed record ContactInput
{
    public Guid? CustomerId { get; init; }

    /// <summary>One of <see cref="ContactRules.Channels"/>.</summary>
    public string? Channel { get; init; }

    public string? ReasonCode { get; init; }

    /// <summary>null = inbound.</summary>
    public bool? Inbound { get; init; }

    /// <summary>null = now.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public string? Note { get; init; }

    /// <summary>The unit that had the contact; null = the customer's.</summary>
    public Guid? UnitId { get; init; }
}

/// <summary>One page of contacts and the total that match.</summary>
public sealed record ContactPage(IReadOnlyList<ContactDto> Items, int Page, int PageSize, int Total);

/// <summary>A reason code of the contact log.</summary>
public sealed record ContactReasonDto(Guid Id, string Code, string NameZh, string? NameEn, bool Active);

/// <summary>What a client sends to add a reason code.</summary>
public sealed record ContactReasonInput
{
    public string? Code { get; init; }

    public string? NameZh { get; init; }

    public string? NameEn { get; init; }
}

/// <summary>Contacts per reason, channel and both, with the rate per 1,000 active customers in scope.</summary>
public sealed record ContactRates(
    DateTimeOffset? From,
    DateTimeOffset? To,
    Guid? UnitId,
    int Contacts,
    int Customers,
    double? Per1000,
    IReadOnlyList<ContactRate> ByReason,
    IReadOnlyList<ContactRate> ByChannel,
    IReadOnlyList<ContactRate> ByReasonAndChannel);

/// <summary>One row of <see cref="ContactRates"/>: the reason and/or channel, the count and the count per 1,000 customers (null without customers).</summary>
public sealed record ContactRate(string? ReasonCode, string? Channel, int Count, double? Per1000);

/// <summary>What a contact import found (dry run) or did (commit): rows, contacts created, bad rows with every bad cell.</summary>
public sealed record ContactImportReport(bool Committed, int Rows, int Created, int Bad, IReadOnlyList<ImportIssue> Issues);

/// <summary>The result of a contact import.</summary>
public sealed record ContactImportOutcome(ImportStatus Status, ContactImportReport? Report, string? Problem);

/// <summary>A contact reason shipped with Manyi (seeded for an organisation that has none).</summary>
public sealed record DefaultContactReason(string Code, string NameZh, string NameEn);

/// <summary>The default reason codes of a power utility (product.md M4 demo); the demo and first use seed them.</summary>
public static class ContactReasons
{
    public static IReadOnlyList<DefaultContactReason> Defaults { get; } =
    [
        new("outage", "停电咨询", "Power outage enquiry"),
        new("bill", "电费查询", "Bill enquiry"),
        new("payment", "缴费", "Payment"),
        new("connection", "业扩报装", "New connection / capacity increase"),
        new("fault", "故障报修", "Fault report"),
        new("complaint", "投诉", "Complaint"),
        new("praise", "表扬", "Praise"),
        new("other", "其他", "Other"),
    ];

    /// <summary>New entities of <see cref="Defaults"/> for an organisation.</summary>
    public static IEnumerable<ContactReason> For(Guid organisationId) =>
        Defaults.Select(d => new ContactReason { Id = Guid.NewGuid(), OrganisationId = organisationId, Code = d.Code, NameZh = d.NameZh, NameEn = d.NameEn });
}

/// <summary>The stable reason codes of contact validation and import issues (camelCase, part of the API).</summary>
public static class ContactIssues
{
    public const string Required = "required";
    public const string TooLong = "tooLong";
    public const string UnknownCustomer = "unknownCustomer";
    public const string UnknownChannel = "unknownChannel";
    public const string UnknownReason = "unknownReason";
    public const string BadDate = "badDate";
    public const string FutureDate = "futureDate";
    public const string BadBoolean = "badBoolean";
    public const string UnitNotAllowed = "unitNotAllowed";
    public const string RowTooWide = "rowTooWide";
}
