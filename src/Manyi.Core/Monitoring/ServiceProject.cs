namespace Manyi.Core.Monitoring;

/// <summary>Where a project stands.</summary>
public enum ProjectStatus
{
    /// <summary>Running: readings are taken and S(t) is monitored against W.</summary>
    Active,

    /// <summary>Every stage closed; the final reports are available.</summary>
    Completed,

    /// <summary>Stopped early; kept for the record, no more readings.</summary>
    Cancelled,
}

/// <summary>Where the project's starting baseline B came from (product.md M8 "baseline and warning level"); recorded with it.</summary>
public enum BaselineSource
{
    /// <summary>The customer's own past survey answers (mean overall satisfaction on 0–100).</summary>
    CustomerHistory,

    /// <summary>The mean overall satisfaction of the customer's segment.</summary>
    Segment,

    /// <summary>An opening survey of this project (its 0–100 result entered or taken from a response).</summary>
    OpeningSurvey,

    /// <summary>Entered by hand with a note.</summary>
    Manual,
}

/// <summary>
/// A long service delivered to one customer in stages (an implementation project, a key-account year), whose satisfaction is
/// monitored continuously (product.md M8). Estimate, baseline and warning level are on a 0–100 scale. The monitoring state
/// (current estimate, open alert) is kept here so that a reading recomputes it in one transaction.
/// </summary>
public sealed class ServiceProject
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The unit delivering the service; unit managers see the projects of their units.</summary>
    public Guid UnitId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The project owner (项目管家): gets the recovery cases and notices.</summary>
    public Guid OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The template the stages and factors were copied from ("implementation", "key-account-year"), or null.</summary>
    public string? TemplateKey { get; set; }

    public ProjectStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Planned end (information only).</summary>
    public DateTimeOffset? PlannedEndAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public BaselineSource BaselineSource { get; set; }

    /// <summary>How the baseline was obtained (e.g. "mean of 3 answers 2025–2026", the opening survey's response id).</summary>
    public string? BaselineNote { get; set; }

    /// <summary>The starting baseline B (0–100) as chosen at creation; stages carry the corrected ones.</summary>
    public double InitialBaseline { get; set; }

    /// <summary>The warning level is the stage baseline minus this many points (W = B − margin; default 10).</summary>
    public double WarningMargin { get; set; } = 10;

    /// <summary>An open alert clears only when S(t) ≥ W + this many points, so readings hovering at W do not flap (default 2).</summary>
    public double Hysteresis { get; set; } = 2;

    /// <summary>Exponential smoothing weight of the newest reading of a factor, 0 &lt; α ≤ 1 (1 = latest reading only; default 0.5).</summary>
    public double SmoothingAlpha { get; set; } = 0.5;

    /// <summary>Share of the stage's error A − S_est added to the next stage's baseline, 0–1 (default 0.5).</summary>
    public double CorrectionGain { get; set; } = 0.5;

    /// <summary>(scores, actual) pairs needed before weights are re-estimated; below it the configured weights stay (default 3).</summary>
    public int MinimumPairs { get; set; } = 3;

    /// <summary>Index (0-based) of the active stage; equals the stage count once completed.</summary>
    public int CurrentStage { get; set; }

    /// <summary>The latest S(t), or null before the first computation.</summary>
    public double? CurrentEstimate { get; set; }

    public DateTimeOffset? EstimatedAt { get; set; }

    /// <summary>The open alert, if S(t) is (still) below the warning level.</summary>
    public Guid? OpenAlertId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two readings arriving together must not both decide the alert.</summary>
    public Guid Version { get; set; }
}
