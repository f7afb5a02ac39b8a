using System.Globalization;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Monitoring;

/// <summary>A template as offered to the user: its stages and factors in the request's language.</summary>
public sealed record TemplateDto(string Key, string Name, IReadOnlyList<TemplateStageDto> Stages);

/// <summary>A stage of a template.</summary>
public sealed record TemplateStageDto(string Key, string Name, int Days, IReadOnlyList<StageFactor> Factors);

/// <summary>Service projects, readings, stage closing, alerts and corrections (`/api/v1/projects`).</summary>
public static partial class MonitoringApi
{
    private const string LogCategory = "Manyi.Monitoring";

    /// <summary>Maps the routes of this feature.</summary>
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var projects = api.MapGroup("/projects").WithTags("Monitoring");
        projects.MapGet("", ListAsync).WithName("ListProjects")
            .WithSummary("The portfolio: projects by S(t) − W, alerts first (filters unitId, customerId, status, alert=open|none; page, pageSize)")
            .RequireAuthorization(Policies.ReadData);
        projects.MapPost("", CreateAsync).WithName("CreateProject")
            .WithSummary("Create a service project from a template or given stages and factors, with its baseline (customerHistory, segment, openingSurvey, manual)")
            .RequireAuthorization(Policies.HandleCases);
        projects.MapGet("/{id:guid}", GetAsync).WithName("GetProject")
            .WithSummary("One project: stages with factors (weights, smoothed scores, contributions), series, readings, alerts, corrections")
            .RequireAuthorization(Policies.ReadData);
        projects.MapPost("/{id:guid}/readings", RecordReadingAsync).WithName("RecordProjectReading")
            .WithSummary("Record a reading of a milestones, pulse or manual factor of the active stage; S(t) is recomputed and the alert decided (externalKey makes a repeat a no-op)")
            .RequireAuthorization(Policies.HandleCases);
        projects.MapGet("/{id:guid}/readings", ReadingsAsync).WithName("ListProjectReadings").WithSummary("The project's readings in arrival order")
            .RequireAuthorization(Policies.ReadData);
        projects.MapPost("/{id:guid}/check-ins", CheckInAsync).WithName("RecordProjectCheckIn")
            .WithSummary("A mid-stage measurement of the actual satisfaction A: adds a calibration pair without closing the stage")
            .RequireAuthorization(Policies.HandleCases);
        projects.MapPost("/{id:guid}/stages/close", CloseStageAsync).WithName("CloseProjectStage")
            .WithSummary("Close the active stage with the actual satisfaction A: error, corrected baseline, weights re-estimated or kept; the next stage starts")
            .RequireAuthorization(Policies.HandleCases);
        projects.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelProject").WithSummary("Cancel an active project (no more readings)")
            .RequireAuthorization(Policies.HandleCases);
        projects.MapGet("/{id:guid}/series", SeriesAsync).WithName("ProjectSeries").WithSummary("The S(t), B and W series in time order")
            .RequireAuthorization(Policies.ReadData);
        projects.MapGet("/{id:guid}/alerts", AlertsAsync).WithName("ProjectAlerts").WithSummary("The project's alerts with their causes and recovery cases, newest first")
            .RequireAuthorization(Policies.ReadData);
        projects.MapGet("/{id:guid}/corrections", CorrectionsAsync).WithName("ProjectCorrections")
            .WithSummary("The stage-end corrections: error, baseline and weights before and after").RequireAuthorization(Policies.ReadData);
        api.MapGet("/project-templates", TemplatesAsync).WithTags("Monitoring").WithName("ListProjectTemplates")
            .WithSummary("The built-in project templates with their stages and factors, in the request's language").RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<ProjectPage>, ValidationProblem>> ListAsync(Guid? unitId, Guid? customerId, string? status, string? alert, int? page,
        int? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ProjectStatus? parsedStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<ProjectStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, CultureInfo.InvariantCulture, out _))
            {
                parsedStatus = s;
            }
            else
            {
                errors["status"] = ["active, completed or cancelled"];
            }
        }
        bool? alertOpen = alert switch
        {
            null => null,
            _ when string.Equals(alert, "open", StringComparison.OrdinalIgnoreCase) => true,
            _ when string.Equals(alert, "none", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        };
        if (alert is not null && alertOpen is null)
        {
            errors["alert"] = ["open or none"];
        }
        if (page is < 1)
        {
            errors["page"] = ["pages start at 1"];
        }
        if (pageSize is < 1 or > ProjectQueries.MaxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"1–{ProjectQueries.MaxPageSize}")];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var visible = await user.VisibleUnitsAsync(ct);
        var result = await ProjectQueries.PortfolioAsync(db, user.OrganisationId, visible,
            new ProjectFilter(unitId, parsedStatus, alertOpen, customerId, page ?? 1, pageSize ?? 50), ct);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Created<ProjectDetail>, ValidationProblem>> CreateAsync(ProjectInput? input, ManyiDbContext db, CurrentUser user,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var visible = await user.VisibleUnitsAsync(ct);
        var outcome = await ProjectMonitor.CreateAsync(db, user.OrganisationId, visible, CaseAccess.Actor(user), input, CultureInfo.CurrentUICulture,
            clock.GetUtcNow(), ct);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var project = outcome.Value!;
        var logger = logs.CreateLogger(LogCategory);
        Log.Created(logger, project.Id);
        var detail = await ProjectQueries.DetailAsync(db, user.OrganisationId, visible, project.Id, ct);
        return TypedResults.Created("/api/v1/projects/" + project.Id.ToString("D", CultureInfo.InvariantCulture), detail);
    }

    private static async Task<Results<Ok<ProjectDetail>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var detail = await ProjectQueries.DetailAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), id, ct);
        return detail is null ? TypedResults.NotFound() : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<ReadingDto>, NotFound, ValidationProblem, ProblemHttpResult>> RecordReadingAsync(Guid id, ReadingInput? input,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await RunAsync(logs, id, () => ProjectMonitor.RecordReadingAsync(db, user.OrganisationId, null, CaseAccess.Actor(user), id, input, clock.GetUtcNow(), ct),
            db, user, ct);
        return Answer(outcome, ReadingDto.Of);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReadingDto>>, NotFound>> ReadingsAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await ExistsAsync(db, user, id, ct) ? TypedResults.Ok(await ProjectQueries.ReadingsAsync(db, id, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<PairDto>, NotFound, ValidationProblem, ProblemHttpResult>> CheckInAsync(Guid id, ActualInput? input,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await RunAsync(logs, id, () => ProjectMonitor.CheckInAsync(db, user.OrganisationId, null, CaseAccess.Actor(user), id, input, clock.GetUtcNow(), ct),
            db, user, ct);
        return Answer(outcome, p => new PairDto(p.Id, p.StageId, p.At, p.Scores, p.Estimate, p.Actual));
    }

    private static async Task<Results<Ok<CorrectionDto>, NotFound, ValidationProblem, ProblemHttpResult>> CloseStageAsync(Guid id, ActualInput? input,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await RunAsync(logs, id, () => ProjectMonitor.CloseStageAsync(db, user.OrganisationId, null, CaseAccess.Actor(user), id, input, clock.GetUtcNow(), ct),
            db, user, ct);
        if (outcome.Value is { } correction)
        {
            var stage = await db.ProjectStages.AsNoTracking().Where(s => s.Id == correction.StageId).Select(s => new { s.Index, s.Name }).FirstAsync(ct);
            return TypedResults.Ok(CorrectionDto.Of(correction, stage.Index, stage.Name));
        }
        return Answer<StageCorrection, CorrectionDto>(outcome, _ => throw new InvalidOperationException());
    }

    private static async Task<Results<Ok<ProjectDetail>, NotFound, ValidationProblem, ProblemHttpResult>> CancelAsync(Guid id, CancelInput? input,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await RunAsync(logs, id, () => ProjectMonitor.CancelAsync(db, user.OrganisationId, null, CaseAccess.Actor(user), id, input, clock.GetUtcNow(), ct),
            db, user, ct);
        if (outcome.Value is not null)
        {
            return TypedResults.Ok((await ProjectQueries.DetailAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), id, ct))!);
        }
        return Answer<ServiceProject, ProjectDetail>(outcome, _ => throw new InvalidOperationException());
    }

    private static async Task<Results<Ok<IReadOnlyList<EstimatePointDto>>, NotFound>> SeriesAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await ExistsAsync(db, user, id, ct) ? TypedResults.Ok(await ProjectQueries.SeriesAsync(db, id, null, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<AlertDto>>, NotFound>> AlertsAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await ExistsAsync(db, user, id, ct) ? TypedResults.Ok(await ProjectQueries.AlertsAsync(db, id, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<CorrectionDto>>, NotFound>> CorrectionsAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        await ExistsAsync(db, user, id, ct) ? TypedResults.Ok(await ProjectQueries.CorrectionsAsync(db, id, null, ct)) : TypedResults.NotFound();

    private static Ok<IReadOnlyList<TemplateDto>> TemplatesAsync()
    {
        var culture = CultureInfo.CurrentUICulture;
        var chinese = culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        return TypedResults.Ok<IReadOnlyList<TemplateDto>>([.. ProjectTemplates.All.Select(t => new TemplateDto(t.Key, t.Name(culture),
            [.. t.Stages.Select(s => new TemplateStageDto(s.Key, chinese ? s.NameZh : s.NameEn, s.Days, [.. s.Factors.Select(f => f.ToFactor(culture))]))]))]);
    }

    /// <summary>Runs a command in the caller's scope; two writers racing on the same project: the loser gets 409 and nothing of it is saved.</summary>
    private static async Task<MonitorOutcome<T>> RunAsync<T>(ILoggerFactory logs, Guid id, Func<Task<MonitorOutcome<T>>> command, ManyiDbContext db,
        CurrentUser user, CancellationToken ct) where T : class
    {
        if (!await ExistsAsync(db, user, id, ct))
        {
            return MonitorOutcome.NotFound<T>();
        }
        try
        {
            return await command();
        }
        catch (DbUpdateConcurrencyException)
        {
            var logger = logs.CreateLogger(LogCategory);
            Log.Conflict(logger, id);
            return MonitorOutcome.Refuse<T>("the project was changed by another request at the same time; nothing was saved — send it again");
        }
    }

    private static Results<Ok<TDto>, NotFound, ValidationProblem, ProblemHttpResult> Answer<T, TDto>(MonitorOutcome<T> outcome, Func<T, TDto> map) where T : class
    {
        if (outcome.Missing)
        {
            return TypedResults.NotFound();
        }
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (outcome.Conflict is { } conflict)
        {
            return TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }
        return TypedResults.Ok(map(outcome.Value!));
    }

    private static async Task<bool> ExistsAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct) =>
        await ProjectQueries.Visible(db, user.OrganisationId, await user.VisibleUnitsAsync(ct)).AnyAsync(p => p.Id == id, ct);

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Service project {ProjectId} created")]
        public static partial void Created(ILogger logger, Guid projectId);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Concurrent change of service project {ProjectId}: refused")]
        public static partial void Conflict(ILogger logger, Guid projectId);
    }
}
