using System.Text.Json.Serialization;

namespace Manyi.Core.Collection;

/// <summary>Where a personal invitation is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvitationStatus>))]
public enum InvitationStatus
{
    /// <summary>Created; an e-mail invitation waits for the mailer.</summary>
    Pending,
    Sent,
    Failed,
    /// <summary>The respondent opened the survey (a partial answer may exist).</summary>
    Started,
    Responded,
}

/// <summary>How an invitation reaches the customer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvitationChannel>))]
public enum InvitationChannel
{
    /// <summary>Sent by e-mail over SMTP, with reminders.</summary>
    Email,

    /// <summary>The personal link is handed out by other means (SMS gateway, letter, CRM); Manyi sends nothing.</summary>
    Link,
}

/// <summary>A personal single-use invitation of one customer to one wave (product.md M4).</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid WaveId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The personal token in the link, base64url of 24 random bytes (192 bits); unique. Kept to re-send reminders.</summary>
    public required string Token { get; set; }

    public InvitationChannel Channel { get; set; }

    public InvitationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int RemindersSent { get; set; }

    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>Why the last send failed (SMTP status, no e-mail address); no personal data.</summary>
    public string? FailureReason { get; set; }

    public Guid? ResponseId { get; set; }
}
