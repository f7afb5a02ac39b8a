using Manyi.Core.Monitoring;

namespace Manyi.Web.Features.Monitoring;

/// <summary>
/// A new service project: a template (<see cref="TemplateKey"/>, names in the request's culture) or the stages and factors given
/// here; the baseline by <see cref="BaselineSource"/> (CustomerHistory, Segment, OpeningSurvey with <see cref="BaselineValue"/>
/// or <see cref="BaselineResponseId"/>, Manual with value and note). Unset parameters take the defaults of <see cref="ServiceProject"/>.
/// </summary>
public sealed record ProjectInput
{
    public string? Name { get; init; }

    public Guid? CustomerId { get; init; }

    /// <summary>The delivering unit; null = the customer's unit.</summary>
    public Guid? UnitId { get; init; }

    /// <summary>The owner (项目管家); null = the caller.</summary>
    public Guid? OwnerId { get; init; }

    public string? TemplateKey { get; init; }

    public IReadOnlyList<StageInput>? Stages { get; init; }

    public BaselineSource? BaselineSource { get; init; }

    /// <summary>The baseline on 0–100 (OpeningSurvey, Manual).</summary>
    public double? BaselineValue { get; init; }

    /// <summary>The opening survey's response (OpeningSurvey): its overall satisfaction scaled to 0–100.</summary>
    public Guid? BaselineResponseId { get; init; }

    /// <summary>Why this baseline (required for Manual).</summary>
    public string? BaselineNote { get; init; }

    public double? WarningMargin { get; init; }

    public double? Hysteresis { get; init; }

    public double? SmoothingAlpha { get; init; }

    public double? CorrectionGain { get; init; }

    public int? MinimumPairs { get; init; }

    /// <summary>When the project (and its first stage) started; null = now.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? PlannedEndAt { get; init; }
}

/// <summary>A stage of a new project.</summary>
public sealed record StageInput
{
    public string? Key { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? PlannedEndAt { get; init; }

    public IReadOnlyList<FactorInput>? Factors { get; init; }
}

/// <summary>A factor of a new stage: key, name, source, configured weight and the mapping Worst → 0, Best → 100.</summary>
public sealed record FactorInput
{
    public string? Key { get; init; }

    public string? Name { get; init; }

    public FactorSource? Source { get; init; }

    public double? Weight { get; init; }

    public double? Worst { get; init; }

    public double? Best { get; init; }
}

/// <summary>A reading of a Milestones, Pulse or Manual factor of the active stage.</summary>
public sealed record ReadingInput
{
    public string? FactorKey { get; init; }

    /// <summary>The raw value (on-time fraction, scale point, rating).</summary>
    public double? Value { get; init; }

    /// <summary>When it was observed; null = now.</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>The caller's key: sending the same key again records nothing and answers with the first reading.</summary>
    public string? ExternalKey { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// The actual satisfaction A of a stage (check-in or stage close), given one way: <see cref="Value"/> on 0–100; or
/// <see cref="Value"/> as an answer on the scale <see cref="ScaleMin"/>–<see cref="ScaleMax"/> (mapped like a Pulse factor); or
/// <see cref="ResponseId"/>, a response of the customer whose overall satisfaction cell is scaled to 0–100.
/// </summary>
public sealed record ActualInput
{
    public double? Value { get; init; }

    public double? ScaleMin { get; init; }

    public double? ScaleMax { get; init; }

    public Guid? ResponseId { get; init; }

    public string? Note { get; init; }
}

/// <summary>Why a project is cancelled.</summary>
public sealed record CancelInput
{
    public string? Note { get; init; }
}

/// <summary>What a monitoring command did: its value, or the request's bad fields, or a conflict, or not found (in the caller's scope).</summary>
public sealed record MonitorOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]>? Errors = null, string? Conflict = null, bool Missing = false)
    where T : class;

/// <summary>Makes <see cref="MonitorOutcome{T}"/> values.</summary>
public static class MonitorOutcome
{
    public static MonitorOutcome<T> Done<T>(T value) where T : class => new(value);

    public static MonitorOutcome<T> NotFound<T>() where T : class => new(null, Missing: true);

    public static MonitorOutcome<T> Invalid<T>(IReadOnlyDictionary<string, string[]> errors) where T : class => new(null, errors);

    public static MonitorOutcome<T> Invalid<T>(string field, string message) where T : class =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static MonitorOutcome<T> Refuse<T>(string reason) where T : class => new(null, Conflict: reason);
}
