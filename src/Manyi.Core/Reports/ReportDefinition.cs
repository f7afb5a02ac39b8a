namespace Manyi.Core.Reports;

/// <summary>The reports Manyi generates from the data (product.md M9).</summary>
public enum ReportKind
{
    /// <summary>A wave's report: method, sample and response rate, margin of error, results, drivers, priorities, verbatims.</summary>
    Wave,

    /// <summary>Customer satisfaction survey summary in the ISO 9001 / IATF 16949 style.</summary>
    SurveySummary,

    /// <summary>The units of a wave side by side.</summary>
    UnitComparison,
}

/// <summary>The file a scheduled report is sent as.</summary>
public enum ReportFormat
{
    /// <summary>Excel workbook, one sheet per table.</summary>
    Excel,

    /// <summary>CSV of the report's tables.</summary>
    Csv,
}

/// <summary>How often a scheduled report is sent.</summary>
public enum ReportFrequency
{
    /// <summary>Every day at the time of day.</summary>
    Daily,

    /// <summary>Every week on the day of the week.</summary>
    Weekly,

    /// <summary>Every month on the day of the month (the last day when the month is shorter).</summary>
    Monthly,
}

/// <summary>
/// A saved report (what to report on) with an optional e-mail schedule (product.md M9 "scheduled reports"). The report is
/// generated afresh from the data at every run; the definition stores only its parameters.
/// </summary>
public sealed class ReportDefinition
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    public ReportKind Kind { get; set; }

    /// <summary>The wave reported on (wave report, unit comparison; the summary report's wave when it has one).</summary>
    public Guid? WaveId { get; set; }

    /// <summary>Narrows the report to a unit's subtree.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>Narrows the report to a customer segment.</summary>
    public string? Segment { get; set; }

    /// <summary>Period start (inclusive) for reports over a period.</summary>
    public DateOnly? PeriodFrom { get; set; }

    /// <summary>Period end (inclusive) for reports over a period.</summary>
    public DateOnly? PeriodTo { get; set; }

    /// <summary>Language of the generated report: "zh-CN" or "en".</summary>
    public string Culture { get; set; } = "zh-CN";

    public ReportFormat Format { get; set; }

    /// <summary>Whether the schedule runs.</summary>
    public bool Enabled { get; set; }

    public ReportFrequency Frequency { get; set; }

    /// <summary>Weekly: the day of the week.</summary>
    public DayOfWeek? DayOfWeek { get; set; }

    /// <summary>Monthly: the day of the month, 1–31.</summary>
    public int? DayOfMonth { get; set; }

    /// <summary>Minutes after local midnight at which the report is sent.</summary>
    public int TimeOfDay { get; set; } = 8 * 60;

    /// <summary>IANA time zone of the schedule.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>E-mail addresses the report is sent to.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>The next time the schedule is due (UTC); null when not scheduled.</summary>
    public DateTimeOffset? NextRunAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>Outcome of the last run: "sent", or the reason it failed (no personal data).</summary>
    public string? LastOutcome { get; set; }

    /// <summary>The user the report runs as (its scope is this user's scope).</summary>
    public Guid CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; }
}
