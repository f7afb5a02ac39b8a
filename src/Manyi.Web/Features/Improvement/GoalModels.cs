using System.Text.Json.Serialization;
using Manyi.Core.Improvement;

namespace Manyi.Web.Features.Improvement;

/// <summary>A goal's status against its target, computed when read (docs/goals.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GoalStatus>))]
public enum GoalStatus
{
    /// <summary>The period is over and the value is on the good side of the target.</summary>
    Met,

    /// <summary>The period is over and the value misses the target.</summary>
    NotMet,

    /// <summary>The period runs and the value so far is on the good side of the target.</summary>
    OnTrack,

    /// <summary>The period runs and the value so far misses the target.</summary>
    Behind,

    /// <summary>No value: no responses (or fewer than the wave's minimum n) or no figures in the period, or the period has not begun.</summary>
    NoData,
}

/// <summary>
/// A goal as the API shows it, with its status: <see cref="Value"/> is the indicator's current value over the period in the unit's
/// subtree, <see cref="Gap"/> = value − target (positive is good for AtLeast, negative for AtMost), <see cref="N"/> the responses or
/// figures it rests on, <see cref="WaveId"/> the wave a survey key was read from. <see cref="Version"/> is the ETag.
/// </summary>
public sealed record GoalDto(
    Guid Id,
    Guid? UnitId,
    string? UnitName,
    string Name,
    string Indicator,
    Guid? QuestionnaireId,
    string? QuestionnaireName,
    double Target,
    GoalDirection Direction,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string? Note,
    GoalStatus Status,
    double? Value,
    double? Gap,
    int N,
    bool Suppressed,
    Guid? WaveId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version);

/// <summary>What a client sends to create or replace a goal.</summary>
public sealed record GoalInput
{
    public string? Name { get; init; }

    /// <summary>The unit (with its subtree); null = the organisation (administrators and analysts only).</summary>
    public Guid? UnitId { get; init; }

    /// <summary>An <see cref="IndicatorKey"/>: index, nps, csat, overall, overall:weighted, cell:&lt;key&gt;, measure:&lt;key&gt;.</summary>
    public string? Indicator { get; init; }

    /// <summary>Required for survey keys; must be null for measure keys.</summary>
    public Guid? QuestionnaireId { get; init; }

    public double? Target { get; init; }

    /// <summary>atLeast (default) or atMost.</summary>
    public GoalDirection? Direction { get; init; }

    public DateOnly? PeriodStart { get; init; }

    public DateOnly? PeriodEnd { get; init; }

    public string? Note { get; init; }
}

/// <summary>The current value of a goal's indicator.</summary>
/// <param name="Value">The value, null when there is none (or it is suppressed).</param>
/// <param name="N">Responses or figures the value rests on.</param>
/// <param name="Suppressed">Fewer answers than the wave's minimum n.</param>
/// <param name="WaveId">The wave a survey key was read from.</param>
public sealed record GoalReading(double? Value, int N, bool Suppressed, Guid? WaveId)
{
    public static GoalReading None { get; } = new(null, 0, false, null);
}
