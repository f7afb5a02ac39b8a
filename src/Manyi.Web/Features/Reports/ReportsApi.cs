using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Reports;

/// <summary>Reports generated from the data (product.md M9): wave report, survey summary report (ISO 9001 / IATF 16949),
/// unit comparison, as JSON, Excel and CSV; docs/reports.md.</summary>
public static partial class ReportsApi
{
    /// <summary>The audit action of a report download.</summary>
    public const string AuditAction = "reports.export";

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/wave/{waveId:guid}", GetWaveReportAsync).WithName("GetWaveReport")
            .WithSummary("A wave's report (method, sample, margin of error, results, drivers, priorities, verbatims) as json, xlsx or csv; files need export-data")
            .RequireAuthorization(Policies.ReadData);
        reports.MapGet("/summary", GetSummaryReportAsync).WithName("GetSurveySummaryReport")
            .WithSummary("The customer satisfaction survey summary report (ISO 9001 / IATF 16949 style) of a wave or a period, as json, xlsx or csv")
            .RequireAuthorization(Policies.ReadData);
        reports.MapGet("/units/{waveId:guid}", GetUnitComparisonReportAsync).WithName("GetUnitComparisonReport")
            .WithSummary("A wave's unit comparison report (n, index, CSAT, NPS, attribute means per unit; best and worst) as json, xlsx or csv")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static Task<Results<Ok<Report>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult>> GetWaveReportAsync(
        Guid waveId, string? format, string? unitId, string? segment, string? from, string? to, string? lang,
        HttpContext http, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text,
        IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(ReportKind.Wave, waveId.ToString(), format, unitId, segment, from, to, lang, http, db, user, cache, clock, text, authorization, logs, ct);

    private static Task<Results<Ok<Report>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult>> GetSummaryReportAsync(
        string? waveId, string? format, string? unitId, string? segment, string? from, string? to, string? lang,
        HttpContext http, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text,
        IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(ReportKind.SurveySummary, waveId, format, unitId, segment, from, to, lang, http, db, user, cache, clock, text, authorization, logs, ct);

    private static Task<Results<Ok<Report>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult>> GetUnitComparisonReportAsync(
        Guid waveId, string? format, string? unitId, string? segment, string? lang,
        HttpContext http, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text,
        IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(ReportKind.UnitComparison, waveId.ToString(), format, unitId, segment, null, null, lang, http, db, user, cache, clock, text, authorization, logs, ct);

    private static async Task<Results<Ok<Report>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult>> RunAsync(
        ReportKind kind, string? waveId, string? format, string? unitId, string? segment, string? from, string? to, string? lang,
        HttpContext http, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text,
        IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct)
    {
        var (request, file, errors) = Parse(kind, waveId, format, unitId, segment, from, to, lang ?? CultureInfo.CurrentUICulture.Name);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (file is not null && !(await authorization.AuthorizeAsync(http.User, Policies.ExportData)).Succeeded)
        {
            return TypedResults.Forbid();
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var context = new ReportContext(db, cache, viewer, clock, text);
        var previous = CultureInfo.CurrentUICulture;
        Report? report;
        try
        {
            CultureInfo.CurrentUICulture = ReportFiles.CultureOf(request.Culture);
            report = await ReportFiles.BuildAsync(context, request, ct);
            if (report is null)
            {
                return TypedResults.NotFound();
            }
            if (file is not { } fileFormat)
            {
                return TypedResults.Ok(report);
            }
            var rendered = await ReportFiles.FileAsync(context, report, fileFormat, ct);
            Audit(db, user, clock, report, request, fileFormat);
            await db.SaveChangesAsync(ct);
            Log.Exported(logs.CreateLogger("Manyi.Reports"), kind.ToString(), fileFormat.ToString(), report.Traces.Sum(t => t.Responses));
            return TypedResults.File(rendered.Content, rendered.ContentType, rendered.FileName);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Writes the audit entry of a report file (kind, format, waves, filter names; no data).</summary>
    public static void Audit(ManyiDbContext db, CurrentUser user, TimeProvider clock, Report report, ReportRequest request, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        var filters = new List<string>();
        if (request.UnitId is not null)
        {
            filters.Add("unitId");
        }
        if (request.Segment is not null)
        {
            filters.Add("segment");
        }
        if (request.From is not null)
        {
            filters.Add("from");
        }
        if (request.To is not null)
        {
            filters.Add("to");
        }
        AuditLog.Write(db, user, clock, AuditAction,
            request.WaveId is { } wave ? "wave:" + wave.ToString("D", CultureInfo.InvariantCulture) : "period",
            string.Create(CultureInfo.InvariantCulture,
                $"kind={report.Kind.ToString().ToLowerInvariant()} format={format.ToString().ToLowerInvariant()} waves={report.Traces.Count} filters={(filters.Count == 0 ? "none" : string.Join(",", filters))}"));
    }

    /// <summary>Reads the query of a report; errors name the field.</summary>
    public static (ReportRequest Request, ReportFormat? File, Dictionary<string, string[]> Errors) Parse(
        ReportKind kind, string? waveId, string? format, string? unitId, string? segment, string? from, string? to, string culture)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ReportFormat? file = null;
        switch ((format ?? "json").Trim().ToLowerInvariant())
        {
            case "json":
                break;
            case "xlsx":
                file = ReportFormat.Excel;
                break;
            case "csv":
                file = ReportFormat.Csv;
                break;
            default:
                errors["format"] = ["format must be json, xlsx or csv"];
                break;
        }
        Guid? wave = null;
        if (!string.IsNullOrWhiteSpace(waveId))
        {
            if (Guid.TryParse(waveId, CultureInfo.InvariantCulture, out var w))
            {
                wave = w;
            }
            else
            {
                errors["waveId"] = ["waveId must be a wave's id"];
            }
        }
        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(unitId))
        {
            if (Guid.TryParse(unitId, CultureInfo.InvariantCulture, out var u))
            {
                unit = u;
            }
            else
            {
                errors["unitId"] = ["unitId must be a unit's id"];
            }
        }
        var segmentText = string.IsNullOrWhiteSpace(segment) ? null : segment.Trim();
        if (segmentText is { Length: > ResultsFilter.MaxSegmentLength })
        {
            errors["segment"] = [$"segment must be at most {ResultsFilter.MaxSegmentLength} characters"];
        }
        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && t < f)
        {
            errors["to"] = ["to must not be before from"];
        }
        if (kind == ReportKind.SurveySummary && wave is null && !errors.ContainsKey("waveId") && (fromDay is null || toDay is null))
        {
            errors[fromDay is null ? "from" : "to"] = ["give waveId, or a period with from and to (yyyy-MM-dd)"];
        }
        return (new ReportRequest(kind, wave, unit, segmentText, fromDay, toDay, culture), file, errors);
    }

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[field] = [$"{field} must be a date yyyy-MM-dd"];
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(7301, LogLevel.Information, "Report {Kind} downloaded as {Format} ({Responses} responses)")]
        public static partial void Exported(ILogger logger, string kind, string format, long responses);
    }
}
