using Manyi.Core.Cases;

namespace Manyi.Web.Features.CaseAnalytics;

/// <summary>The query of <c>GET /api/v1/cases/analytics</c>, as text so that a bad value is reported under its own name.</summary>
public sealed record CaseAnalyticsQuery(string? From = null, string? To = null, string? UnitId = null, string? Kind = null, string? CategoryId = null);

/// <summary>The case analytics of one period and scope (product.md M5 analysis).</summary>
public sealed record CaseAnalyticsReport(
    AnalyticsPeriod Period,
    VolumeReport Volume,
    SlaReport Sla,
    RepeatReport Repeats,
    EscalationReport Escalations,
    RetentionReport Retention,
    SilentReport Silent,
    RootCauseReport RootCauses,
    DateTimeOffset ComputedAt);

/// <summary>The filter the figures were computed for: cases received in [From, To).</summary>
public sealed record AnalyticsPeriod(DateTimeOffset From, DateTimeOffset To, Guid? UnitId, CaseKind? Kind, Guid? CategoryId, string TimeZone);

/// <summary>A count of cases under a key (category, channel, unit, owner…) with its share of the total.</summary>
public sealed record CountItem(string Key, string Name, string? NameEn, int Count, double Share);

public sealed record KindCount(CaseKind Kind, int Count, double Share);

/// <summary>Cases received in a calendar month (yyyy-MM in the organisation's time zone), by kind.</summary>
public sealed record MonthVolume(string Month, int Total, IReadOnlyList<KindCount> ByKind);

public sealed record VolumeReport(
    int Total,
    IReadOnlyList<CountItem> ByTopCategory,
    IReadOnlyList<CountItem> ByCategory,
    IReadOnlyList<CountItem> ByChannel,
    IReadOnlyList<CountItem> ByUnit,
    IReadOnlyList<CountItem> ByOwner,
    IReadOnlyList<KindCount> ByKind,
    IReadOnlyList<MonthVolume> ByMonth);

/// <summary>Median and 90th percentile (Hyndman and Fan 1996 type 7, linear interpolation), null without values.</summary>
public sealed record Spread(double? Median, double? P90);

/// <summary>A histogram bin [FromHours, ToHours) of elapsed business hours; ToHours null for the open last bin.</summary>
public sealed record HistogramBin(double FromHours, double? ToHours, int Count);

/// <summary>
/// One SLA clock (first response or resolution). Measured: cases where the step is done. WithTarget: measured cases with a due time.
/// Breached: of those, the breach flag set by the job or done after the due time. BreachRate = Breached / WithTarget.
/// </summary>
public sealed record SlaClock(
    int Measured,
    int WithTarget,
    int WithinTarget,
    int Breached,
    double? BreachRate,
    Spread BusinessHours,
    Spread WallClockHours,
    IReadOnlyList<HistogramBin> Histogram,
    double? TargetHours,
    int OpenOverdueNow);

/// <summary>The resolution clock of one unit.</summary>
public sealed record UnitBreach(Guid UnitId, string Name, int WithTarget, int Breached, double? BreachRate);

public sealed record SlaReport(SlaClock FirstResponse, SlaClock Resolution, IReadOnlyList<UnitBreach> ResolutionByUnit);

public sealed record RepeatReport(int Complaints, int Repeated, double? Rate, int CustomersWithTwoOrMoreComplaints);

public sealed record ReasonCount(EscalationReason Reason, int Count);

public sealed record SatisfactionCount(FollowUpSatisfaction Satisfaction, int Count, double Share);

public sealed record EscalationReport(
    int Escalations,
    IReadOnlyList<ReasonCount> ByReason,
    int FollowedUp,
    int ReopenedAfterFollowUp,
    double? ReopenedShare,
    IReadOnlyList<SatisfactionCount> FollowUpSatisfaction);

/// <summary>Complainants by how their complaints ended: withinSla, late, notResolved; Active customers with a 95% Wilson interval.</summary>
public sealed record RetentionGroup(string Outcome, int Customers, int Active, double? Share, double? Low, double? High);

public sealed record RetentionReport(IReadOnlyList<RetentionGroup> Groups);

public sealed record SilentUnit(Guid UnitId, string Name, int LowScores, int Silent, double? Share);

/// <summary>A customer who gave a low score and had no case within 30 days of it.</summary>
public sealed record SilentCustomer(Guid CustomerId, string Code, string Name, string Question, int Score, Guid WaveId, string WaveName, DateTimeOffset SubmittedAt);

/// <summary>
/// Low scores (NPS 0–6, CSAT ≤ 2) of completed responses submitted in the period. LowScores counts those with a customer; Silent the
/// ones whose customer had no case within ±30 days; AnonymousLowScores the low scores without a customer (not in the share).
/// </summary>
public sealed record SilentReport(int LowScores, int Silent, double? Share, int AnonymousLowScores, IReadOnlyList<SilentUnit> ByUnit, IReadOnlyList<SilentCustomer> Customers);

public sealed record RootCauseCount(Guid Id, string Code, string Name, string? NameEn, RootCauseKind Kind, int Count, double Share);

public sealed record RootCauseKindCount(RootCauseKind Kind, int Count, double Share);

public sealed record RootCauseReport(int WithRootCause, IReadOnlyList<RootCauseKindCount> ByKind, IReadOnlyList<RootCauseCount> Top);
