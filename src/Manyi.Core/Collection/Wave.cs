using System.Text.Json.Serialization;

namespace Manyi.Core.Collection;

/// <summary>Where a wave is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WaveStatus>))]
public enum WaveStatus
{
    Draft,
    Open,
    Closed,
}

/// <summary>One stratum of a sample plan: a segment, its population, the sample allocated to it and its quota.</summary>
public sealed record SampleStratum
{
    public required string Segment { get; init; }

    public long Population { get; init; }

    public double? StandardDeviation { get; init; }

    /// <summary>Responses allocated by the plan (M1.10).</summary>
    public int Allocated { get; init; }

    /// <summary>Maximum responses accepted from the segment (null = no quota).</summary>
    public int? Quota { get; init; }

    /// <summary>Invitations needed for the allocation at the target response rate.</summary>
    public int Invitations { get; init; }
}

/// <summary>The sample plan of a wave (product.md M1.10, M4): size at a confidence and margin, allocation over segments, response rate.</summary>
public sealed record SamplePlan
{
    public double Confidence { get; init; } = 0.95;

    public double Margin { get; init; } = 0.05;

    /// <summary>Expected proportion for a proportion target (0.5 is the safe choice).</summary>
    public double Proportion { get; init; } = 0.5;

    /// <summary>Population size for the finite population correction (null = infinite).</summary>
    public long? Population { get; init; }

    /// <summary>proportional, equal or neyman (Manyi.Analytics AllocationMethod).</summary>
    public string Allocation { get; init; } = "proportional";

    /// <summary>Responses needed.</summary>
    public int TargetResponses { get; init; }

    /// <summary>Expected response rate, 0 &lt; r ≤ 1.</summary>
    public double TargetResponseRate { get; init; } = 0.3;

    /// <summary>Invitations needed overall.</summary>
    public int Invitations { get; init; }

    public IReadOnlyList<SampleStratum> Strata { get; init; } = [];
}

/// <summary>
/// A wave (调查批次, product.md M4): a questionnaire version fielded to a target population in a period, with a sample plan,
/// quotas, a target response rate, reminders and a survey-fatigue quiet period.
/// </summary>
public sealed class Wave
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The unit whose customers the wave addresses (null = the whole organisation); scopes unit managers.</summary>
    public Guid? UnitId { get; set; }

    public Guid QuestionnaireId { get; set; }

    public Guid QuestionnaireVersionId { get; set; }

    public required string Name { get; set; }

    public WaveStatus Status { get; set; }

    public DateTimeOffset? OpensAt { get; set; }

    public DateTimeOffset? ClosesAt { get; set; }

    public SamplePlan? SamplePlan { get; set; }

    /// <summary>Days after the invitation before a reminder goes out (null = no reminders).</summary>
    public int? ReminderAfterDays { get; set; }

    public int MaxReminders { get; set; } = 1;

    /// <summary>A customer is not invited again within this many days of a previous invitation (survey fatigue, M4).</summary>
    public int QuietPeriodDays { get; set; } = 90;

    /// <summary>Scores of fewer answers are suppressed (M1.1).</summary>
    public int MinimumN { get; set; } = 5;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; }
}
