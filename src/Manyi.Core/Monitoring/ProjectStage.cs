namespace Manyi.Core.Monitoring;

/// <summary>Where a stage stands.</summary>
public enum StageStatus
{
    Pending,
    Active,
    Closed,
}

/// <summary>Where a factor's readings come from (product.md M8 "data sources of each factor").</summary>
public enum FactorSource
{
    /// <summary>Milestones: a reading is 1 (on time) or 0 (late), or an on-time fraction; mapped best 1, worst 0.</summary>
    Milestones,

    /// <summary>Issue count: the customer's cases opened in the stage (recovery cases excluded), read automatically when a case opens.</summary>
    Issues,

    /// <summary>Response time: mean first-response time in business hours of the customer's cases in the stage, read when a case is first answered.</summary>
    ResponseTime,

    /// <summary>Pulse survey answer on its scale (e.g. 1–5 or 0–10).</summary>
    Pulse,

    /// <summary>A manual rating with a note (e.g. 0–100 or 1–5).</summary>
    Manual,
}

/// <summary>
/// One factor of a stage's service information model: what is measured, its configured weight and how a raw reading maps to a
/// 0–100 score (linear between <see cref="Worst"/> → 0 and <see cref="Best"/> → 100, clamped; Worst may be above Best, e.g. issue
/// counts: worst 10, best 0).
/// </summary>
public sealed record StageFactor
{
    /// <summary>Stable key, lower-case with hyphens (e.g. "delivery", "response-time"); the same key in two stages is the same factor.</summary>
    public required string Key { get; init; }

    public required string Name { get; init; }

    public FactorSource Source { get; init; }

    /// <summary>The configured weight (the stage's weights sum to 1).</summary>
    public double Weight { get; init; }

    /// <summary>The raw value that maps to 0.</summary>
    public double Worst { get; init; }

    /// <summary>The raw value that maps to 100.</summary>
    public double Best { get; init; }
}

/// <summary>A stage of a service project with its factors, its baseline and warning level, and — once closed — the estimate against the actual.</summary>
public sealed class ProjectStage
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    /// <summary>Position in the project, 0-based.</summary>
    public int Index { get; set; }

    /// <summary>Stable key (e.g. "design", "q2").</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public StageStatus Status { get; set; }

    public DateTimeOffset? PlannedEndAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The factors as configured (key, source, configured weight, mapping).</summary>
    public List<StageFactor> Factors { get; set; } = [];

    /// <summary>The weights in force (factor key → weight, summing to 1): the configured ones or the latest re-estimate.</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version number of <see cref="Weights"/> (1 = configured; each re-estimate adds one, counted per project).</summary>
    public int WeightsVersion { get; set; } = 1;

    /// <summary>This stage's baseline B (0–100): the project's starting one for the first stage, the corrected one after.</summary>
    public double Baseline { get; set; }

    /// <summary>This stage's warning level W = B − margin.</summary>
    public double Warning { get; set; }

    /// <summary>S(t) when the stage closed (S_est).</summary>
    public double? EstimateAtClose { get; set; }

    /// <summary>The customer's actual stage satisfaction A (0–100), from the stage-end pulse survey.</summary>
    public double? Actual { get; set; }

    /// <summary>Where A came from (the response id, "entered by …").</summary>
    public string? ActualNote { get; set; }

    /// <summary>A − S_est.</summary>
    public double? Error { get; set; }

    /// <summary>The owner's closing note (what went well, what was recovered).</summary>
    public string? Note { get; set; }
}
