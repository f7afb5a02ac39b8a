using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Waves;

/// <summary>Waves with sample plans, collection points and invitations (product.md M4, M1.10); routes in docs/api-waves.md.</summary>
public static partial class WavesApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapWavesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves").WithTags("Waves");
        waves.MapGet("", ListAsync).WithName("ListWaves").WithSummary("Waves (filter status, unitId); unit managers see their units' and organisation-wide waves").RequireAuthorization(Policies.ReadData);
        waves.MapPost("/plan", PlanAsync).WithName("PlanSample").WithSummary("A sample plan: responses needed, allocation over segments, invitations").RequireAuthorization(Policies.DesignSurveys);
        waves.MapGet("/{id:guid}", GetAsync).WithName("GetWave").WithSummary("Read one wave; the ETag header is its version").RequireAuthorization(Policies.ReadData);
        waves.MapPost("", CreateAsync).WithName("CreateWave").WithSummary("Create a draft wave of a questionnaire version").RequireAuthorization(Policies.DesignSurveys);
        waves.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateWave").WithSummary("Replace a wave; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireAuthorization(Policies.DesignSurveys);
        waves.MapPost("/{id:guid}/open", OpenAsync).WithName("OpenWave").WithSummary("Open a draft or closed wave for answers").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);
        waves.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseWave").WithSummary("Close an open wave").ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);

        waves.MapGet("/{id:guid}/points", ListPointsAsync).WithName("ListCollectionPoints").WithSummary("The wave's collection points with their public URLs").RequireAuthorization(Policies.ReadData);
        waves.MapPost("/{id:guid}/points", CreatePointAsync).WithName("CreateCollectionPoint").WithSummary("Create a link, QR, kiosk or embed point with its own token").RequireAuthorization(Policies.DesignSurveys);
        waves.MapPost("/{id:guid}/points/{pointId:guid}/deactivate", DeactivatePointAsync).WithName("DeactivateCollectionPoint").WithSummary("Stop accepting answers through a point").RequireAuthorization(Policies.DesignSurveys);
        waves.MapGet("/{id:guid}/points/{pointId:guid}/qr.png", QrPngAsync).WithName("CollectionPointQrPng").WithSummary("The point's URL as a QR code (PNG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/{id:guid}/points/{pointId:guid}/qr.svg", QrSvgAsync).WithName("CollectionPointQrSvg").WithSummary("The point's URL as a QR code (SVG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml").RequireAuthorization(Policies.ReadData);

        waves.MapPost("/{id:guid}/invitations", InviteAsync).WithName("CreateInvitations").WithSummary("Invite customers by filter or by the sample plan (quiet period, e-mail checked)")
            .RequireAuthorization(Policies.DesignSurveys);
        waves.MapGet("/{id:guid}/invitations", ListInvitationsAsync).WithName("ListInvitations").WithSummary("The wave's invitations with status (paged)").RequireAuthorization(Policies.DesignSurveys);
        waves.MapGet("/{id:guid}/invitations/export", ExportInvitationsAsync).WithName("ExportInvitationLinks").WithSummary("The personal links of link invitations as CSV (audited)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").RequireAuthorization(Policies.ExportData);
        waves.MapGet("/mail", MailStatus).WithName("MailStatus").WithSummary("Whether e-mail (SMTP) is configured").RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<WaveDto>>, ValidationProblem>> ListAsync(string? status, string? unitId, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        WaveStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<WaveStatus>(status.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(status.Trim()[0]))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = ["status must be draft, open or closed"];
            }
        }
        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(unitId))
        {
            if (Guid.TryParse(unitId, out var parsedUnit))
            {
                unit = parsedUnit;
            }
            else
            {
                errors["unitId"] = ["unitId must be an id (GUID)"];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var waves = (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking();
        if (wanted is { } w)
        {
            waves = waves.Where(x => x.Status == w);
        }
        if (unit is { } u)
        {
            waves = waves.Where(x => x.UnitId == u);
        }
        var list = await Project(db, waves.OrderByDescending(x => x.CreatedAt).Take(500)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<WaveDto>>(list);
    }

    private static async Task<Results<Ok<SamplePlan>, ValidationProblem>> PlanAsync(SamplePlanInput input, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        input ??= new SamplePlanInput();
        var (units, unitError) = await PlanUnitsAsync(db, user, input.UnitId, ct);
        if (unitError is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["unitId"] = [unitError] });
        }
        var (plan, errors) = await SamplePlanner.PlanAsync(db, user.OrganisationId, units, input, string.Empty, ct);
        return plan is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(plan);
    }

    private static async Task<Results<Ok<WaveDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var waves = (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(w => w.Id == id);
        var wave = await Project(db, waves).FirstOrDefaultAsync(ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(wave.Version);
        return TypedResults.Ok(wave);
    }

    private static async Task<Results<Created<WaveDto>, ValidationProblem>> CreateAsync(
        WaveInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, ILoggerFactory logs, CancellationToken ct)
    {
        input ??= new WaveInput();
        var now = clock.GetUtcNow();
        var wave = new Wave { Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, Status = WaveStatus.Draft, CreatedAt = now };
        var errors = await ApplyAsync(db, user, wave, input, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        wave.UpdatedAt = now;
        wave.Version = Guid.NewGuid();
        db.Waves.Add(wave);
        AuditLog.Write(db, user, clock, "wave.create", wave.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
        Log.Created(logs.CreateLogger(LogCategory), wave.Id);
        var dto = await Project(db, db.Waves.AsNoTracking().Where(w => w.Id == wave.Id)).FirstAsync(ct);
        response.Headers.ETag = CustomersApi.ETag(dto.Version);
        return TypedResults.Created($"/api/v1/waves/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<WaveDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, WaveInput input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: true, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the wave's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) is not { } expected || expected != wave.Version)
        {
            return Stale();
        }
        input ??= new WaveInput();
        var errors = await ApplyAsync(db, user, wave, input, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        wave.UpdatedAt = clock.GetUtcNow();
        wave.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, "wave.update", wave.Id.ToString(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        var dto = await Project(db, db.Waves.AsNoTracking().Where(w => w.Id == wave.Id)).FirstAsync(ct);
        request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static Task<Results<Ok<WaveDto>, NotFound, ProblemHttpResult>> OpenAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        TransitionAsync(id, WaveStatus.Open, db, user, clock, response, ct);

    private static Task<Results<Ok<WaveDto>, NotFound, ProblemHttpResult>> CloseAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        TransitionAsync(id, WaveStatus.Closed, db, user, clock, response, ct);

    /// <summary>Draft → Open, Closed → Open (reopen), Open → Closed; anything else is a 409 that changes nothing.</summary>
    private static async Task<Results<Ok<WaveDto>, NotFound, ProblemHttpResult>> TransitionAsync(
        Guid id, WaveStatus target, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: true, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        var allowed = target == WaveStatus.Open ? wave.Status is WaveStatus.Draft or WaveStatus.Closed : wave.Status == WaveStatus.Open;
        if (!allowed)
        {
            return TypedResults.Problem($"a wave that is {wave.Status.ToString().ToLowerInvariant()} cannot become {target.ToString().ToLowerInvariant()}",
                statusCode: StatusCodes.Status409Conflict, title: "Wrong wave status");
        }
        wave.Status = target;
        wave.UpdatedAt = clock.GetUtcNow();
        wave.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, target == WaveStatus.Open ? "wave.open" : "wave.close", wave.Id.ToString(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        var dto = await Project(db, db.Waves.AsNoTracking().Where(w => w.Id == wave.Id)).FirstAsync(ct);
        response.Headers.ETag = CustomersApi.ETag(dto.Version);
        return TypedResults.Ok(dto);
    }

    private static Ok<MailStatusDto> MailStatus(Microsoft.Extensions.Options.IOptions<SmtpOptions> smtp) =>
        TypedResults.Ok(new MailStatusDto(smtp.Value.Enabled, smtp.Value.Enabled ? null : "e-mail is off: set Manyi:Smtp:Host (and From) to send invitations"));

    /// <summary>Checks the input and copies it onto the wave; an open or closed wave keeps its questionnaire version.</summary>
    internal static async Task<Dictionary<string, string[]>> ApplyAsync(ManyiDbContext db, CurrentUser user, Wave wave, WaveInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var organisationId = user.OrganisationId;
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["name is required (at most 200 characters)"];
        }
        Guid? versionId = null;
        if (input.QuestionnaireId is not { } questionnaireId)
        {
            errors["questionnaireId"] = ["questionnaireId is required"];
        }
        else
        {
            var questionnaire = await db.Questionnaires.AsNoTracking().Where(q => q.Id == questionnaireId && q.OrganisationId == organisationId && !q.Archived)
                .Select(q => new { q.Id, q.LatestVersion }).FirstOrDefaultAsync(ct);
            if (questionnaire is null)
            {
                errors["questionnaireId"] = ["no such questionnaire in your organisation"];
            }
            else
            {
                var number = input.Version ?? questionnaire.LatestVersion;
                versionId = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.QuestionnaireId == questionnaire.Id && v.Number == number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
                if (versionId is null)
                {
                    errors["version"] = [string.Create(CultureInfo.InvariantCulture, $"the questionnaire has no version {number}")];
                }
                else if (wave.Status != WaveStatus.Draft && versionId != wave.QuestionnaireVersionId)
                {
                    errors["version"] = ["the questionnaire version of an open or closed wave is fixed; create a new wave"];
                }
            }
        }
        if (input.UnitId is { } unitId && !await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct))
        {
            errors["unitId"] = ["no such unit in your organisation"];
        }
        if (input.OpensAt is { } opens && input.ClosesAt is { } closes && closes <= opens)
        {
            errors["closesAt"] = ["closesAt must be after opensAt"];
        }
        if (input.ReminderAfterDays is < 1 or > 365)
        {
            errors["reminderAfterDays"] = ["reminderAfterDays must be between 1 and 365 (or null for no reminders)"];
        }
        if (input.MaxReminders is < 0 or > 10)
        {
            errors["maxReminders"] = ["maxReminders must be between 0 and 10"];
        }
        if (input.QuietPeriodDays is < 0 or > 3650)
        {
            errors["quietPeriodDays"] = ["quietPeriodDays must be between 0 and 3650"];
        }
        if (input.MinimumN is < 1 or > 1000)
        {
            errors["minimumN"] = ["minimumN must be between 1 and 1000"];
        }
        SamplePlan? plan = null;
        if (input.SamplePlan is { } planInput && errors.Count == 0)
        {
            var units = input.UnitId is { } u ? await UnitTree.SubtreeAsync(db, organisationId, u, ct) : null;
            var (computed, planErrors) = await SamplePlanner.PlanAsync(db, organisationId, units, planInput with { UnitId = input.UnitId }, "samplePlan.", ct);
            foreach (var (key, value) in planErrors)
            {
                errors[key] = value;
            }
            plan = computed;
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        wave.Name = name!;
        wave.QuestionnaireId = input.QuestionnaireId!.Value;
        wave.QuestionnaireVersionId = versionId!.Value;
        wave.UnitId = input.UnitId;
        wave.OpensAt = input.OpensAt;
        wave.ClosesAt = input.ClosesAt;
        wave.SamplePlan = plan;
        wave.ReminderAfterDays = input.ReminderAfterDays;
        wave.MaxReminders = input.MaxReminders ?? 1;
        wave.QuietPeriodDays = input.QuietPeriodDays ?? 90;
        wave.MinimumN = input.MinimumN ?? 5;
        return errors;
    }

    /// <summary>The unit subtree whose customers a plan counts (null = the organisation), or an error when the unit is not the caller's.</summary>
    private static async Task<(List<Guid>? Units, string? Error)> PlanUnitsAsync(ManyiDbContext db, CurrentUser user, Guid? unitId, CancellationToken ct)
    {
        if (unitId is not { } unit)
        {
            return (null, null);
        }
        var units = await UnitTree.SubtreeAsync(db, user.OrganisationId, unit, ct);
        return units.Count == 0 ? (null, "no such unit in your organisation") : (units, null);
    }

    internal static IQueryable<WaveDto> Project(ManyiDbContext db, IQueryable<Wave> waves) =>
        from w in waves
        join v in db.QuestionnaireVersions on w.QuestionnaireVersionId equals v.Id
        select new WaveDto(w.Id, w.Name, w.Status, w.UnitId, w.QuestionnaireId, w.QuestionnaireVersionId, v.Number, w.OpensAt, w.ClosesAt, w.SamplePlan,
            w.ReminderAfterDays, w.MaxReminders, w.QuietPeriodDays, w.MinimumN, w.CreatedAt, w.UpdatedAt, w.Version);

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the wave was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private const string LogCategory = "Manyi.Waves";

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Wave {WaveId} created")]
        public static partial void Created(ILogger logger, Guid waveId);

        [LoggerMessage(5002, LogLevel.Information, "Wave {WaveId}: {Created} invitations created, {Quiet} in the quiet period, {NoEmail} without e-mail, {Already} already invited")]
        public static partial void Invited(ILogger logger, Guid waveId, int created, int quiet, int noEmail, int already);

        [LoggerMessage(5003, LogLevel.Information, "Wave {WaveId}: {Rows} invitation links exported")]
        public static partial void Exported(ILogger logger, Guid waveId, int rows);
    }
}

/// <summary>Whether e-mail is configured, and what to do when not.</summary>
public sealed record MailStatusDto(bool Enabled, string? Message);
