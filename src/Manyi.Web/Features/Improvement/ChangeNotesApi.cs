using Manyi.Core.Improvement;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>"You said, we did" notes for respondents (product.md M7); docs/goals.md.</summary>
public static partial class ChangeNotesApi
{
    /// <summary>Longest text of one language.</summary>
    public const int TextLength = 1000;

    /// <summary>Audit actions.</summary>
    public const string AuditCreate = "change-note.create";
    public const string AuditUpdate = "change-note.update";
    public const string AuditPublish = "change-note.publish";
    public const string AuditWithdraw = "change-note.withdraw";
    public const string AuditDelete = "change-note.delete";

    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapChangeNotesApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var notes = api.MapGroup("/change-notes").WithTags("Change notes");
        notes.MapGet("", ListAsync).WithName("ListChangeNotes").WithSummary("The organisation's notes, newest first (filters questionnaireId, state)").RequireAuthorization(Policies.ReadData);
        notes.MapGet("/{id:guid}", GetAsync).WithName("GetChangeNote").WithSummary("One note; the ETag header is its version").RequireAuthorization(Policies.ReadData);
        notes.MapPost("", CreateAsync).WithName("CreateChangeNote").WithSummary("Write a draft note for a questionnaire, optionally reporting on an improvement action")
            .RequireAuthorization(Policies.DesignSurveys);
        notes.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateChangeNote").WithSummary("Replace a draft or published note's texts; needs If-Match with its ETag")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireAuthorization(Policies.DesignSurveys);
        notes.MapPost("/{id:guid}/publish", PublishAsync).WithName("PublishChangeNote")
            .WithSummary("Publish a draft: it shows on the landing page of the questionnaire's waves that open from now on").ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.DesignSurveys);
        notes.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithName("WithdrawChangeNote").WithSummary("Withdraw a published note: it is no longer shown")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);
        notes.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteChangeNote").WithSummary("Delete a draft note (published notes are withdrawn instead)")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.DesignSurveys);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ChangeNoteDto>>, ValidationProblem>> ListAsync(Guid? questionnaireId, string? state, ManyiDbContext db, CurrentUser user,
        CancellationToken ct)
    {
        ChangeNoteState? wanted = null;
        if (state is not null)
        {
            var match = Enum.GetValues<ChangeNoteState>().Where(s => string.Equals(s.ToString(), state.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count != 1)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["state"] = ["state must be draft, published or withdrawn"] });
            }
            wanted = match[0];
        }
        return TypedResults.Ok(await ChangeNoteQueries.ListAsync(db, user.OrganisationId, questionnaireId, wanted, ct));
    }

    private static async Task<Results<Ok<ChangeNoteDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var note = await db.ChangeNotes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id && n.OrganisationId == organisationId, ct);
        if (note is null)
        {
            return TypedResults.NotFound();
        }
        response.Headers.ETag = CustomersApi.ETag(note.Version);
        return TypedResults.Ok(await DtoAsync(db, note, ct));
    }

    private static async Task<Results<Created<ChangeNoteDto>, ValidationProblem>> CreateAsync(ChangeNoteInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        HttpResponse response, ILoggerFactory logs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var note = new ChangeNote
        {
            Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, YouSaid = new LocalText(string.Empty), WeDid = new LocalText(string.Empty),
            CreatedById = user.ActorId, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var errors = await ApplyAsync(note, input ?? new ChangeNoteInput(), db, user, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.ChangeNotes.Add(note);
        AuditLog.Write(db, user, clock, AuditCreate, note.Id.ToString(), ChangeNoteLifecycle.Details(note));
        await db.SaveChangesAsync(ct);
        var logger = logs.CreateLogger(LogCategory);
        Log.Changed(logger, note.Id, AuditCreate);
        response.Headers.ETag = CustomersApi.ETag(note.Version);
        return TypedResults.Created($"/api/v1/change-notes/{note.Id}", await DtoAsync(db, note, ct));
    }

    private static async Task<Results<Ok<ChangeNoteDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, ChangeNoteInput? input, HttpRequest request,
        ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var note = await ChangeNoteLifecycle.FindAsync(db, user, id, ct);
        if (note is null)
        {
            return TypedResults.NotFound();
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the note's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        if (CustomersApi.ParseETag(ifMatch) != note.Version)
        {
            return Stale();
        }
        if (note.WithdrawnAt is not null)
        {
            return Conflict("a withdrawn note cannot be changed; write a new one");
        }
        var questionnaireBefore = note.QuestionnaireId;
        var errors = await ApplyAsync(note, input ?? new ChangeNoteInput(), db, user, ct);
        if (errors.Count == 0 && note.PublishedAt is not null && note.QuestionnaireId != questionnaireBefore)
        {
            errors["questionnaireId"] = ["a published note stays with its questionnaire"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await SaveAsync(note, AuditUpdate, db, user, clock, request.HttpContext.Response, ct);
    }

    private static async Task<Results<Ok<ChangeNoteDto>, NotFound, ProblemHttpResult>> PublishAsync(Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user,
        TimeProvider clock, CancellationToken ct) =>
        await AnswerAsync(await ChangeNoteLifecycle.PublishAsync(db, user, clock, id, request.Headers.IfMatch.ToString(), ct), "only a draft can be published", db, request, ct);

    private static async Task<Results<Ok<ChangeNoteDto>, NotFound, ProblemHttpResult>> WithdrawAsync(Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user,
        TimeProvider clock, CancellationToken ct) =>
        await AnswerAsync(await ChangeNoteLifecycle.WithdrawAsync(db, user, clock, id, request.Headers.IfMatch.ToString(), ct), "only a published note can be withdrawn", db, request, ct);

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock,
        CancellationToken ct) =>
        (await ChangeNoteLifecycle.DeleteAsync(db, user, clock, id, request.Headers.IfMatch.ToString(), ct)).Outcome switch
        {
            ChangeNoteOutcome.Done => TypedResults.NoContent(),
            ChangeNoteOutcome.NotFound => TypedResults.NotFound(),
            ChangeNoteOutcome.Stale => Stale(),
            _ => Conflict("only a draft can be deleted; withdraw a published note"),
        };

    /// <summary>The answer to a publish or withdraw: the note with its new ETag, or 404, 412, 409 (<paramref name="wrongState"/>).</summary>
    private static async Task<Results<Ok<ChangeNoteDto>, NotFound, ProblemHttpResult>> AnswerAsync(ChangeNoteStep step, string wrongState, ManyiDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        switch (step.Outcome)
        {
            case ChangeNoteOutcome.NotFound:
                return TypedResults.NotFound();
            case ChangeNoteOutcome.Stale:
                return Stale();
            case ChangeNoteOutcome.WrongState:
                return Conflict(wrongState);
            default:
                request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(step.Note!.Version);
                return TypedResults.Ok(await DtoAsync(db, step.Note, ct));
        }
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="note"/>; errors name the request field.</summary>
    public static async Task<Dictionary<string, string[]>> ApplyAsync(ChangeNote note, ChangeNoteInput input, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var organisationId = user.OrganisationId;
        if (input.QuestionnaireId is not { } questionnaireId)
        {
            errors["questionnaireId"] = ["questionnaireId is required"];
        }
        else if (!await db.Questionnaires.AsNoTracking().AnyAsync(q => q.Id == questionnaireId && q.OrganisationId == organisationId, ct))
        {
            errors["questionnaireId"] = ["questionnaireId must be a questionnaire of the organisation"];
        }
        if (input.ActionId is { } actionId && !await db.ImprovementActions.AsNoTracking().AnyAsync(a => a.Id == actionId && a.OrganisationId == organisationId, ct))
        {
            errors["actionId"] = ["actionId must be an improvement action of the organisation"];
        }
        var youSaid = Text(input.YouSaid, "youSaid", errors);
        var weDid = Text(input.WeDid, "weDid", errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        note.QuestionnaireId = input.QuestionnaireId!.Value;
        note.ActionId = input.ActionId;
        note.YouSaid = youSaid!;
        note.WeDid = weDid!;
        return errors;
    }

    private static LocalText? Text(LocalTextInput? input, string field, Dictionary<string, string[]> errors)
    {
        var zh = input?.Zh?.Trim();
        var en = string.IsNullOrWhiteSpace(input?.En) ? null : input.En.Trim();
        if (string.IsNullOrEmpty(zh))
        {
            errors[field + ".zh"] = [field + ".zh (the Chinese text) is required"];
            return null;
        }
        if (zh.Length > TextLength)
        {
            errors[field + ".zh"] = [$"{field}.zh must be at most {TextLength} characters"];
        }
        if (en is { Length: > TextLength })
        {
            errors[field + ".en"] = [$"{field}.en must be at most {TextLength} characters"];
        }
        return new LocalText(zh, en);
    }

    private static async Task<Results<Ok<ChangeNoteDto>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(ChangeNote note, string action, ManyiDbContext db,
        CurrentUser user, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        if (!await ChangeNoteLifecycle.SaveAsync(db, user, clock, note, action, ct))
        {
            return Stale();
        }
        response.Headers.ETag = CustomersApi.ETag(note.Version);
        return TypedResults.Ok(await DtoAsync(db, note, ct));
    }

    private static async Task<ChangeNoteDto> DtoAsync(ManyiDbContext db, ChangeNote note, CancellationToken ct) =>
        (await ChangeNoteQueries.ToDtosAsync(db, note.OrganisationId, [note], ct))[0];

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the note was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");

    private const string LogCategory = "Manyi.ChangeNotes";

    private static partial class Log
    {
        [LoggerMessage(EventId = 9311, Level = LogLevel.Information, Message = "Change note {NoteId}: {Action}")]
        public static partial void Changed(ILogger logger, Guid noteId, string action);
    }
}
