namespace Manyi.Core.Cases;

/// <summary>What an alert rule looks for in a completed survey answer.</summary>
public enum AlertRuleKind
{
    /// <summary>An NPS answer of 0–6 (question <see cref="AlertRule.QuestionCode"/>, or any NPS question).</summary>
    NpsDetractor,

    /// <summary>A CSAT answer at or below <see cref="AlertRule.Threshold"/> (default 2 on the 1–5 scale).</summary>
    CsatAtMost,

    /// <summary>A question bound to indicator <see cref="AlertRule.IndicatorCode"/> (or the question <see cref="AlertRule.QuestionCode"/>) answered below <see cref="AlertRule.Threshold"/> on its own scale.</summary>
    IndicatorBelow,

    /// <summary>An open answer (text, or the "why" of a rating) containing one of <see cref="AlertRule.Keywords"/>, Chinese or English, case-insensitive.</summary>
    NegativeKeywords,
}

/// <summary>
/// A rule that turns a survey answer into a case (product.md M5): configurable per wave and unit. A completed response that trips
/// one or more active rules gets exactly one case (kind <see cref="CaseKind.Alert"/>), naming every rule it tripped.
/// </summary>
public sealed class AlertRule
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    public AlertRuleKind Kind { get; set; }

    /// <summary>Only answers of this wave; null for every wave.</summary>
    public Guid? WaveId { get; set; }

    /// <summary>Only answers of this unit and the units below it; null for every unit.</summary>
    public Guid? UnitId { get; set; }

    public string? QuestionCode { get; set; }

    public string? IndicatorCode { get; set; }

    public double? Threshold { get; set; }

    public List<string> Keywords { get; set; } = [];

    /// <summary>The category and priority given to the case the rule opens.</summary>
    public Guid? CategoryId { get; set; }

    public CasePriority Priority { get; set; } = CasePriority.High;

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
