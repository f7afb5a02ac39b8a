using Manyi.Core.Collection;

namespace Manyi.Web.Features.Waves;

/// <summary>A wave as the API and the pages show it. <see cref="Version"/> is the ETag (send it back in <c>If-Match</c>).</summary>
public sealed record WaveDto(
    Guid Id,
    string Name,
    WaveStatus Status,
    Guid? UnitId,
    Guid QuestionnaireId,
    Guid QuestionnaireVersionId,
    int QuestionnaireVersion,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    SamplePlan? SamplePlan,
    int? ReminderAfterDays,
    int MaxReminders,
    int QuietPeriodDays,
    int MinimumN,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version);

/// <summary>What a client sends to create or replace a wave; every field is checked and a bad one named.</summary>
public sealed record WaveInput
{
    public string? Name { get; init; }

    public Guid? QuestionnaireId { get; init; }

    /// <summary>The questionnaire version number; null = the latest.</summary>
    public int? Version { get; init; }

    public Guid? UnitId { get; init; }

    public DateTimeOffset? OpensAt { get; init; }

    public DateTimeOffset? ClosesAt { get; init; }

    public SamplePlanInput? SamplePlan { get; init; }

    public int? ReminderAfterDays { get; init; }

    public int? MaxReminders { get; init; }

    public int? QuietPeriodDays { get; init; }

    public int? MinimumN { get; init; }
}

/// <summary>A collection point with its absolute public URL.</summary>
public sealed record CollectionPointDto(
    Guid Id,
    Guid WaveId,
    CollectionPointKind Kind,
    string Name,
    string Url,
    Guid? UnitId,
    string? Counter,
    Guid? StaffUserId,
    int? MaxResponses,
    int? MaxPerAddressPerDay,
    bool Active,
    DateTimeOffset CreatedAt);

/// <summary>What a client sends to create a collection point.</summary>
public sealed record CollectionPointInput
{
    /// <summary>link, qr, kiosk or embed.</summary>
    public string? Kind { get; init; }

    public string? Name { get; init; }

    public Guid? UnitId { get; init; }

    public string? Counter { get; init; }

    public Guid? StaffUserId { get; init; }

    public int? MaxResponses { get; init; }

    public int? MaxPerAddressPerDay { get; init; }
}

/// <summary>
/// Who to invite: customers chosen by a filter (segment, tier, unit — with the units below it —, explicit ids) or, with
/// <see cref="UseSamplePlan"/>, a seeded random sample of the plan's invitations per segment. Channel email or link.
/// </summary>
public sealed record InvitationRequest
{
    public string? Channel { get; init; }

    public string? Segment { get; init; }

    public string? Tier { get; init; }

    public Guid? UnitId { get; init; }

    public IReadOnlyList<Guid>? CustomerIds { get; init; }

    public bool? UseSamplePlan { get; init; }

    /// <summary>Seed of the random sample (same seed and customers = same sample); null = a random seed.</summary>
    public int? Seed { get; init; }
}

/// <summary>What an invitation request did.</summary>
public sealed record InvitationResult(int Created, int SkippedQuietPeriod, int SkippedNoEmail, int AlreadyInvited, bool EmailEnabled);

/// <summary>One invitation in a list (no token: the personal link is only in the audited export).</summary>
public sealed record InvitationDto(
    Guid Id,
    Guid CustomerId,
    string CustomerCode,
    InvitationChannel Channel,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    int RemindersSent,
    DateTimeOffset? LastReminderAt,
    string? FailureReason);

/// <summary>One page of invitations, the total and the count per status of the whole wave.</summary>
public sealed record InvitationPage(IReadOnlyList<InvitationDto> Items, int Page, int PageSize, int Total, IReadOnlyDictionary<string, int> ByStatus);
