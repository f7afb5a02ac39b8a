using System.Text.Json.Serialization;

namespace Manyi.Core.Collection;

/// <summary>The channel an answer came through (product.md M4).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResponseChannel>))]
public enum ResponseChannel
{
    Link,
    Invitation,
    Qr,
    Kiosk,
    Embed,
    Api,
    Import,
}

/// <summary>Where a response is: being answered (partial, resumable), complete, or a kiosk transaction closed without a rating.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResponseStatus>))]
public enum ResponseStatus
{
    InProgress,
    Complete,
    NoRating,
}

/// <summary>
/// One respondent's answers to one wave, stored once whatever the channel. <see cref="Answers"/> holds the answer cells of the
/// questionnaire version (<c>Manyi.Core.Surveys.AnswerCheck.CellsOf</c>) as text. A resubmission with the same
/// <see cref="IdempotencyKey"/> (invitation token, request id, kiosk transaction) finds this row instead of adding one.
/// </summary>
public sealed class Response
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid WaveId { get; set; }

    public Guid QuestionnaireVersionId { get; set; }

    public ResponseChannel Channel { get; set; }

    public ResponseStatus Status { get; set; }

    public Guid? CustomerId { get; set; }

    /// <summary>The branch the answer belongs to (collection point's, customer's, or given by the API).</summary>
    public Guid? UnitId { get; set; }

    public Guid? InvitationId { get; set; }

    public Guid? CollectionPointId { get; set; }

    /// <summary>The staff member rated (kiosk, transactional API).</summary>
    public Guid? StaffUserId { get; set; }

    /// <summary>Unique per wave when set: <c>inv:{token}</c>, <c>api:{key}</c>, <c>kiosk:{point}:{transaction}</c>, <c>import:{file hash}:{line}</c>, <c>resume:{cookie id}</c>.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>The transaction or ticket in the calling system (transactional API, kiosk).</summary>
    public string? ExternalReference { get; set; }

    /// <summary>zh-CN or en: the language the respondent answered in.</summary>
    public string Language { get; set; } = "zh-CN";

    public Dictionary<string, string> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The page the respondent reached (page-by-page mode), to resume there.</summary>
    public int CurrentPage { get; set; }

    /// <summary>Keyed hash of the client address (never the address itself), for per-address limits and duplicate reports.</summary>
    public string? ClientHash { get; set; }

    /// <summary>Set when the response looks like a duplicate (same client and answers, honeypot filled…); reported, never deleted.</summary>
    public string? SuspectedDuplicate { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }
}
