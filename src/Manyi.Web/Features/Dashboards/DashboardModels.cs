using Manyi.Core.Cases;
using Manyi.Web.Features.Results;

namespace Manyi.Web.Features.Dashboards;

/// <summary>The home dashboard of the caller: the parts its role reads (null = not for this role).</summary>
public sealed record DashboardDto(string Role, ManagerPartDto? Manager, HandlerPartDto? Handler, AnalystPartDto? Analyst, DateTimeOffset ComputedAt);

/// <summary>For managers (unit manager, administrator, viewer): scores over the waves of the main questionnaire, units ranked in
/// the latest wave, open alerts and SLA breaches, and the goals whose period runs today with their status (docs/goals.md) — all within the caller's units.</summary>
public sealed record ManagerPartDto(
    Guid? QuestionnaireId, string? QuestionnaireName, IReadOnlyList<TrendPointDto> Trend, Guid? LatestWaveId, string? LatestWaveName,
    IReadOnlyList<UnitRankDto> Units, int OpenAlerts, IReadOnlyList<CaseLineDto> Alerts, int SlaBreaches, IReadOnlyList<CaseLineDto> Breaches,
    IReadOnlyList<Manyi.Web.Features.Improvement.GoalDto> Goals);

/// <summary>One wave of the trend: n, the index (0–100), NPS and CSAT with their confidence intervals; scores are null when the
/// wave has fewer answers than its minimum n (<see cref="Suppressed"/>).</summary>
public sealed record TrendPointDto(
    Guid WaveId, string WaveName, DateTimeOffset? OpensAt, long N, int MinimumN, bool Suppressed, double? Index,
    double? Nps, IntervalDto? NpsInterval, double? Csat, IntervalDto? CsatInterval, double Confidence);

/// <summary>A unit's index in the latest wave; <see cref="Rank"/> is null when suppressed.</summary>
public sealed record UnitRankDto(Guid UnitId, string UnitName, long N, bool Suppressed, double? Index, int? Rank);

/// <summary>A case in a dashboard list: due is the resolution due time, else the first-response due time.</summary>
public sealed record CaseLineDto(Guid Id, string Number, string Subject, CaseKind Kind, CaseStatus Status, CasePriority Priority, DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt, bool Overdue, string? Breach);

/// <summary>For case handlers: my open cases by due time.</summary>
public sealed record HandlerPartDto(int Open, int Overdue, IReadOnlyList<CaseLineDto> Cases);

/// <summary>For analysts: the open waves and how collection goes.</summary>
public sealed record AnalystPartDto(IReadOnlyList<ActiveWaveDto> Waves);

/// <summary>An open wave: responses vs target, invitations, response rate (invited responses / invitations sent), days left.</summary>
public sealed record ActiveWaveDto(
    Guid WaveId, string Name, string QuestionnaireName, long Responses, int? Target, double? Progress, long Invitations, double? ResponseRate,
    DateTimeOffset? ClosesAt, int? DaysLeft, string AnalysisUrl, string ReportUrl);
