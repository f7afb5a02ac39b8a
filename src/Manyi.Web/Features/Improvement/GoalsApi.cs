using System.Globalization;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>Goals per unit and period with their status against target (product.md M7); docs/goals.md.</summary>
public static partial class GoalsApi
{
    public const int NameLength = 200;
    public const int NoteLength = 2000;

    /// <summary>At most this many goals are listed (newest period first).</summary>
    public const int MaxList = 500;

    /// <summary>Audit actions.</summary>
    public const string AuditCreate = "goal.create";
    public const string AuditUpdate = "goal.update";
    public const string AuditDelete = "goal.delete";

    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var goals = api.MapGroup("/goals").WithTags("Goals");
        goals.MapGet("", ListAsync).WithName("ListGoals")
            .WithSummary("Goals of the visible units with their status (filters unitId, indicator, from/to = period overlaps, status)").RequireAuthorization(Policies.ReadData);
        goals.MapGet("/{id:guid}", GetAsync).WithName("GetGoal").WithSummary("One goal with its status; the ETag header is its version").RequireAuthorization(Policies.ReadData);
        goals.MapPost("", CreateAsync).WithName("CreateGoal").WithSummary("Set a target for an indicator of a unit (or the organisation) and period").RequireAuthorization(Policies.WriteCustomers);
        goals.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateGoal").WithSummary("Replace a goal; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireAuthorization(Policies.WriteCustomers);
        goals.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteGoal").WithSummary("Delete a goal (If-Match optional)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).RequireAuthorization(Policies.WriteCustomers);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<GoalDto>>, ValidationProblem>> ListAsync(Guid? unitId, string? indicator, DateOnly? from, DateOnly? to, string? status,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        GoalStatus? wanted = null;
        if (status is not null)
        {
            var match = Enum.GetValues<GoalStatus>().Where(s => string.Equals(s.ToString(), status.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1)
            {
                wanted = match[0];
            }
            else
            {
                errors["status"] = ["status must be met, notMet, onTrack, behind or noData"];
            }
        }
        if (from is { } f && to is { } t && t < f)
        {
            errors["to"] = ["to must not be before from"];
        }
        if (indicator is { Length: > IndicatorKey.MaxLength })
        {
            errors["indicator"] = [$"indicator may have at most {IndicatorKey.MaxLength} characters"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var goals = await GoalQueries.ListAsync(db, cache, user, new GoalFilter(unitId, indicator, from, to, wanted), Today(clock), ct);
        return TypedResults.Ok(goals);
    }

    private static async Task<Results<Ok<GoalDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock,
        HttpResponse response, CancellationToken ct)
    {
        var goal = await (await GoalQueries.VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (goal is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(goal.Version);
        return TypedResults.Ok(await GoalQueries.ToDtoAsync(db, cache, await Viewer.FromAsync(user, ct), goal, Today(clock), ct));
    }

    private static async Task<Results<Created<GoalDto>, ValidationProblem>> CreateAsync(GoalInput? input, ManyiDbContext db, WaveDataCache cache, CurrentUser user,
        TimeProvider clock, HttpResponse response, ILoggerFactory logs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var goal = new Goal
        {
            Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, Indicator = string.Empty, CreatedById = user.ActorId,
            CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var errors = await ApplyAsync(goal, input ?? new GoalInput(), db, user, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.Goals.Add(goal);
        AuditLog.Write(db, user, clock, AuditCreate, goal.Id.ToString(), Details(goal));
        await db.SaveChangesAsync(ct);
        var logger = logs.CreateLogger(LogCategory);
        Log.Created(logger, goal.Id);
        response.Headers.ETag = CustomersApi.ETag(goal.Version);
        return TypedResults.Created($"/api/v1/goals/{goal.Id}", await GoalQueries.ToDtoAsync(db, cache, await Viewer.FromAsync(user, ct), goal, Today(clock), ct));
    }

    private static async Task<Results<Ok<GoalDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, GoalInput? input, HttpRequest request,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var goal = await (await GoalQueries.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (goal is null)
        {
            return TypedResults.NotFound();
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the goal's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) != goal.Version)
        {
            return Stale();
        }
        var errors = await ApplyAsync(goal, input ?? new GoalInput(), db, user, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        goal.UpdatedAt = clock.GetUtcNow();
        goal.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, AuditUpdate, goal.Id.ToString(), Details(goal));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(goal.Version);
        return TypedResults.Ok(await GoalQueries.ToDtoAsync(db, cache, await Viewer.FromAsync(user, ct), goal, Today(clock), ct));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user,
        TimeProvider clock, CancellationToken ct)
    {
        var goal = await (await GoalQueries.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (goal is null)
        {
            return TypedResults.NotFound();
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifMatch) && CustomersApi.ParseETag(ifMatch) != goal.Version)
        {
            return Stale();
        }
        db.Goals.Remove(goal);
        AuditLog.Write(db, user, clock, AuditDelete, goal.Id.ToString(), Details(goal));
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

    /// <summary>Today's date (UTC) for the status.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The allowed range of a target for an indicator key (null bounds: unbounded).</summary>
    public static (double? Min, double? Max) TargetRange(string indicator) => indicator switch
    {
        IndicatorKey.Nps => (-100, 100),
        IndicatorKey.OverallWeighted => (0, null),
        _ when !IndicatorKey.IsSurvey(indicator) => (null, null),
        _ => (0, 100),
    };

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="goal"/>; errors name the request field.</summary>
    public static async Task<Dictionary<string, string[]>> ApplyAsync(Goal goal, GoalInput input, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Error("name", "name is required");
        }
        else if (name.Length > NameLength || name.Any(char.IsControl))
        {
            Error("name", $"name must be at most {NameLength} characters without control characters");
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > NoteLength })
        {
            Error("note", $"note must be at most {NoteLength} characters");
        }
        var indicator = input.Indicator?.Trim();
        if (!IndicatorKey.IsValid(indicator))
        {
            Error("indicator", "indicator must be index, nps, csat, overall, overall:weighted, cell:<key> or measure:<key>");
        }
        var organisationId = user.OrganisationId;
        if (indicator is not null && IndicatorKey.IsValid(indicator))
        {
            if (IndicatorKey.IsSurvey(indicator))
            {
                if (input.QuestionnaireId is not { } questionnaireId)
                {
                    Error("questionnaireId", "questionnaireId is required for a survey indicator");
                }
                else if (!await db.Questionnaires.AsNoTracking().AnyAsync(q => q.Id == questionnaireId && q.OrganisationId == organisationId, ct))
                {
                    Error("questionnaireId", "questionnaireId must be a questionnaire of the organisation");
                }
            }
            else if (input.QuestionnaireId is not null)
            {
                Error("questionnaireId", "a measure indicator is not read from a questionnaire: leave questionnaireId empty");
            }
            if (input.Target is not { } target || !double.IsFinite(target))
            {
                Error("target", "target is required and must be a finite number");
            }
            else
            {
                var (min, max) = TargetRange(indicator);
                if ((min is { } lo && target < lo) || (max is { } hi && target > hi))
                {
                    Error("target", string.Create(CultureInfo.InvariantCulture, $"target must be between {min?.ToString(CultureInfo.InvariantCulture) ?? "−∞"} and {max?.ToString(CultureInfo.InvariantCulture) ?? "∞"} for {indicator}"));
                }
            }
        }
        else if (input.Target is { } t && !double.IsFinite(t))
        {
            Error("target", "target must be a finite number");
        }
        if (input.Direction is { } direction && !Enum.IsDefined(direction))
        {
            Error("direction", "direction must be atLeast or atMost");
        }
        if (input.PeriodStart is null)
        {
            Error("periodStart", "periodStart is required");
        }
        if (input.PeriodEnd is null)
        {
            Error("periodEnd", "periodEnd is required");
        }
        else if (input.PeriodStart is { } start && input.PeriodEnd < start)
        {
            Error("periodEnd", "periodEnd must not be before periodStart");
        }
        var visible = await user.VisibleUnitsAsync(ct);
        if (input.UnitId is { } unitId)
        {
            var exists = await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct);
            if (!exists || (visible is not null && !visible.Contains(unitId)))
            {
                Error("unitId", "unitId must be a unit you can see");
            }
        }
        else if (visible is not null)
        {
            Error("unitId", "unitId is required: only administrators and analysts set goals for the whole organisation");
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        goal.Name = name!;
        goal.Note = note;
        goal.Indicator = indicator!;
        goal.QuestionnaireId = IndicatorKey.IsSurvey(indicator!) ? input.QuestionnaireId : null;
        goal.Target = input.Target!.Value;
        goal.Direction = input.Direction ?? GoalDirection.AtLeast;
        goal.PeriodStart = input.PeriodStart!.Value;
        goal.PeriodEnd = input.PeriodEnd!.Value;
        goal.UnitId = input.UnitId;
        return errors;
    }

    private static string Details(Goal g) => string.Create(CultureInfo.InvariantCulture,
        $"indicator={g.Indicator}; target={g.Target}; direction={g.Direction}; period={g.PeriodStart:yyyy-MM-dd}..{g.PeriodEnd:yyyy-MM-dd}; unit={g.UnitId}");

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the goal was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private const string LogCategory = "Manyi.Goals";

    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Goal {GoalId} created")]
        public static partial void Created(ILogger logger, Guid goalId);
    }
}
