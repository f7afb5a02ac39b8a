using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>The case actions: each finds the case in the caller's scope, checks If-Match and first-responder ownership, applies one <see cref="Case"/> method and saves it with its history.</summary>
public static partial class CasesApi
{
    /// <summary>What an action did: the case's change, or the request's bad fields.</summary>
    private sealed record Outcome(CaseChange? Change, Dictionary<string, string[]>? Errors)
    {
        public static Outcome Done(CaseChange change) => new(change, null);

        public static Outcome Invalid(Dictionary<string, string[]> errors) => new(null, errors);

        public static Outcome Invalid(string field, string message) => new(null, new(StringComparer.Ordinal) { [field] = [message] });
    }

    private delegate Task<Outcome> CaseAction(Case c, CaseRules rules, CaseActor actor, DateTimeOffset now);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> RespondAsync(
        Guid id, CaseNoteInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, (c, _, actor, now) =>
            Task.FromResult(Note(input?.Note, "note") is { } bad ? bad : Outcome.Done(c.Respond(actor, now, Trimmed(input?.Note)))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> HandOverAsync(
        Guid id, CaseHandOverInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: false, async (c, _, actor, now) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var organisationId = user.OrganisationId;
            string? toName = null;
            if (input?.ToUserId is not { } to)
            {
                errors["toUserId"] = ["toUserId is required"];
            }
            else if (!await CaseNotices.CanOwnAsync(db, organisationId, to, ct)
                || (toName = await db.Users.AsNoTracking().Where(u => u.Id == to && u.OrganisationId == organisationId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)) is null)
            {
                errors["toUserId"] = ["the new owner must be a user of your organisation who may handle cases (not a viewer)"];
            }
            var reason = input?.Reason?.Trim();
            if (string.IsNullOrEmpty(reason) || reason.Length > ReasonLength)
            {
                errors["reason"] = [string.Create(CultureInfo.InvariantCulture, $"a hand-over needs a reason (at most {ReasonLength} characters)")];
            }
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }
            var change = c.HandOver(input!.ToUserId!.Value, toName!, reason!, actor, now);
            if (!change.Refused)
            {
                CaseNotices.Add(db, c, input.ToUserId, NotificationKind.CaseHandedOver, now);
            }
            return Outcome.Done(change);
        }, ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> TickAsync(
        Guid id, string step, CaseTickInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, (c, _, actor, now) =>
            Task.FromResult(!CaseChecklist.Steps.Contains(step, StringComparer.Ordinal)
                ? Outcome.Invalid("step", "step must be one of " + string.Join(", ", CaseChecklist.Steps))
                : Outcome.Done(c.Tick(step, input?.Done ?? true, actor, now))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> NoteAsync(
        Guid id, CaseTextInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: false, takeOwnership: false, (c, _, actor, now) =>
            Task.FromResult(string.IsNullOrWhiteSpace(input?.Text) ? Outcome.Invalid("text", "the note is empty")
                : Note(input.Text, "text") is { } bad ? bad
                : Outcome.Done(c.Note(input.Text, actor, now))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> PauseAsync(
        Guid id, CaseNoteInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, (c, _, actor, now) =>
            Task.FromResult(Note(input?.Note, "note") is { } bad ? bad : Outcome.Done(c.Pause(actor, now, Trimmed(input?.Note)))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> ResumeAsync(
        Guid id, CaseNoteInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, (c, rules, actor, now) =>
            Task.FromResult(Note(input?.Note, "note") is { } bad ? bad : Outcome.Done(c.Resume(rules.Calendar, actor, now, Trimmed(input?.Note)))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, CaseResolveInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, async (c, rules, actor, now) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var organisationId = user.OrganisationId;
            var resolution = input?.Resolution?.Trim();
            if (string.IsNullOrEmpty(resolution) || resolution.Length > CaseIntake.TextLength)
            {
                errors["resolution"] = [string.Create(CultureInfo.InvariantCulture, $"say what was done to resolve the case (at most {CaseIntake.TextLength} characters)")];
            }
            if (input?.RootCauseId is { } rootCauseId)
            {
                if (!await db.RootCauses.AsNoTracking().AnyAsync(r => r.Id == rootCauseId && r.OrganisationId == organisationId && r.Active, ct))
                {
                    errors["rootCauseId"] = ["no such active root cause in your organisation"];
                }
            }
            else if (c.Kind is CaseKind.Complaint or CaseKind.Alert or CaseKind.Recovery)
            {
                errors["rootCauseId"] = ["a complaint records its root cause when it is resolved"];
            }
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }
            return Outcome.Done(await CaseIntake.ResolveAsync(db, c, resolution!, input?.RootCauseId, rules, actor, now, ct));
        }, ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> FollowUpAsync(
        Guid id, CaseFollowUpInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, async (c, rules, actor, now) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (input?.Resolved is null)
            {
                errors["resolved"] = ["resolved is required: did the customer say the problem is resolved (true or false)?"];
            }
            var satisfaction = CaseQueries.ParseEnum<FollowUpSatisfaction>(input?.Satisfaction);
            if (satisfaction is null)
            {
                errors["satisfaction"] = ["satisfaction is required: " + CaseQueries.Names<FollowUpSatisfaction>()];
            }
            if (Note(input?.Note, "note") is { Errors: { } noteErrors })
            {
                errors["note"] = noteErrors["note"];
            }
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }
            return Outcome.Done(await CaseIntake.FollowUpAsync(db, c, input!.Resolved!.Value, satisfaction!.Value, input.Note, FollowUpMethod.Call, rules, actor, now, ct));
        }, ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid id, CaseNoteInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: true, (c, _, actor, now) =>
            Task.FromResult(Note(input?.Note, "note") is { } bad ? bad : Outcome.Done(c.Close(Trimmed(input?.Note), actor, now))), ct);

    private static Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> EscalateAsync(
        Guid id, CaseNoteInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: false, async (c, rules, actor, now) =>
        {
            if (Note(input?.Note, "note") is { } bad)
            {
                return bad;
            }
            var change = await CaseIntake.EscalateAsync(db, c, EscalationReason.Manual, rules, actor, now, ct);
            if (change.Refused || Trimmed(input?.Note) is not { } note)
            {
                return Outcome.Done(change);
            }
            // The escalation event has no note of its own: the reason given goes to the history as a note with it.
            var noted = c.Note(note, actor, now);
            return Outcome.Done(new CaseChange([.. change.Events, .. noted.Events], null));
        }, ct);

    /// <summary>
    /// The pipeline of every change: the case in the caller's scope (else 404), If-Match (412), first-responder ownership (403 naming
    /// the owner), the action (400 bad fields, 409 refused by the case's state), the unowned-case rule, one SaveChanges with the
    /// history (a concurrent change answers 412 and nothing is saved), the case with its new ETag.
    /// </summary>
    private static async Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> WorkAsync(
        Guid id, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, bool mustWork, bool takeOwnership,
        CaseAction action, CancellationToken ct)
    {
        var c = await CaseAccess.FindAsync(db, user, id, ct);
        if (c is null)
        {
            return TypedResults.NotFound();
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*" && CustomersApi.ParseETag(ifMatch) != c.Version)
        {
            return Stale();
        }
        if (mustWork && !CaseAccess.MayWork(user, c))
        {
            var ownerName = await db.Users.AsNoTracking().Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            return TypedResults.Problem($"the case is owned by {ownerName}: the owner, a unit manager or an administrator works it (or hands it over)",
                statusCode: StatusCodes.Status403Forbidden, title: "Not your case",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["ownerId"] = c.OwnerId, ["ownerName"] = ownerName });
        }
        var now = clock.GetUtcNow();
        var rules = await CaseRules.LoadAsync(db, user.OrganisationId, ct);
        var actor = CaseAccess.Actor(user);
        var respondedBefore = c.FirstRespondedAt;
        var outcome = await action(c, rules, actor, now);
        if (outcome.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var change = outcome.Change!;
        if (change.Refused)
        {
            return TypedResults.Problem(change.Refusal, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }
        var events = change.Events.ToList();
        // 首问负责制: a user who works an unowned case becomes its owner (recorded as a hand-over to them).
        if (takeOwnership && c.OwnerId is null && c.Status != CaseStatus.Closed && await CaseNotices.CanOwnAsync(db, user.OrganisationId, user.ActorId, ct))
        {
            events.AddRange(c.HandOver(user.ActorId, user.ActorName, "took the unowned case (首问负责制)", actor, now).Events);
        }
        if (events.Count > 0)
        {
            db.CaseEvents.AddRange(events);
            if (respondedBefore is null && c.FirstRespondedAt is not null)
            {
                await Monitoring.ProjectMonitor.CaseRespondedAsync(db, c, rules, now, ct);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                Log.Conflict(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory), id);
                return Stale();
            }
        }
        http.Response.Headers.ETag = CustomersApi.ETag(c.Version);
        return TypedResults.Ok(await CaseQueries.DetailsAsync(db, c, rules, user, await MayHandleAsync(auth, http), now, ct));
    }

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the case was changed since you read it; nothing was saved — read it again and repeat your change",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    /// <summary>A 400 outcome when an optional note is too long, else null.</summary>
    private static Outcome? Note(string? text, string field) =>
        text is { Length: > CaseIntake.TextLength }
            ? Outcome.Invalid(field, string.Create(CultureInfo.InvariantCulture, $"{field} has at most {CaseIntake.TextLength} characters"))
            : null;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
