namespace Manyi.Core.Improvement;

/// <summary>Which side of the target is good.</summary>
public enum GoalDirection
{
    /// <summary>Met when the measure is at least the target (NPS ≥ 40).</summary>
    AtLeast,

    /// <summary>Met when the measure is at most the target (complaints ≤ 20).</summary>
    AtMost,
}

/// <summary>
/// A target for a measure per unit and period (product.md M7 "goals"), e.g. NPS ≥ 40 by Q4 for a branch. Its status against the
/// target is computed when read, from the waves closed or responses submitted in the period (survey keys) or the imported
/// figures of the period (measure keys).
/// </summary>
public sealed class Goal
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The unit (with the units below it) the goal is for; null = the whole organisation.</summary>
    public Guid? UnitId { get; set; }

    public required string Name { get; set; }

    /// <summary>What is targeted, as an <see cref="IndicatorKey"/>.</summary>
    public required string Indicator { get; set; }

    /// <summary>The questionnaire whose responses a survey key is read from; null for measure keys.</summary>
    public Guid? QuestionnaireId { get; set; }

    public double Target { get; set; }

    public GoalDirection Direction { get; set; }

    /// <summary>First day of the period the goal is for (inclusive).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>Last day of the period (inclusive): the "by" date.</summary>
    public DateOnly PeriodEnd { get; set; }

    /// <summary>The strategy objective the goal serves, free text.</summary>
    public string? Note { get; set; }

    public Guid CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (ETag); changes on every update.</summary>
    public Guid Version { get; set; }
}
