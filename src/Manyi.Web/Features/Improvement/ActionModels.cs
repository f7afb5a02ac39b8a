using Manyi.Core.Improvement;

namespace Manyi.Web.Features.Improvement;

/// <summary>An improvement action as the API and the pages show it; <see cref="Version"/> is the ETag (send it back in <c>If-Match</c>).</summary>
public sealed record ActionDto(
    Guid Id,
    string Number,
    Guid UnitId,
    string? UnitName,
    string Title,
    string? Description,
    Guid OwnerId,
    string? OwnerName,
    DateOnly Deadline,
    bool Overdue,
    ActionStatus Status,
    decimal? Cost,
    ActionSource Source,
    string? FindingKey,
    string? FindingSummary,
    Guid? QuestionnaireId,
    Guid? BaselineWaveId,
    Guid? AgainstWaveId,
    IReadOnlyList<ActionIndicator> Indicators,
    ActionEffect? Effect,
    string? Outcome,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? ReminderSentAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version);

/// <summary>A page of actions, newest deadline last.</summary>
public sealed record ActionPage(IReadOnlyList<ActionDto> Items, int Total, int Page, int PageSize);

/// <summary>Create an action by hand, or change one (<c>PUT</c>: unit, questionnaire and baseline are kept).</summary>
public sealed record ActionInput
{
    public Guid? UnitId { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public Guid? OwnerId { get; init; }

    public DateOnly? Deadline { get; init; }

    public decimal? Cost { get; init; }

    public Guid? QuestionnaireId { get; init; }

    /// <summary>Linked indicator keys (<see cref="IndicatorKey"/>).</summary>
    public IReadOnlyList<string>? Indicators { get; init; }

    /// <summary>The before wave of the effect check; default the latest wave of the questionnaire.</summary>
    public Guid? BaselineWaveId { get; init; }
}

/// <summary>Create an action from an analysis finding (<c>POST /api/v1/actions/from-finding</c>).</summary>
public sealed record FromFindingInput
{
    public Guid? WaveId { get; init; }

    public string? FindingKey { get; init; }

    public Guid? UnitId { get; init; }

    public Guid? OwnerId { get; init; }

    public DateOnly? Deadline { get; init; }

    public string? Title { get; init; }

    public decimal? Cost { get; init; }
}

/// <summary>A status change: complete needs the outcome, cancel a reason.</summary>
public sealed record TransitionInput
{
    public string? Outcome { get; init; }

    public string? Reason { get; init; }
}

/// <summary>The effect check's after wave (default: the latest wave that opened after completion with enough responses in the unit).</summary>
public sealed record EffectCheckInput
{
    public Guid? AfterWaveId { get; init; }
}

/// <summary>
/// The PDCA board of a unit: the actions by column and <see cref="Goals"/> with their status (for a unit its own and the
/// organisation-wide goals; without a unit the organisation-wide ones, for a unit-scoped caller those of its units).
/// </summary>
public sealed record BoardDto(
    Guid? UnitId,
    IReadOnlyList<ActionDto> Plan,
    IReadOnlyList<ActionDto> Do,
    IReadOnlyList<ActionDto> Check,
    IReadOnlyList<ActionDto> Act)
{
    public IReadOnlyList<GoalDto> Goals { get; init; } = [];
}
