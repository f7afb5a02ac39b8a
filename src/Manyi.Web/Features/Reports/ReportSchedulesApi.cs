using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Manyi.Web.Features.Reports;

/// <summary>A saved report definition and its schedule as the API shows it. <see cref="Version"/> is the ETag.</summary>
public sealed record ReportDefinitionDto(Guid Id, string Name, ReportKind Kind, Guid? WaveId, Guid? UnitId, string? Segment, DateOnly? PeriodFrom, DateOnly? PeriodTo,
    string Culture, ReportFormat Format, bool Enabled, ReportFrequency Frequency, DayOfWeek? DayOfWeek, int? DayOfMonth, int TimeOfDay, string TimeZone,
    IReadOnlyList<string> Recipients, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, string? LastOutcome, Guid CreatedById,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Guid Version);

/// <summary>What a client sends to create or replace a report definition.</summary>
public sealed record ReportDefinitionInput
{
    public string? Name { get; init; }

    public ReportKind? Kind { get; init; }

    public Guid? WaveId { get; init; }

    public Guid? UnitId { get; init; }

    public string? Segment { get; init; }

    public DateOnly? PeriodFrom { get; init; }

    public DateOnly? PeriodTo { get; init; }

    /// <summary>"zh-CN" (default) or "en".</summary>
    public string? Culture { get; init; }

    public ReportFormat? Format { get; init; }

    public bool? Enabled { get; init; }

    public ReportFrequency? Frequency { get; init; }

    public DayOfWeek? DayOfWeek { get; init; }

    public int? DayOfMonth { get; init; }

    /// <summary>Minutes after local midnight (0–1439); default 480 (08:00).</summary>
    public int? TimeOfDay { get; init; }

    /// <summary>IANA time zone; default Asia/Shanghai.</summary>
    public string? TimeZone { get; init; }

    public IReadOnlyList<string>? Recipients { get; init; }
}

/// <summary>The outcome of "send now".</summary>
public sealed record ReportRunDto(Guid Id, string Outcome, DateTimeOffset At);

/// <summary>Saved report definitions and their e-mail schedules (product.md M9 "scheduled reports"); docs/report-schedules.md.</summary>
public static class ReportSchedulesApi
{
    public const int NameLength = 200;
    public const int SegmentLength = 100;
    public const int MaxRecipients = 20;
    public const int AddressLength = 254;

    /// <summary>Audit actions.</summary>
    public const string AuditCreate = "report-definition.create";
    public const string AuditUpdate = "report-definition.update";
    public const string AuditDelete = "report-definition.delete";
    public const string AuditSend = "report-definition.send";

    /// <summary>The cultures a report is generated in.</summary>
    public static IReadOnlyList<string> Cultures { get; } = ["zh-CN", "en"];

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapReportSchedulesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var definitions = api.MapGroup("/report-definitions").WithTags("Report schedules");
        definitions.MapGet("", ListAsync).WithName("ListReportDefinitions").WithSummary("Saved reports and their schedules (a unit manager sees its own)").RequireAuthorization(Policies.ExportData);
        definitions.MapGet("/{id:guid}", GetAsync).WithName("GetReportDefinition").WithSummary("One saved report; the ETag header is its version").RequireAuthorization(Policies.ExportData);
        definitions.MapPost("", CreateAsync).WithName("CreateReportDefinition").WithSummary("Save a report with an optional e-mail schedule").RequireAuthorization(Policies.ExportData);
        definitions.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateReportDefinition").WithSummary("Replace a saved report; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireAuthorization(Policies.ExportData);
        definitions.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteReportDefinition").WithSummary("Delete a saved report (If-Match optional)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).RequireAuthorization(Policies.ExportData);
        definitions.MapPost("/{id:guid}/send", SendAsync).WithName("SendReportDefinition").WithSummary("Generate and e-mail the report now, outside its schedule")
            .RequireAuthorization(Policies.ExportData);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ReportDefinitionDto>>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var list = await Visible(db, user).AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<ReportDefinitionDto>>([.. list.Select(ToDto)]);
    }

    private static async Task<Results<Ok<ReportDefinitionDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var definition = await Visible(db, user).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (definition is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(definition.Version);
        return TypedResults.Ok(ToDto(definition));
    }

    private static async Task<Results<Created<ReportDefinitionDto>, ValidationProblem>> CreateAsync(
        ReportDefinitionInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var definition = new ReportDefinition
        {
            Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, CreatedById = user.ActorId, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var errors = await ApplyAsync(definition, input ?? new ReportDefinitionInput(), db, user, now, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.ReportDefinitions.Add(definition);
        AuditLog.Write(db, user, clock, AuditCreate, definition.Id.ToString(), Details(definition));
        await db.SaveChangesAsync(ct);
        response.Headers.ETag = CustomersApi.ETag(definition.Version);
        return TypedResults.Created($"/api/v1/report-definitions/{definition.Id}", ToDto(definition));
    }

    private static async Task<Results<Ok<ReportDefinitionDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ReportDefinitionInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        var definition = await Visible(db, user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (definition is null)
        {
            return TypedResults.NotFound();
        }
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the report definition's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) != definition.Version)
        {
            return Stale();
        }
        var now = clock.GetUtcNow();
        var errors = await ApplyAsync(definition, input ?? new ReportDefinitionInput(), db, user, now, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        definition.UpdatedAt = now;
        definition.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, AuditUpdate, definition.Id.ToString(), Details(definition));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(definition.Version);
        return TypedResults.Ok(ToDto(definition));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var definition = await Visible(db, user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (definition is null)
        {
            return TypedResults.NotFound();
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifMatch) && CustomersApi.ParseETag(ifMatch) != definition.Version)
        {
            return Stale();
        }
        db.ReportDefinitions.Remove(definition);
        AuditLog.Write(db, user, clock, AuditDelete, definition.Id.ToString(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ReportRunDto>, NotFound>> SendAsync(
        Guid id, ManyiDbContext db, CurrentUser user, ReportScheduler scheduler, TimeProvider clock, CancellationToken ct)
    {
        if (!await Visible(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var outcome = await scheduler.SendNowAsync(user.OrganisationId, id, ct);
        if (outcome is null)
        {
            return TypedResults.NotFound();
        }
        AuditLog.Write(db, user, clock, AuditSend, id.ToString(), outcome == ReportScheduler.Sent ? "sent" : "failed");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ReportRunDto(id, outcome, clock.GetUtcNow()));
    }

    /// <summary>The definitions the caller may see: the organisation's; a unit manager's own only.</summary>
    public static IQueryable<ReportDefinition> Visible(ManyiDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var definitions = db.ReportDefinitions.Where(d => d.OrganisationId == organisationId);
        if (user.Role == Roles.UnitManager)
        {
            var me = user.ActorId;
            definitions = definitions.Where(d => d.CreatedById == me);
        }
        return definitions;
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="definition"/>; errors name the request field.</summary>
    public static async Task<Dictionary<string, string[]>> ApplyAsync(
        ReportDefinition definition, ReportDefinitionInput input, ManyiDbContext db, CurrentUser user, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Error("name", "name is required");
        }
        else if (name.Length > NameLength)
        {
            Error("name", $"name must be at most {NameLength} characters");
        }
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            Error("kind", "kind must be wave, surveySummary or unitComparison");
            kind = ReportKind.Wave;
        }
        if (input.PeriodFrom is { } from && input.PeriodTo is { } to && from > to)
        {
            Error("periodTo", "periodTo must not be before periodFrom");
        }
        var hasPeriod = input.PeriodFrom is not null && input.PeriodTo is not null;
        if (input.WaveId is null && !(kind == ReportKind.SurveySummary && hasPeriod))
        {
            Error("waveId", kind == ReportKind.SurveySummary
                ? "waveId is required unless periodFrom and periodTo give the summary report's period"
                : "waveId is required for this kind of report");
        }
        if (input.WaveId is { } waveId && !await (await WaveAccess.VisibleAsync(db, user, ct)).AnyAsync(w => w.Id == waveId, ct))
        {
            Error("waveId", "waveId must be a wave you can see");
        }
        if (input.UnitId is { } unitId)
        {
            var organisationId = user.OrganisationId;
            var visible = await user.VisibleUnitsAsync(ct);
            var exists = await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct);
            if (!exists || (visible is not null && !visible.Contains(unitId)))
            {
                Error("unitId", "unitId must be a unit you can see");
            }
        }
        var segment = string.IsNullOrWhiteSpace(input.Segment) ? null : input.Segment.Trim();
        if (segment is not null && (segment.Length > SegmentLength || segment.Any(char.IsControl)))
        {
            Error("segment", $"segment must be at most {SegmentLength} characters without control characters");
        }
        var culture = input.Culture ?? "zh-CN";
        if (!Cultures.Contains(culture, StringComparer.Ordinal))
        {
            Error("culture", "culture must be zh-CN or en");
        }
        if (input.Format is { } f && !Enum.IsDefined(f))
        {
            Error("format", "format must be excel or csv");
        }
        var frequency = input.Frequency ?? ReportFrequency.Weekly;
        if (!Enum.IsDefined(frequency))
        {
            Error("frequency", "frequency must be daily, weekly or monthly");
        }
        if (frequency == ReportFrequency.Weekly && input.DayOfWeek is not { } dow)
        {
            Error("dayOfWeek", "dayOfWeek is required for a weekly schedule");
        }
        else if (input.DayOfWeek is { } d && !Enum.IsDefined(d))
        {
            Error("dayOfWeek", "dayOfWeek must be a day of the week");
        }
        if (frequency == ReportFrequency.Monthly && input.DayOfMonth is not (>= 1 and <= 31))
        {
            Error("dayOfMonth", "dayOfMonth must be between 1 and 31 for a monthly schedule (31 = the last day of shorter months)");
        }
        else if (input.DayOfMonth is { } dom && dom is < 1 or > 31)
        {
            Error("dayOfMonth", "dayOfMonth must be between 1 and 31");
        }
        var timeOfDay = input.TimeOfDay ?? 8 * 60;
        if (timeOfDay is < 0 or >= 24 * 60)
        {
            Error("timeOfDay", "timeOfDay must be minutes after midnight, 0 to 1439");
        }
        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? "Asia/Shanghai" : input.TimeZone.Trim();
        if (zone.Length > 64 || !ReportSchedule.IsKnownTimeZone(zone))
        {
            Error("timeZone", "timeZone must be an IANA time zone such as Asia/Shanghai");
        }
        var recipients = (input.Recipients ?? []).Select(r => r?.Trim() ?? string.Empty).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count > MaxRecipients)
        {
            Error("recipients", $"at most {MaxRecipients} recipients");
        }
        else if (recipients.Any(r => !IsAddress(r)))
        {
            Error("recipients", "recipients must be e-mail addresses");
        }
        var enabled = input.Enabled ?? false;
        if (enabled && recipients.Count == 0)
        {
            Error("recipients", "an enabled schedule needs at least one recipient");
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        definition.Name = name!;
        definition.Kind = kind;
        definition.WaveId = input.WaveId;
        definition.UnitId = input.UnitId;
        definition.Segment = segment;
        definition.PeriodFrom = input.PeriodFrom;
        definition.PeriodTo = input.PeriodTo;
        definition.Culture = culture;
        definition.Format = input.Format ?? ReportFormat.Excel;
        definition.Enabled = enabled;
        definition.Frequency = frequency;
        definition.DayOfWeek = frequency == ReportFrequency.Weekly ? input.DayOfWeek : null;
        definition.DayOfMonth = frequency == ReportFrequency.Monthly ? input.DayOfMonth : null;
        definition.TimeOfDay = timeOfDay;
        definition.TimeZone = zone;
        definition.Recipients = recipients;
        definition.NextRunAt = ReportSchedule.Next(definition, now);
        return errors;
    }

    /// <summary>A plain e-mail address (no display name, one @, a dot in the domain).</summary>
    public static bool IsAddress(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > AddressLength || !MailboxAddress.TryParse(text, out var address) || !string.Equals(address.Address, text, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.');
    }

    /// <summary>Audit details: the kind and the schedule, never the recipients' addresses.</summary>
    private static string Details(ReportDefinition d) => string.Create(CultureInfo.InvariantCulture,
        $"kind={d.Kind}; enabled={d.Enabled}; frequency={d.Frequency}; recipients={d.Recipients.Count}");

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the report definition was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    public static ReportDefinitionDto ToDto(ReportDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new ReportDefinitionDto(d.Id, d.Name, d.Kind, d.WaveId, d.UnitId, d.Segment, d.PeriodFrom, d.PeriodTo, d.Culture, d.Format, d.Enabled, d.Frequency,
            d.DayOfWeek, d.DayOfMonth, d.TimeOfDay, d.TimeZone, [.. d.Recipients], d.NextRunAt, d.LastRunAt, d.LastOutcome, d.CreatedById, d.CreatedAt, d.UpdatedAt, d.Version);
    }
}
