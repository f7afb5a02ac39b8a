using System.Globalization;
using Manyi.Analytics.Pls;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Monitoring;

/// <summary>
/// Builds the stage diagnostic report, the internal service quality diagnostic report and the external satisfaction report of a
/// service project (product.md M8) from the stored entities: stages, readings, estimates, alerts, calibration pairs, corrections
/// and the customer's cases. It selects and arranges figures; every figure it computes is a plain sum, count, difference or
/// median (<see cref="PlsPathModeling.Quantile"/>). docs/monitoring-reports.md describes each table.
/// </summary>
public static class ProjectReportBuilder
{
    /// <summary>A stage report of the project's stage, or a final report.</summary>
    public static async Task<ProjectReportResult> BuildAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? units, TimeProvider clock, ProjectReportText text,
        Guid projectId, ProjectReportKind kind, Guid? stageId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(text);
        var data = await ProjectReportData.LoadAsync(db, organisationId, units, clock, projectId, ct);
        if (data is null)
        {
            return new(ProjectReportOutcome.NotFound, null);
        }
        if (kind == ProjectReportKind.Stage)
        {
            var stage = data.Stages.FirstOrDefault(s => s.Id == stageId);
            return stage is null || stage.Status == StageStatus.Pending
                ? new(ProjectReportOutcome.NotFound, null)
                : new(ProjectReportOutcome.Built, StageReport(data, stage, text));
        }
        if (data.Project.Status != ProjectStatus.Completed)
        {
            return new(ProjectReportOutcome.NotCompleted, null);
        }
        return new(ProjectReportOutcome.Built, kind == ProjectReportKind.Internal ? InternalReport(data, text) : ExternalReport(data, text));
    }

    // ---- 1. Stage diagnostic report ------------------------------------------------------------------------------------------

    private static ProjectReport StageReport(ProjectReportData data, ProjectStage stage, ProjectReportText t)
    {
        var interim = stage.Status != StageStatus.Closed;
        var estimate = interim ? data.Project.CurrentEstimate : stage.EstimateAtClose;
        var factors = data.FactorsAt(stage);
        var alerts = data.Alerts.Where(a => a.StageId == stage.Id).OrderBy(a => a.OpenedAt).ToList();
        var cases = data.CasesIn(stage).Where(c => c.Kind != CaseKind.Recovery).ToList();
        var recoveries = alerts.Where(a => a.CaseId is not null).Select(a => data.CaseById.GetValueOrDefault(a.CaseId!.Value)).OfType<Case>().ToList();
        var readings = data.Readings.Where(r => r.StageId == stage.Id).ToList();
        var below = readings.Where(r => r.Score < stage.Baseline).OrderBy(r => r.ObservedAt).ThenBy(r => r.RecordedAt).ToList();
        var correction = data.Corrections.FirstOrDefault(c => c.StageId == stage.Id);

        var level = new ReportTable("level", t.T("Table.Level"), t.Cols("measure", "value"),
        [
            [t.T(interim ? "Measure.EstimateNow" : "Measure.EstimateAtClose"), N(estimate)],
            [t.T("Measure.Actual"), N(stage.Actual)],
            [t.T("Measure.Error"), N(stage.Error)],
            [t.T("Measure.Baseline"), N(stage.Baseline)],
            [t.T("Measure.Warning"), N(stage.Warning)],
            [t.T("Measure.WeightsVersion"), (long)stage.WeightsVersion],
        ]);
        var factorTable = new ReportTable("factors", t.T("Table.Factors"), t.Cols("factor", "source", "weight", "score", "contribution"),
            [.. factors.Select(f => new object?[] { f.Name, Source(t, f.Source), f.Weight, f.Score, f.Weight * f.Score })])
        {
            Notes = [t.T("Note.Contribution")],
        };
        var alertTable = AlertTable("alerts", data, alerts, t, withStage: false);
        var caseTable = new ReportTable("cases", t.T("Table.Cases"), t.Cols("case", "category", "kind", "status", "received", "responseHours", "resolutionHours", "breached"),
            [.. cases.Select(c => new object?[]
            {
                c.Number, data.CategoryName(c.CategoryId), Camel(c.Kind.ToString()), Camel(c.Status.ToString()), ReportContext.Time(c.ReceivedAt),
                N(data.ResponseHours(c)), N(data.ResolutionHours(c)), t.T(ProjectReportData.Breached(c) ? "Yes" : "No"),
            })]);
        var recoveryTable = RecoveryTable(data, recoveries, t, internalView: true);
        var belowTable = new ReportTable("below-baseline", t.T("Table.BelowBaseline"), t.Cols("observed", "factor", "raw", "score", "smoothed", "note"),
            [.. below.Select(r => new object?[] { ReportContext.Time(r.ObservedAt), data.FactorName(r.FactorKey), r.RawValue, r.Score, r.SmoothedScore, r.Note })]);

        var sections = new List<ReportSection>
        {
            new("level", t.T("Section.Level"), interim ? [t.T("Text.Interim")] : [], [level]),
            new("factors", t.T("Section.Factors"), [], [factorTable]),
            new("problems", t.T("Section.Problems"), [], [alertTable, caseTable]),
            new("recovery", t.T("Section.Recovery"), [], [recoveryTable]),
            new("below-baseline", t.T("Section.BelowBaseline"), [t.F("Text.BelowBaseline", Fmt(stage.Baseline))], [belowTable]),
        };
        if (correction is not null)
        {
            sections.Add(new("correction", t.T("Section.Correction"), [CorrectionLine(data, correction, t)],
                [CorrectionTable(data, [correction], t), WeightTable(data, [correction], t)]));
        }
        else
        {
            sections.Add(new("correction", t.T("Section.Correction"), [t.T(interim ? "Text.CorrectionAtClose" : "Text.NoCorrection")], []));
        }
        var title = t.F("Title.Stage", stage.Name) + (interim ? " " + t.T("Title.InterimMark") : string.Empty);
        var header = Header(data, t);
        header.Add(new(t.T("Header.Stage"), StageLabel(stage)));
        header.Add(new(t.T("Header.Period"), ReportContext.Time(stage.StartedAt) + " – " + (stage.ClosedAt is { } closed ? ReportContext.Time(closed) : t.T("Header.Open"))));
        return new ProjectReport(ProjectReportKind.Stage, title, "project-stage-" + stage.Key, interim, header, sections,
            data.Trace([stage], readings.Count, data.CasesIn(stage).Count));
    }

    // ---- 2. Internal service quality diagnostic report -----------------------------------------------------------------------

    private static ProjectReport InternalReport(ProjectReportData data, ProjectReportText t)
    {
        var closed = data.Stages.Where(s => s.Status == StageStatus.Closed).ToList();
        var errors = closed.Where(s => s.Error is not null).Select(s => Math.Abs(s.Error!.Value)).ToList();
        var accuracy = new ReportTable("accuracy", t.T("Table.Accuracy"), t.Cols("stage", "estimate", "actual", "error", "absError", "baseline", "warning"),
            [.. closed.Select(s => new object?[] { StageLabel(s), N(s.EstimateAtClose), N(s.Actual), N(s.Error), N(s.Error is { } e ? Math.Abs(e) : null), s.Baseline, s.Warning })]);
        var accuracyText = new List<string>();
        if (errors.Count > 0)
        {
            accuracyText.Add(t.F("Text.Mae", Fmt(errors.Average()), errors.Count));
        }
        if (errors.Count >= 2)
        {
            accuracyText.Add(t.F("Text.Trend", Fmt(errors[0]), Fmt(errors[^1]), Fmt(errors[^1] - errors[0]),
                t.T(errors[^1] < errors[0] ? "Trend.Better" : errors[^1] > errors[0] ? "Trend.Worse" : "Trend.Same")));
        }
        var performance = new ReportTable("factor-performance", t.T("Table.FactorPerformance"), t.Cols("stage", "factor", "weight", "score", "contribution"),
            [.. closed.SelectMany(s => data.FactorsAt(s).Select(f => new object?[] { StageLabel(s), f.Name, f.Weight, f.Score, f.Weight * f.Score }))]);

        var alerts = data.Alerts.OrderBy(a => a.OpenedAt).ToList();
        var alertTable = AlertTable("alerts", data, alerts, t, withStage: true);
        var belowW = data.HoursBelowWarning();
        var cleared = alerts.Where(a => a.ClearedAt is not null).Select(a => (a.ClearedAt!.Value - a.OpenedAt).TotalHours).ToList();
        var alertText = new List<string> { t.F("Text.AlertSummary", alerts.Count, cleared.Count, Fmt(belowW)) };
        var recoveries = alerts.Where(a => a.CaseId is not null).Select(a => data.CaseById.GetValueOrDefault(a.CaseId!.Value)).OfType<Case>().ToList();

        var caseRows = new List<object?[]>();
        foreach (var stage in closed)
        {
            caseRows.Add(CaseStatistics(data, StageLabel(stage), data.CasesIn(stage).Where(c => c.Kind != CaseKind.Recovery).ToList()));
        }
        caseRows.Add(CaseStatistics(data, t.T("Total"), [.. data.Cases.Where(c => c.Kind != CaseKind.Recovery && data.StageOf(c) is not null)]));
        var caseTable = new ReportTable("case-statistics", t.T("Table.CaseStatistics"),
            t.Cols("stage", "cases", "resolved", "medianResponseHours", "medianResolutionHours", "breaches"), caseRows)
        {
            Notes = [t.T("Note.BusinessHours")],
        };

        var corrections = data.Corrections.OrderBy(c => data.StageIndex(c.StageId)).ToList();
        var lessons = data.Alerts.SelectMany(a => a.Causes.Select(c => (Alert: a.Id, Cause: c)))
            .GroupBy(x => x.Cause.FactorKey, StringComparer.Ordinal)
            .Select(g => new
            {
                Name = data.FactorName(g.Key),
                Alerts = g.Select(x => x.Alert).Distinct().LongCount(),
                Contribution = g.Sum(x => x.Cause.Contribution),
            })
            .OrderByDescending(x => x.Contribution).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        var lessonTable = new ReportTable("lessons", t.T("Table.Lessons"), t.Cols("factor", "alerts", "contribution"),
            [.. lessons.Select(l => new object?[] { l.Name, l.Alerts, l.Contribution })])
        {
            Notes = [t.T("Note.Lessons")],
        };

        var sections = new List<ReportSection>
        {
            new("accuracy", t.T("Section.Accuracy"), accuracyText, [accuracy]),
            new("factor-performance", t.T("Section.FactorPerformance"), [], [performance]),
            new("alerts", t.T("Section.Alerts"), alertText, [alertTable, RecoveryTable(data, recoveries, t, internalView: true)]),
            new("case-statistics", t.T("Section.CaseStatistics"), [], [caseTable]),
            new("corrections", t.T("Section.Corrections"), [.. corrections.Select(c => CorrectionLine(data, c, t))],
                [CorrectionTable(data, corrections, t), WeightTable(data, corrections, t)]),
            new("lessons", t.T("Section.Lessons"), lessons.Count == 0 ? [t.T("Text.NoAlerts")] : [], [lessonTable]),
        };
        var header = Header(data, t);
        header.Add(new(t.T("Header.Period"), ReportContext.Time(data.Project.StartedAt) + " – " + ReportContext.Time(data.Project.CompletedAt)));
        return new ProjectReport(ProjectReportKind.Internal, t.T("Title.Internal"), "project-internal", false, header, sections,
            data.Trace(data.Stages, data.Readings.Count, data.Cases.Count(c => data.StageOf(c) is not null)));
    }

    private static object?[] CaseStatistics(ProjectReportData data, string label, List<Case> cases)
    {
        var response = cases.Select(data.ResponseHours).OfType<double>().Order().ToList();
        var resolution = cases.Select(data.ResolutionHours).OfType<double>().Order().ToList();
        return
        [
            label, (long)cases.Count, (long)cases.Count(c => c.ResolvedAt is not null),
            N(response.Count == 0 ? null : PlsPathModeling.Quantile(response, 0.5)),
            N(resolution.Count == 0 ? null : PlsPathModeling.Quantile(resolution, 0.5)),
            (long)cases.Count(ProjectReportData.Breached),
        ];
    }

    // ---- 3. External satisfaction report -------------------------------------------------------------------------------------

    private static ProjectReport ExternalReport(ProjectReportData data, ProjectReportText t)
    {
        var measured = data.Stages.Where(s => s.Actual is not null).ToList();
        var stages = new ReportTable("stages", t.T("Table.ExternalStages"), t.Cols("stage", "started", "closed", "satisfaction"),
            [.. data.Stages.Select(s => new object?[] { StageLabel(s), ReportContext.Time(s.StartedAt), ReportContext.Time(s.ClosedAt), N(s.Actual) })]);
        var overall = measured.Count == 0 ? (double?)null : measured.Average(s => s.Actual!.Value);
        var delivery = new ReportTable("delivery", t.T("Table.Delivery"), t.Cols("stage", "milestones", "onTime", "onTimeShare"),
            [.. data.Stages.Select(s =>
            {
                var milestones = data.Readings.Where(r => r.StageId == s.Id && r.Source == FactorSource.Milestones).ToList();
                return new object?[]
                {
                    StageLabel(s), (long)milestones.Count, (long)milestones.Count(r => r.RawValue >= 1),
                    N(milestones.Count == 0 ? null : 100 * milestones.Average(r => Math.Clamp(r.RawValue, 0, 1))),
                };
            })])
        {
            Notes = [t.T("Note.OnTime")],
        };
        var issues = new ReportTable("issues", t.T("Table.Issues"), t.Cols("stage", "raised", "resolved"),
            [.. data.Stages.Select(s =>
            {
                var raised = data.CasesIn(s).Where(c => c.Kind != CaseKind.Recovery).ToList();
                return new object?[] { StageLabel(s), (long)raised.Count, (long)raised.Count(c => c.ResolvedAt is not null) };
            })]);
        var recoveries = data.Alerts.OrderBy(a => a.OpenedAt).Where(a => a.CaseId is not null)
            .Select(a => data.CaseById.GetValueOrDefault(a.CaseId!.Value)).OfType<Case>().ToList();
        var contact = data.Owner is null ? "–" : data.Owner.Value.Email is { Length: > 0 } email ? data.Owner.Value.Name + " <" + email + ">" : data.Owner.Value.Name;
        var sections = new List<ReportSection>
        {
            new("summary", t.T("Section.ExternalSummary"),
            [
                t.F("Text.ExternalIntro", data.CustomerName, data.Project.Name),
                overall is { } o ? t.F("Text.Overall", Fmt(o), measured.Count) : t.T("Text.NoActual"),
                t.F("Text.Contact", contact),
            ], [stages]),
            new("delivery", t.T("Section.Delivery"), [], [delivery]),
            new("issues", t.T("Section.Issues"), [], [issues]),
            new("improvements", t.T("Section.Improvements"), recoveries.Count == 0 ? [t.T("Text.NoImprovements")] : [],
                [RecoveryTable(data, recoveries, t, internalView: false)]),
        };
        var header = new List<ReportField>
        {
            new(t.T("Header.Customer"), data.CustomerName),
            new(t.T("Header.Project"), data.Project.Name),
            new(t.T("Header.Period"), ReportContext.Time(data.Project.StartedAt) + " – " + ReportContext.Time(data.Project.CompletedAt)),
            new(t.T("Header.Contact"), contact),
        };
        return new ProjectReport(ProjectReportKind.External, t.T("Title.External"), "project-external", false, header, sections,
            data.Trace(data.Stages, data.Readings.Count, data.Cases.Count(c => data.StageOf(c) is not null)));
    }

    // ---- shared parts --------------------------------------------------------------------------------------------------------

    private static List<ReportField> Header(ProjectReportData data, ProjectReportText t) =>
    [
        new(t.T("Header.Project"), data.Project.Name),
        new(t.T("Header.Customer"), data.CustomerName),
        new(t.T("Header.Unit"), data.UnitName),
        new(t.T("Header.Owner"), data.Owner?.Name ?? "–"),
        new(t.T("Header.Status"), t.T("Status." + data.Project.Status)),
        new(t.T("Header.Baseline"), Fmt(data.Project.InitialBaseline) + " (" + t.T("BaselineSource." + data.Project.BaselineSource) + ")"),
    ];

    private static ReportTable AlertTable(string key, ProjectReportData data, List<MonitoringAlert> alerts, ProjectReportText t, bool withStage)
    {
        var columns = new List<string> { "opened", "estimateAtOpen", "warning", "lowest", "cleared", "estimateAtClear", "hoursToClear", "causes", "recoveryCase" };
        if (withStage)
        {
            columns.Insert(0, "stage");
        }
        return new ReportTable(key, t.T("Table.Alerts"), t.Cols([.. columns]),
            [.. alerts.Select(a =>
            {
                var row = new List<object?>
                {
                    ReportContext.Time(a.OpenedAt), a.EstimateAtOpen, a.WarningAtOpen, a.Lowest, a.ClearedAt is null ? t.T("Alert.Open") : ReportContext.Time(a.ClearedAt),
                    N(a.EstimateAtClear), N(a.ClearedAt is { } c ? (c - a.OpenedAt).TotalHours : null),
                    string.Join("; ", a.Causes.Take(3).Select(c => data.FactorName(c.FactorKey) + " " + Fmt(c.Contribution))),
                    a.CaseId is { } id && data.CaseById.TryGetValue(id, out var recovery) ? recovery.Number : null,
                };
                if (withStage)
                {
                    row.Insert(0, data.Stages.FirstOrDefault(s => s.Id == a.StageId) is { } stage ? StageLabel(stage) : null);
                }
                return row.ToArray();
            })]);
    }

    /// <summary>Recovery cases and how they were solved; the external view leaves out the case number, the handlers and the notes.</summary>
    private static ReportTable RecoveryTable(ProjectReportData data, List<Case> recoveries, ProjectReportText t, bool internalView) =>
        internalView
            ? new ReportTable("recovery", t.T("Table.Recovery"), t.Cols("case", "status", "opened", "resolved", "resolution", "notes"),
                [.. recoveries.Select(c => new object?[]
                {
                    c.Number, Camel(c.Status.ToString()), ReportContext.Time(c.ReceivedAt), c.ResolvedAt is null ? null : ReportContext.Time(c.ResolvedAt),
                    c.Resolution, string.Join(" | ", data.Notes.GetValueOrDefault(c.Id) ?? []),
                })])
            : new ReportTable("improvements", t.T("Table.Improvements"), t.Cols("resolved", "improvement"),
                [.. recoveries.Where(c => c.ResolvedAt is not null && !string.IsNullOrWhiteSpace(c.Resolution))
                    .Select(c => new object?[] { ReportContext.Time(c.ResolvedAt), c.Resolution })]);

    private static ReportTable CorrectionTable(ProjectReportData data, List<StageCorrection> corrections, ProjectReportText t) =>
        new("corrections", t.T("Table.Corrections"), t.Cols("stage", "nextStage", "estimate", "actual", "error", "baselineBefore", "baselineAfter", "kind", "weightsVersion", "pairs", "fitError"),
            [.. corrections.Select(c => new object?[]
            {
                data.StageLabel(c.StageId), c.NextStageId is { } next ? data.StageLabel(next) : null, c.Estimate, c.Actual, c.Error, c.BaselineBefore, c.BaselineAfter,
                t.T("Kind." + c.Kind), (long)c.WeightsVersion, (long)c.Pairs, N(c.FitError),
            })]);

    private static ReportTable WeightTable(ProjectReportData data, List<StageCorrection> corrections, ProjectReportText t) =>
        new("weights", t.T("Table.Weights"), t.Cols("stage", "weightsVersion", "factor", "before", "after", "change"),
            [.. corrections.SelectMany(c => c.WeightsBefore.Keys.Union(c.WeightsAfter.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(key =>
            {
                double? before = c.WeightsBefore.TryGetValue(key, out var b) ? b : null;
                double? after = c.WeightsAfter.TryGetValue(key, out var a) ? a : null;
                return new object?[] { data.StageLabel(c.StageId), (long)c.WeightsVersion, data.FactorName(key), N(before), N(after), N(after - before) };
            }))]);

    /// <summary>"weights v3: delivery 0.32 → 0.41 after stage 2" (the largest changes first).</summary>
    private static string CorrectionLine(ProjectReportData data, StageCorrection c, ProjectReportText t)
    {
        var changes = c.WeightsAfter.Select(w => (Key: w.Key, Before: c.WeightsBefore.GetValueOrDefault(w.Key), After: w.Value))
            .Where(w => Math.Abs(w.After - w.Before) >= 0.005).OrderByDescending(w => Math.Abs(w.After - w.Before)).ThenBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => data.FactorName(w.Key) + " " + w.Before.ToString("0.00", CultureInfo.InvariantCulture) + " → " + w.After.ToString("0.00", CultureInfo.InvariantCulture))
            .ToList();
        var baseline = t.F("Text.BaselineChange", Fmt(c.BaselineBefore), Fmt(c.BaselineAfter), Fmt(c.Error));
        return c.Kind == CorrectionKind.WeightsEstimated
            ? t.F("Text.WeightsEstimated", c.WeightsVersion, changes.Count == 0 ? t.T("Text.NoWeightChange") : string.Join(", ", changes), data.StageNumber(c.StageId), c.Pairs) + " " + baseline
            : t.F("Text.WeightsKept", c.WeightsVersion, data.StageNumber(c.StageId), c.Pairs, data.Project.MinimumPairs) + " " + baseline;
    }

    internal static string StageLabel(ProjectStage stage) => (stage.Index + 1).ToString(CultureInfo.InvariantCulture) + ". " + stage.Name;

    private static string Source(ProjectReportText t, FactorSource source) => t.T("Source." + source);

    private static string Camel(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);

    private static object? N(double? value) => ReportContext.N(value);

    private static string Fmt(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A factor of a stage as the report shows it: weight in force and smoothed score (at close, or now for the active stage).</summary>
internal sealed record ReportFactor(string Key, string Name, FactorSource Source, double Weight, double Score);

/// <summary>Everything a project report reads, loaded once (read-only, organisation and unit scope applied).</summary>
internal sealed class ProjectReportData
{
    public required ServiceProject Project { get; init; }

    public required List<ProjectStage> Stages { get; init; }

    public required List<MonitoringReading> Readings { get; init; }

    public required List<ProjectEstimate> Estimates { get; init; }

    public required List<MonitoringAlert> Alerts { get; init; }

    public required List<CalibrationPair> Pairs { get; init; }

    public required List<StageCorrection> Corrections { get; init; }

    public required List<Case> Cases { get; init; }

    public required Dictionary<Guid, Case> CaseById { get; init; }

    public required Dictionary<Guid, List<string>> Notes { get; init; }

    public required Dictionary<Guid, string> Categories { get; init; }

    public required string CustomerName { get; init; }

    public required string UnitName { get; init; }

    public required (string Name, string? Email)? Owner { get; init; }

    public required BusinessCalendarDefinition Calendar { get; init; }

    public required DateTimeOffset Now { get; init; }

    public static async Task<ProjectReportData?> LoadAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? units, TimeProvider clock, Guid projectId, CancellationToken ct)
    {
        var project = await db.ServiceProjects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && p.OrganisationId == organisationId, ct);
        if (project is null || (units is not null && !units.Contains(project.UnitId)))
        {
            return null;
        }
        var stages = (await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == projectId).ToListAsync(ct)).OrderBy(s => s.Index).ToList();
        var readings = await db.MonitoringReadings.AsNoTracking().Where(r => r.ProjectId == projectId).ToListAsync(ct);
        var estimates = await db.ProjectEstimates.AsNoTracking().Where(e => e.ProjectId == projectId).ToListAsync(ct);
        var alerts = await db.MonitoringAlerts.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(ct);
        var pairs = await db.CalibrationPairs.AsNoTracking().Where(p => p.ProjectId == projectId).ToListAsync(ct);
        var corrections = await db.StageCorrections.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(ct);
        var recoveryIds = alerts.Where(a => a.CaseId is not null).Select(a => a.CaseId!.Value).ToList();
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && ((c.CustomerId == project.CustomerId && c.ReceivedAt >= project.StartedAt) || recoveryIds.Contains(c.Id)))
            .ToListAsync(ct);
        cases = [.. cases.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Number, StringComparer.Ordinal)];
        var notes = (await db.CaseEvents.AsNoTracking()
                .Where(e => e.OrganisationId == organisationId && e.Kind == CaseEventKind.Noted && recoveryIds.Contains(e.CaseId))
                .Select(e => new { e.CaseId, e.At, e.Note }).ToListAsync(ct))
            .Where(e => !string.IsNullOrWhiteSpace(e.Note)).OrderBy(e => e.At)
            .GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.Select(e => e.Note!).ToList());
        var chinese = ProjectReportText.Chinese;
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.NameZh, c.NameEn }).ToDictionaryAsync(c => c.Id, c => chinese ? c.NameZh : c.NameEn ?? c.NameZh, ct);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == project.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == project.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == project.OwnerId && u.OrganisationId == organisationId)
            .Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct);
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        return new ProjectReportData
        {
            Project = project, Stages = stages, Readings = readings, Estimates = estimates, Alerts = alerts, Pairs = pairs, Corrections = corrections,
            Cases = cases, CaseById = cases.ToDictionary(c => c.Id), Notes = notes, Categories = categories,
            CustomerName = customer ?? "–", UnitName = unit ?? "–", Owner = owner is null ? null : (owner.DisplayName, owner.Email),
            Calendar = rules.Calendar, Now = clock.GetUtcNow(),
        };
    }

    /// <summary>The stage during which the case was received (started ≤ received &lt; closed), or null.</summary>
    public ProjectStage? StageOf(Case c) => Stages.FirstOrDefault(s => s.StartedAt is { } start && c.ReceivedAt >= start && (s.ClosedAt is not { } end || c.ReceivedAt < end));

    /// <summary>The customer's cases received in the stage (recovery cases included; callers filter).</summary>
    public List<Case> CasesIn(ProjectStage stage) => [.. Cases.Where(c => StageOf(c)?.Id == stage.Id)];

    public double? ResponseHours(Case c) => c.FirstRespondedAt is { } at ? Calendar.BusinessMinutesBetween(c.ReceivedAt, at) / 60 : null;

    public double? ResolutionHours(Case c) => c.ResolvedAt is { } at ? Math.Max(0, Calendar.BusinessMinutesBetween(c.ClockStartedAt, at) - c.PausedMinutes) / 60 : null;

    public static bool Breached(Case c) => c.FirstResponseBreachedAt is not null || c.ResolutionBreachedAt is not null
        || (c.FirstResponseDueAt is { } rd && c.FirstRespondedAt > rd) || (c.ResolutionDueAt is { } sd && c.ResolvedAt > sd);

    public string CategoryName(Guid? id) => id is { } value && Categories.TryGetValue(value, out var name) ? name : "–";

    public string FactorName(string key) =>
        Stages.SelectMany(s => s.Factors).FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal))?.Name ?? key;

    public int StageIndex(Guid stageId) => Stages.FindIndex(s => s.Id == stageId);

    /// <summary>"2 (Design)": the stage's number and name, as in "after stage 2 (Design)".</summary>
    public string StageNumber(Guid stageId) => Stages.FirstOrDefault(s => s.Id == stageId) is { } stage
        ? (stage.Index + 1).ToString(CultureInfo.InvariantCulture) + " (" + stage.Name + ")"
        : stageId.ToString();

    public string StageLabel(Guid stageId) => Stages.FirstOrDefault(s => s.Id == stageId) is { } stage ? ProjectReportBuilder.StageLabel(stage) : stageId.ToString();

    /// <summary>
    /// The stage's factors with the weights in force and their smoothed scores: for a closed stage those of the calibration pair
    /// written at its close (the scores S_est was computed from); for the active stage the latest smoothed score of each factor
    /// (a factor key read in an earlier stage carries over), or the stage baseline B for a factor not read yet.
    /// </summary>
    public List<ReportFactor> FactorsAt(ProjectStage stage)
    {
        var closingPair = stage.Status == StageStatus.Closed
            ? Pairs.Where(p => p.StageId == stage.Id).OrderByDescending(p => p.At).FirstOrDefault()
            : null;
        var until = stage.ClosedAt ?? Now;
        return [.. stage.Factors.Select(f =>
        {
            double score;
            if (closingPair is not null && closingPair.Scores.TryGetValue(f.Key, out var paired))
            {
                score = paired;
            }
            else
            {
                var last = Readings.Where(r => string.Equals(r.FactorKey, f.Key, StringComparison.Ordinal) && r.RecordedAt <= until && StageIndex(r.StageId) <= stage.Index)
                    .OrderBy(r => StageIndex(r.StageId)).ThenBy(r => r.RecordedAt).ThenBy(r => r.ObservedAt).LastOrDefault();
                score = last?.SmoothedScore ?? stage.Baseline;
            }
            return new ReportFactor(f.Key, f.Name, f.Source, stage.Weights.TryGetValue(f.Key, out var w) ? w : f.Weight, score);
        })];
    }

    /// <summary>Hours S(t) spent below W: from each point of the series below its W to the next point (or now / completion).</summary>
    public double HoursBelowWarning()
    {
        var series = Estimates.OrderBy(e => e.At).ToList();
        var end = Project.CompletedAt ?? Now;
        var hours = 0.0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Estimate < series[i].Warning)
            {
                var next = i + 1 < series.Count ? series[i + 1].At : end;
                hours += Math.Max(0, (next - series[i].At).TotalHours);
            }
        }
        return hours;
    }

    public ProjectReportTrace Trace(IEnumerable<ProjectStage> stages, int readings, int cases) =>
        new(Project.Id, Project.Name, [.. stages.Select(ProjectReportBuilder.StageLabel)], readings, cases, Now);
}
