using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Monitoring;

/// <summary>A project in the portfolio: where its S(t) stands against W, and its open alert with the recovery case.</summary>
public sealed record ProjectRow(
    Guid Id, string Name, ProjectStatus Status, Guid CustomerId, string CustomerName, Guid UnitId, string UnitName, Guid OwnerId, string OwnerName,
    int StageIndex, int StageCount, string? StageName, double? Estimate, double? Baseline, double? Warning, double? Margin,
    Guid? OpenAlertId, DateTimeOffset? AlertOpenSince, Guid? RecoveryCaseId, string? RecoveryCaseNumber, CaseStatus? RecoveryCaseStatus,
    DateTimeOffset? EstimatedAt, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

/// <summary>A page of the portfolio.</summary>
public sealed record ProjectPage(IReadOnlyList<ProjectRow> Items, int Page, int PageSize, int Total);

/// <summary>A factor of a stage: configured weight, weight in force, smoothed score (null before any reading: the stage baseline counts) and w·score.</summary>
public sealed record FactorDto(string Key, string Name, FactorSource Source, double ConfiguredWeight, double Weight, double Worst, double Best,
    double? Score, double EffectiveScore, double Contribution, int Readings);

/// <summary>A stage with its factors, baseline, warning and — once closed — the estimate against the actual.</summary>
public sealed record StageDto(Guid Id, int Index, string Key, string Name, StageStatus Status, DateTimeOffset? PlannedEndAt, DateTimeOffset? StartedAt,
    DateTimeOffset? ClosedAt, double Baseline, double Warning, int WeightsVersion, double? EstimateAtClose, double? Actual, string? ActualNote, double? Error,
    string? Note, IReadOnlyList<FactorDto> Factors);

/// <summary>One point of the S(t), B and W series.</summary>
public sealed record EstimatePointDto(DateTimeOffset At, Guid StageId, int StageIndex, double Estimate, double Baseline, double Warning, Guid? ReadingId);

/// <summary>A reading as recorded.</summary>
public sealed record ReadingDto(Guid Id, Guid StageId, string FactorKey, FactorSource Source, double RawValue, double Score, double SmoothedScore,
    DateTimeOffset ObservedAt, DateTimeOffset RecordedAt, Guid? RecordedById, Guid? SourceId, string? ExternalKey, string? Note)
{
    public static ReadingDto Of(MonitoringReading r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.StageId, r.FactorKey, r.Source, r.RawValue, r.Score, r.SmoothedScore, r.ObservedAt, r.RecordedAt, r.RecordedById, r.SourceId,
            r.ExternalKey, r.Note);
    }
}

/// <summary>An alert with its causes and its recovery case.</summary>
public sealed record AlertDto(Guid Id, Guid StageId, DateTimeOffset OpenedAt, double EstimateAtOpen, double WarningAtOpen, IReadOnlyList<FactorContribution> Causes,
    Guid? CaseId, string? CaseNumber, CaseStatus? CaseStatus, DateTimeOffset? ClearedAt, double? EstimateAtClear, double Lowest);

/// <summary>A stage-end correction: error, baseline and weights before and after.</summary>
public sealed record CorrectionDto(Guid Id, Guid StageId, int StageIndex, string StageName, Guid? NextStageId, DateTimeOffset At, double Estimate, double Actual,
    double Error, double BaselineBefore, double BaselineAfter, CorrectionKind Kind, int WeightsVersion, IReadOnlyDictionary<string, double> WeightsBefore,
    IReadOnlyDictionary<string, double> WeightsAfter, int Pairs, double? FitError)
{
    public static CorrectionDto Of(StageCorrection c, int stageIndex, string stageName)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.StageId, stageIndex, stageName, c.NextStageId, c.At, c.Estimate, c.Actual, c.Error, c.BaselineBefore, c.BaselineAfter, c.Kind,
            c.WeightsVersion, c.WeightsBefore, c.WeightsAfter, c.Pairs, c.FitError);
    }
}

/// <summary>A (scores, actual) pair kept for the weight re-estimation.</summary>
public sealed record PairDto(Guid Id, Guid StageId, DateTimeOffset At, IReadOnlyDictionary<string, double> Scores, double Estimate, double Actual);

/// <summary>Everything the project page shows.</summary>
public sealed record ProjectDetail(
    ProjectRow Summary, string? TemplateKey, BaselineSource BaselineSource, string? BaselineNote, double InitialBaseline, double WarningMargin,
    double Hysteresis, double SmoothingAlpha, double CorrectionGain, int MinimumPairs, DateTimeOffset? PlannedEndAt, Guid Version,
    IReadOnlyList<StageDto> Stages, IReadOnlyList<EstimatePointDto> Series, IReadOnlyList<ReadingDto> Readings, IReadOnlyList<AlertDto> Alerts,
    IReadOnlyList<CorrectionDto> Corrections, IReadOnlyList<PairDto> Pairs);

/// <summary>The filters of the portfolio.</summary>
public sealed record ProjectFilter(Guid? UnitId = null, ProjectStatus? Status = null, bool? AlertOpen = null, Guid? CustomerId = null, int Page = 1, int PageSize = 50);

/// <summary>Reads service projects in the viewer's organisation and units (no tracking, projections).</summary>
public static class ProjectQueries
{
    public const int MaxPageSize = 200;

    /// <summary>The projects the viewer may see.</summary>
    public static IQueryable<ServiceProject> Visible(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.ServiceProjects.AsNoTracking().Where(p => p.OrganisationId == organisationId);
        return visibleUnits is null ? query : query.Where(p => visibleUnits.Contains(p.UnitId));
    }

    /// <summary>The portfolio: projects with the lowest S − W first (alerts on top), filtered and paged.</summary>
    public static async Task<ProjectPage> PortfolioAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits, ProjectFilter filter,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = Visible(db, organisationId, visibleUnits);
        if (filter.UnitId is { } unitId)
        {
            query = query.Where(p => p.UnitId == unitId);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }
        if (filter.CustomerId is { } customerId)
        {
            query = query.Where(p => p.CustomerId == customerId);
        }
        if (filter.AlertOpen is { } alert)
        {
            query = alert ? query.Where(p => p.OpenAlertId != null) : query.Where(p => p.OpenAlertId == null);
        }
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var ids = await query.Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var rows = await RowsAsync(db, ids.Select(i => i.Id).ToList(), ct);
        var ordered = rows
            .OrderBy(r => r.Status)
            .ThenBy(r => r.OpenAlertId is null ? 1 : 0)
            .ThenBy(r => r.Margin ?? double.MaxValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Skip((page - 1) * size).Take(size).ToList();
        return new ProjectPage(ordered, page, size, total);
    }

    /// <summary>The rows of these projects (any order).</summary>
    public static async Task<List<ProjectRow>> RowsAsync(ManyiDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }
        var projects = await db.ServiceProjects.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.Name, p.Status, p.CustomerId, p.UnitId, p.OwnerId, p.CurrentStage, p.CurrentEstimate, p.EstimatedAt, p.OpenAlertId, p.StartedAt, p.CompletedAt,
                Customer = db.Customers.Where(c => c.Id == p.CustomerId).Select(c => c.Name).FirstOrDefault(),
                Unit = db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == p.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            }).ToListAsync(ct);
        var stages = await db.ProjectStages.AsNoTracking().Where(s => ids.Contains(s.ProjectId))
            .Select(s => new { s.ProjectId, s.Index, s.Name, s.Baseline, s.Warning }).ToListAsync(ct);
        var alertIds = projects.Where(p => p.OpenAlertId != null).Select(p => p.OpenAlertId!.Value).ToList();
        var alerts = alertIds.Count == 0 ? [] : await db.MonitoringAlerts.AsNoTracking().Where(a => alertIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.OpenedAt, a.CaseId,
                Case = db.Cases.Where(c => c.Id == a.CaseId).Select(c => new { c.Number, c.Status }).FirstOrDefault(),
            }).ToListAsync(ct);
        var byProject = stages.GroupBy(s => s.ProjectId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Index).ToList());
        return [.. projects.Select(p =>
        {
            var list = byProject.GetValueOrDefault(p.Id) ?? [];
            // A completed project shows its last stage.
            var stage = list.Count == 0 ? null : list[Math.Min(p.CurrentStage, list.Count - 1)];
            var alert = p.OpenAlertId is { } a ? alerts.FirstOrDefault(x => x.Id == a) : null;
            return new ProjectRow(p.Id, p.Name, p.Status, p.CustomerId, p.Customer ?? "", p.UnitId, p.Unit ?? "", p.OwnerId, p.Owner ?? "",
                Math.Min(p.CurrentStage, Math.Max(0, list.Count - 1)), list.Count, stage?.Name, p.CurrentEstimate, stage?.Baseline, stage?.Warning,
                p.CurrentEstimate is { } s && stage is not null ? s - stage.Warning : null,
                p.OpenAlertId, alert?.OpenedAt, alert?.CaseId, alert?.Case?.Number, alert?.Case?.Status, p.EstimatedAt, p.StartedAt, p.CompletedAt);
        })];
    }

    /// <summary>The project page's data, or null when the project is not in the viewer's scope.</summary>
    public static async Task<ProjectDetail?> DetailAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits, Guid id, CancellationToken ct)
    {
        var project = await Visible(db, organisationId, visibleUnits).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }
        var row = (await RowsAsync(db, [id], ct))[0];
        var stages = await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.Index).ToListAsync(ct);
        var readings = await ReadingsAsync(db, id, ct);
        var series = await SeriesAsync(db, id, stages, ct);
        var alerts = await AlertsAsync(db, id, ct);
        var corrections = await CorrectionsAsync(db, id, stages, ct);
        var pairs = await db.CalibrationPairs.AsNoTracking().Where(p => p.ProjectId == id).OrderBy(p => p.At).ToListAsync(ct);
        return new ProjectDetail(row, project.TemplateKey, project.BaselineSource, project.BaselineNote, project.InitialBaseline, project.WarningMargin,
            project.Hysteresis, project.SmoothingAlpha, project.CorrectionGain, project.MinimumPairs, project.PlannedEndAt, project.Version,
            [.. stages.Select(s => Stage(s, readings))], series, readings, alerts, corrections,
            [.. pairs.Select(p => new PairDto(p.Id, p.StageId, p.At, p.Scores, p.Estimate, p.Actual))]);
    }

    /// <summary>
    /// A stage's factors with the smoothed scores: for the active (and pending) stages the latest readings of the project; for a
    /// closed stage the latest readings recorded up to its close.
    /// </summary>
    private static StageDto Stage(ProjectStage s, IReadOnlyList<ReadingDto> readings)
    {
        var upTo = s.Status == StageStatus.Closed ? s.ClosedAt : null;
        var relevant = readings.Where(r => upTo is null || r.RecordedAt <= upTo).ToList();
        var factors = s.Factors.Select(f =>
        {
            var latest = relevant.Where(r => string.Equals(r.FactorKey, f.Key, StringComparison.Ordinal)).MaxBy(r => r.RecordedAt);
            var weight = s.Weights.GetValueOrDefault(f.Key);
            var effective = latest?.SmoothedScore ?? s.Baseline;
            return new FactorDto(f.Key, f.Name, f.Source, f.Weight, weight, f.Worst, f.Best, latest?.SmoothedScore, effective, weight * effective,
                readings.Count(r => r.StageId == s.Id && string.Equals(r.FactorKey, f.Key, StringComparison.Ordinal)));
        }).ToList();
        return new StageDto(s.Id, s.Index, s.Key, s.Name, s.Status, s.PlannedEndAt, s.StartedAt, s.ClosedAt, s.Baseline, s.Warning, s.WeightsVersion,
            s.EstimateAtClose, s.Actual, s.ActualNote, s.Error, s.Note, factors);
    }

    /// <summary>The project's readings in arrival order.</summary>
    public static async Task<IReadOnlyList<ReadingDto>> ReadingsAsync(ManyiDbContext db, Guid projectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = await db.MonitoringReadings.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.RecordedAt).ToListAsync(ct);
        return [.. list.Select(ReadingDto.Of)];
    }

    /// <summary>The S(t), B, W series in time order.</summary>
    public static async Task<IReadOnlyList<EstimatePointDto>> SeriesAsync(ManyiDbContext db, Guid projectId, IReadOnlyList<ProjectStage>? stages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        stages ??= await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == projectId).ToListAsync(ct);
        var index = stages.ToDictionary(s => s.Id, s => s.Index);
        var points = await db.ProjectEstimates.AsNoTracking().Where(e => e.ProjectId == projectId).OrderBy(e => e.At).ToListAsync(ct);
        return [.. points.Select(e => new EstimatePointDto(e.At, e.StageId, index.GetValueOrDefault(e.StageId), e.Estimate, e.Baseline, e.Warning, e.ReadingId))];
    }

    /// <summary>The project's alerts, newest first, with their recovery cases.</summary>
    public static async Task<IReadOnlyList<AlertDto>> AlertsAsync(ManyiDbContext db, Guid projectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var alerts = await db.MonitoringAlerts.AsNoTracking().Where(a => a.ProjectId == projectId).OrderByDescending(a => a.OpenedAt).ToListAsync(ct);
        var caseIds = alerts.Where(a => a.CaseId != null).Select(a => a.CaseId!.Value).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).Select(c => new { c.Id, c.Number, c.Status }).ToListAsync(ct);
        return [.. alerts.Select(a =>
        {
            var c = cases.FirstOrDefault(x => x.Id == a.CaseId);
            return new AlertDto(a.Id, a.StageId, a.OpenedAt, a.EstimateAtOpen, a.WarningAtOpen, a.Causes, a.CaseId, c?.Number, c?.Status, a.ClearedAt,
                a.EstimateAtClear, a.Lowest);
        })];
    }

    /// <summary>The project's corrections in stage order.</summary>
    public static async Task<IReadOnlyList<CorrectionDto>> CorrectionsAsync(ManyiDbContext db, Guid projectId, IReadOnlyList<ProjectStage>? stages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        stages ??= await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == projectId).ToListAsync(ct);
        var byId = stages.ToDictionary(s => s.Id);
        var list = await db.StageCorrections.AsNoTracking().Where(c => c.ProjectId == projectId).OrderBy(c => c.At).ToListAsync(ct);
        return [.. list.Select(c => CorrectionDto.Of(c, byId.TryGetValue(c.StageId, out var s) ? s.Index : -1, byId.TryGetValue(c.StageId, out var t) ? t.Name : ""))
            .OrderBy(c => c.StageIndex)];
    }
}
