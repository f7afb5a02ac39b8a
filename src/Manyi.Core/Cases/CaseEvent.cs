namespace Manyi.Core.Cases;

public enum CaseEventKind
{
    Created,
    Edited,
    Responded,
    HandedOver,
    ChecklistTicked,
    ChecklistUnticked,
    Noted,
    Paused,
    Resumed,
    Resolved,
    FollowUpSent,
    FollowUpRecorded,
    Reopened,
    Closed,
    Escalated,
    FirstResponseBreached,
    ResolutionBreached,
}

/// <summary>One entry of a case's history (product.md M5: who, when, what changed). Rows are only ever added.</summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid CaseId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user or API key; null for the system (background jobs).</summary>
    public Guid? ActorId { get; set; }

    public required string ActorName { get; set; }

    public CaseEventKind Kind { get; set; }

    /// <summary>The case's status and level after the event.</summary>
    public CaseStatus Status { get; set; }

    public int Level { get; set; }

    /// <summary>Hand-over reason, or the <see cref="EscalationReason"/> of an escalation.</summary>
    public string? Reason { get; set; }

    /// <summary>Free text entered with the event (note, resolution, follow-up remark); never logged.</summary>
    public string? Note { get; set; }

    /// <summary>What changed, as name → value (e.g. from/to of a hand-over, step of a tick, old → new of an edit).</summary>
    public Dictionary<string, string?> Detail { get; set; } = [];
}
