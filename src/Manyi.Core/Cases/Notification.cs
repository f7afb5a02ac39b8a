namespace Manyi.Core.Cases;

/// <summary>Why a user is notified; the text shown and mailed comes from the UI resources by this kind.</summary>
public enum NotificationKind
{
    CaseAssigned,
    CaseHandedOver,
    CaseEscalated,
    FirstResponseBreached,
    ResolutionBreached,
    FollowUpNotSatisfied,
    RepeatComplaint,

    /// <summary>An improvement action's deadline is near (product.md M7 reminders); <see cref="Notification.ActionId"/> names it.</summary>
    ActionDeadline,
}

/// <summary>A notice to one user about a case, shown in the app and sent by e-mail when SMTP is configured and the user has an address.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid UserId { get; set; }

    public Guid? CaseId { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>The improvement action the notice is about (kind <see cref="NotificationKind.ActionDeadline"/>).</summary>
    public Guid? ActionId { get; set; }

    /// <summary>The case number, kept so that the notice reads well without a join.</summary>
    public string? CaseNumber { get; set; }

    /// <summary>The escalation level the notice is about, where it matters.</summary>
    public int? Level { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>When the e-mail went out; null while pending or when the user has no address or e-mail is off.</summary>
    public DateTimeOffset? EmailedAt { get; set; }

    public int EmailAttempts { get; set; }
}
