using Manyi.Core.Cases;
using Manyi.Web.Features.Customers;

namespace Manyi.Web.Features.Cases;

/// <summary>One case in a list.</summary>
public sealed record CaseListItem(
    Guid Id,
    string Number,
    CaseKind Kind,
    string Channel,
    CaseStatus Status,
    CasePriority Priority,
    string Subject,
    Guid? CategoryId,
    string? CategoryCode,
    string? CategoryName,
    Guid UnitId,
    string UnitName,
    Guid? OwnerId,
    string? OwnerName,
    Guid? CustomerId,
    string? CustomerCode,
    string? CustomerName,
    int Level,
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? ResolutionDueAt,
    bool FirstResponseBreached,
    bool ResolutionBreached,
    DateTimeOffset ReceivedAt);

/// <summary>A page of cases with the total that matches the filters.</summary>
public sealed record CasePage(IReadOnlyList<CaseListItem> Items, int Page, int PageSize, int Total);

/// <summary>An id with its code and name (category, unit, customer).</summary>
public sealed record CaseRef(Guid Id, string? Code, string? Name);

/// <summary>
/// The SLA of a case: the policy, its targets, the due times, the business minutes left to each (negative once passed; null when
/// that clock no longer matters) on the organisation's calendar, breaches and pause.
/// </summary>
public sealed record CaseSla(
    Guid? PolicyId,
    string? PolicyName,
    int? FirstResponseTargetMinutes,
    int? ResolutionTargetMinutes,
    DateTimeOffset ClockStartedAt,
    DateTimeOffset? FirstResponseDueAt,
    DateTimeOffset? ResolutionDueAt,
    double? FirstResponseMinutesRemaining,
    double? ResolutionMinutesRemaining,
    bool FirstResponseBreached,
    bool ResolutionBreached,
    DateTimeOffset? FirstResponseBreachedAt,
    DateTimeOffset? ResolutionBreachedAt,
    double PausedMinutes,
    bool PausedNow,
    DateTimeOffset? PausedAt);

/// <summary>The follow-up (回访) of a case: method, whether a survey link is out, when sent and answered, and the answer.</summary>
public sealed record CaseFollowUp(
    FollowUpMethod? Method,
    bool TokenIssued,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnsweredAt,
    bool? Resolved,
    FollowUpSatisfaction? Satisfaction,
    string? Note);

/// <summary>The root cause a resolved case records.</summary>
public sealed record CaseRootCause(Guid Id, RootCauseKind Kind, string Code, string Name, string? NameEn);

/// <summary>
/// Everything of one case. <see cref="Version"/> is the ETag; <see cref="AllowedActions"/> lists what the caller may do now
/// (respond, hand-over, tick, note, pause, resume, resolve, follow-up, close, escalate, edit).
/// </summary>
public sealed record CaseDetails(
    Guid Id,
    string Number,
    CaseKind Kind,
    string Channel,
    CaseStatus Status,
    CasePriority Priority,
    string Subject,
    string? Description,
    CaseRef? Category,
    CaseRef Unit,
    CaseRef? Customer,
    Guid? OwnerId,
    string? OwnerName,
    Guid? ReceivedBy,
    string? ReceivedByName,
    DateTimeOffset ReceivedAt,
    int Level,
    string? LevelName,
    IReadOnlyList<ChecklistStep> Checklist,
    CaseSla Sla,
    CaseFollowUp FollowUp,
    CaseRootCause? RootCause,
    string? Resolution,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int ReopenCount,
    Guid? RepeatOfCaseId,
    string? RepeatOfNumber,
    Guid? ResponseId,
    Guid? WaveId,
    Guid? AlertRuleId,
    string? ExternalKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version,
    IReadOnlyList<string> AllowedActions);

/// <summary>One history entry of a case.</summary>
public sealed record CaseEventDto(
    Guid Id,
    DateTimeOffset At,
    Guid? ActorId,
    string ActorName,
    CaseEventKind Kind,
    CaseStatus Status,
    int Level,
    string? Reason,
    string? Note,
    IReadOnlyDictionary<string, string?> Detail);

/// <summary>What a client sends to open a case (enums as their camelCase names; checked field by field).</summary>
public sealed record CaseInput
{
    public string? Kind { get; init; }

    public string? Channel { get; init; }

    public string? Priority { get; init; }

    public Guid? CategoryId { get; init; }

    public Guid? CustomerId { get; init; }

    /// <summary>Default: the customer's unit.</summary>
    public Guid? UnitId { get; init; }

    public string? Subject { get; init; }

    public string? Description { get; init; }

    /// <summary>Default: the receiver (首问负责制) or, for a machine client, the customer's manager.</summary>
    public Guid? OwnerId { get; init; }

    /// <summary>When the customer raised it; default now; not in the future.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Another system's key: a second create with the same key answers the existing case.</summary>
    public string? ExternalKey { get; init; }
}

/// <summary>The fields a PATCH may change; absent (null) fields stay as they are.</summary>
public sealed record CasePatch
{
    public string? Subject { get; init; }

    public string? Description { get; init; }

    public Guid? CategoryId { get; init; }

    public string? Priority { get; init; }

    public Guid? CustomerId { get; init; }

    public Guid? UnitId { get; init; }
}

/// <summary>An optional note with an action (respond, pause, resume, close, escalate).</summary>
public sealed record CaseNoteInput
{
    public string? Note { get; init; }
}

/// <summary>A note added to the history.</summary>
public sealed record CaseTextInput
{
    public string? Text { get; init; }
}

public sealed record CaseHandOverInput
{
    public Guid? ToUserId { get; init; }

    public string? Reason { get; init; }
}

public sealed record CaseTickInput
{
    public bool? Done { get; init; }
}

public sealed record CaseResolveInput
{
    public string? Resolution { get; init; }

    public Guid? RootCauseId { get; init; }
}

/// <summary>A follow-up call recorded by staff.</summary>
public sealed record CaseFollowUpInput
{
    public bool? Resolved { get; init; }

    /// <summary>satisfied, neutral or notSatisfied.</summary>
    public string? Satisfaction { get; init; }

    public string? Note { get; init; }
}

/// <summary>What a case import found (dry run) or did (commit): rows, new cases, rows already imported (skipped), bad rows, every bad cell.</summary>
public sealed record CaseImportReport(bool Committed, int Rows, int Created, int Existing, int Bad, IReadOnlyList<ImportIssue> Issues);

/// <summary>How a case import ended, with its report or the problem with the file.</summary>
public sealed record CaseImportOutcome(ImportStatus Status, CaseImportReport? Report, string? Problem);

/// <summary>The reason codes of the case import's issues (stable; clients translate them).</summary>
public static class CaseImportIssues
{
    public const string Required = "required";
    public const string UnknownKind = "unknownKind";
    public const string UnknownChannel = "unknownChannel";
    public const string UnknownPriority = "unknownPriority";
    public const string UnknownCategory = "unknownCategory";
    public const string UnknownCustomer = "unknownCustomer";
    public const string UnknownUnit = "unknownUnit";
    public const string BadDate = "badDate";
    public const string FutureDate = "futureDate";
    public const string TooLong = "tooLong";
    public const string NotNew = "notNew";
    public const string RowTooWide = "rowTooWide";
}
