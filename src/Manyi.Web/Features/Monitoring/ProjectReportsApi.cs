using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Monitoring;

/// <summary>
/// The stage diagnostic report and the two final reports of a service project (product.md M8; docs/monitoring-reports.md) as
/// JSON (read-data), Excel or CSV (export-data, audited as <c>project-reports.export</c>). The final reports of a project that
/// is not Completed answer 409.
/// </summary>
public static partial class ProjectReportsApi
{
    /// <summary>The audit action of a project report download.</summary>
    public const string AuditAction = "project-reports.export";

    /// <summary>Maps the routes of this feature.</summary>
    public static IEndpointRouteBuilder MapProjectReportsApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var reports = api.MapGroup("/projects/{id:guid}/reports").WithTags("Project reports");
        reports.MapGet("/stage/{stageId:guid}", GetStageReportAsync).WithName("GetProjectStageReport")
            .WithSummary("A stage's diagnostic report (interim for the active stage) as json, xlsx or csv; files need export-data")
            .RequireAuthorization(Policies.ReadData);
        reports.MapGet("/internal", GetInternalReportAsync).WithName("GetProjectInternalReport")
            .WithSummary("The internal service quality diagnostic report of a completed project as json, xlsx or csv; 409 before completion")
            .RequireAuthorization(Policies.ReadData);
        reports.MapGet("/external", GetExternalReportAsync).WithName("GetProjectExternalReport")
            .WithSummary("The external satisfaction report for the customer of a completed project as json, xlsx or csv; 409 before completion")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static Task<Results<Ok<ProjectReport>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> GetStageReportAsync(
        Guid id, Guid stageId, string? format, string? lang, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(id, ProjectReportKind.Stage, stageId, format, lang, http, db, user, clock, text, authorization, logs, ct);

    private static Task<Results<Ok<ProjectReport>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> GetInternalReportAsync(
        Guid id, string? format, string? lang, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(id, ProjectReportKind.Internal, null, format, lang, http, db, user, clock, text, authorization, logs, ct);

    private static Task<Results<Ok<ProjectReport>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> GetExternalReportAsync(
        Guid id, string? format, string? lang, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct) =>
        RunAsync(id, ProjectReportKind.External, null, format, lang, http, db, user, clock, text, authorization, logs, ct);

    private static async Task<Results<Ok<ProjectReport>, FileContentHttpResult, NotFound, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> RunAsync(
        Guid id, ProjectReportKind kind, Guid? stageId, string? format, string? lang, HttpContext http, ManyiDbContext db, CurrentUser user,
        TimeProvider clock, IStringLocalizer<ProjectReportsResource> text, IAuthorizationService authorization, ILoggerFactory logs, CancellationToken ct)
    {
        var (file, errors) = ParseFormat(format);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (file is not null && !(await authorization.AuthorizeAsync(http.User, Policies.ExportData)).Succeeded)
        {
            return TypedResults.Forbid();
        }
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ReportFiles.CultureOf(lang ?? previous.Name);
            var words = new ProjectReportText(text);
            var result = await ProjectReportBuilder.BuildAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), clock, words, id, kind, stageId, ct);
            switch (result.Outcome)
            {
                case ProjectReportOutcome.NotFound:
                    return TypedResults.NotFound();
                case ProjectReportOutcome.NotCompleted:
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The project is not completed",
                        detail: "The final reports exist once every stage is closed (status completed).");
            }
            var report = result.Report!;
            if (file is not { } csv)
            {
                return TypedResults.Ok(report);
            }
            var rendered = await ProjectReportFiles.RenderAsync(report, words, csv, clock.GetUtcNow(), ct);
            Audit(db, user, clock, id, report, stageId, csv);
            await db.SaveChangesAsync(ct);
            Log.Exported(logs.CreateLogger("Manyi.Monitoring"), kind.ToString(), csv ? "csv" : "xlsx", report.Trace.Readings);
            return TypedResults.File(rendered.Content, rendered.ContentType, rendered.FileName);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>json (null), xlsx (false) or csv (true); an error names <c>format</c>.</summary>
    public static (bool? Csv, Dictionary<string, string[]> Errors) ParseFormat(string? format)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        bool? csv = null;
        switch ((format ?? "json").Trim().ToLowerInvariant())
        {
            case "json":
                break;
            case "xlsx":
                csv = false;
                break;
            case "csv":
                csv = true;
                break;
            default:
                errors["format"] = ["format must be json, xlsx or csv"];
                break;
        }
        return (csv, errors);
    }

    /// <summary>Writes the audit entry of a project report file (kind, format, stage; no data).</summary>
    public static void Audit(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid projectId, ProjectReport report, Guid? stageId, bool csv)
    {
        ArgumentNullException.ThrowIfNull(report);
        AuditLog.Write(db, user, clock, AuditAction, "project:" + projectId.ToString("D", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture,
                $"kind={report.Kind.ToString().ToLowerInvariant()} format={(csv ? "csv" : "xlsx")}{(stageId is { } s ? " stage=" + s.ToString("D", CultureInfo.InvariantCulture) : string.Empty)}{(report.Interim ? " interim" : string.Empty)}"));
    }

    private static partial class Log
    {
        [LoggerMessage(8301, LogLevel.Information, "Project report {Kind} downloaded as {Format} ({Readings} readings)")]
        public static partial void Exported(ILogger logger, string kind, string format, int readings);
    }
}
