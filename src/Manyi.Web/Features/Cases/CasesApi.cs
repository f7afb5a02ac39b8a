using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>Cases API (product.md M5): create from any channel, list, work (respond, hand over, checklist, pause, resolve, follow-up, close), history, import, inbound e-mail.</summary>
public static partial class CasesApi
{
    /// <summary>How far in the future a receipt time may lie (clocks differ a little).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const int ExternalKeyLength = 200;
    public const int ReasonLength = 1000;

    /// <summary>The kinds a person or another system may open; alerts and recovery cases are opened by Manyi's rules.</summary>
    public static IReadOnlyList<CaseKind> ManualKinds { get; } = [CaseKind.Complaint, CaseKind.Enquiry, CaseKind.Suggestion];

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("", CreateAsync).WithName("CreateCase")
            .WithSummary("Open a case from any channel; externalKey or an Idempotency-Key header makes a repeat answer the existing case (200, Idempotency-Replayed: true)")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.HandleCases);
        cases.MapGet("", ListAsync).WithName("ListCases")
            .WithSummary("Cases (filters status|open, overdue, kind, priority, categoryId, unitId, ownerId|owner=me, customerId, level, from, to, q; sort due|-received|received|priority|level|number; paged)")
            .RequireAuthorization(Policies.ReadData);
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase").WithSummary("One case with its checklist, SLA block, follow-up and the caller's allowed actions; the ETag header is its version")
            .RequireAuthorization(Policies.ReadData);
        cases.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateCase")
            .WithSummary("Change subject, description, category, priority, customer or unit (If-Match optional); a new category or priority re-picks the SLA policy")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status403Forbidden).RequireAuthorization(Policies.HandleCases);
        cases.MapGet("/{id:guid}/history", HistoryAsync).WithName("CaseHistory").WithSummary("The case's history, oldest first").RequireAuthorization(Policies.ReadData);

        cases.MapPost("/{id:guid}/respond", RespondAsync).WithName("RespondToCase").WithSummary("First response: the customer was contacted (new → in progress)").WorkResponses();
        cases.MapPost("/{id:guid}/hand-over", HandOverAsync).WithName("HandOverCase").WithSummary("Hand the case over to another user, with the reason (首问负责制)").WorkResponses();
        cases.MapPost("/{id:guid}/checklist/{step}", TickAsync).WithName("TickCaseChecklist").WithSummary("Tick (done: true) or untick a step of the handling checklist").WorkResponses();
        cases.MapPost("/{id:guid}/notes", NoteAsync).WithName("AddCaseNote").WithSummary("Add a note to the case's history").WorkResponses();
        cases.MapPost("/{id:guid}/pause", PauseAsync).WithName("PauseCase").WithSummary("Wait for the customer: the resolution clock stops").WorkResponses();
        cases.MapPost("/{id:guid}/resume", ResumeAsync).WithName("ResumeCase").WithSummary("Resume the clock; the paused business minutes push the resolution due time back").WorkResponses();
        cases.MapPost("/{id:guid}/resolve", ResolveAsync).WithName("ResolveCase").WithSummary("Resolve with what was done and the root cause; the follow-up is prepared").WorkResponses();
        cases.MapPost("/{id:guid}/follow-up", FollowUpAsync).WithName("RecordCaseFollowUp")
            .WithSummary("Record a follow-up call: satisfied closes, not satisfied or not resolved reopens one level up").WorkResponses();
        cases.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseCase").WithSummary("Close a resolved case without a follow-up answer, with a note why").WorkResponses();
        cases.MapPost("/{id:guid}/escalate", EscalateAsync).WithName("EscalateCase").WithSummary("Escalate the case one level by hand").WorkResponses();

        cases.MapPost("/import", ImportAsync).WithName("ImportCases")
            .WithSummary("Import new cases from CSV or xlsx (body or multipart field 'file'): mode=dry-run (default) or commit (commit=true), acceptGoodRows=true")
            .Accepts<Stream>("text/csv", CustomerExport.XlsxContentType, "multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(Policies.HandleCases);
        cases.MapPost("/email", EmailAsync).WithName("CaseFromEmail")
            .WithSummary("Open a case from an inbound e-mail (message/rfc822, at most 1 MB); the same Message-ID twice answers the first case")
            .Accepts<Stream>("message/rfc822")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).RequireAuthorization(Policies.HandleCases);
        return api;
    }

    private static RouteHandlerBuilder WorkResponses(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Policies.HandleCases);

    private static async Task<Results<Created<CaseDetails>, Ok<CaseDetails>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CaseInput? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, ILoggerFactory logs, CancellationToken ct)
    {
        input ??= new CaseInput();
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var header = http.Request.Headers[IdempotencyHeader].ToString();
        var key = !string.IsNullOrWhiteSpace(input.ExternalKey) ? input.ExternalKey.Trim() : string.IsNullOrWhiteSpace(header) ? null : header.Trim();
        if (key is { Length: > ExternalKeyLength })
        {
            errors[string.IsNullOrWhiteSpace(input.ExternalKey) ? IdempotencyHeader : "externalKey"] =
                [string.Create(CultureInfo.InvariantCulture, $"the key has at most {ExternalKeyLength} characters")];
        }
        var request = await CheckNewAsync(db, user, input, now, errors, ct);
        if (errors.Count > 0 || request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var organisationId = user.OrganisationId;
        if (key is not null)
        {
            var replay = await ReplayAsync(db, user, key, now, auth, http, ct);
            if (replay is not null)
            {
                return replay;
            }
        }
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var created = await CaseIntake.OpenAsync(db, organisationId, request with { ExternalKey = key }, rules, CaseAccess.Actor(user), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // Another request with the same key won the unique index: answer its case.
            db.ChangeTracker.Clear();
            var replay = await ReplayAsync(db, user, key, now, auth, http, ct);
            if (replay is not null)
            {
                return replay;
            }
            throw;
        }
        Log.Created(logs.CreateLogger(LogCategory), created.Id, created.Channel);
        var details = await CaseQueries.DetailsAsync(db, created, rules, user, await MayHandleAsync(auth, http), now, ct);
        http.Response.Headers.ETag = CustomersApi.ETag(created.Version);
        return TypedResults.Created($"/api/v1/cases/{created.Id}", details);
    }

    /// <summary>The case already stored under <paramref name="key"/> as a replayed answer (200), a 409 when the caller may not see it, or null when there is none.</summary>
    private static async Task<Results<Created<CaseDetails>, Ok<CaseDetails>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        ManyiDbContext db, CurrentUser user, string key, DateTimeOffset now, IAuthorizationService auth, HttpContext http, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var existing = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.ExternalKey == key, ct);
        if (existing is null)
        {
            return null;
        }
        var visible = await user.VisibleUnitsAsync(ct);
        if (visible is not null && !visible.Contains(existing.UnitId))
        {
            return TypedResults.Problem("this key already names a case outside your units", statusCode: StatusCodes.Status409Conflict, title: "Key in use");
        }
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        http.Response.Headers[ReplayedHeader] = "true";
        http.Response.Headers.ETag = CustomersApi.ETag(existing.Version);
        return TypedResults.Ok(await CaseQueries.DetailsAsync(db, existing, rules, user, await MayHandleAsync(auth, http), now, ct));
    }

    /// <summary>Checks a new case field by field against the organisation and the caller's units; null (and <paramref name="errors"/>) when bad.</summary>
    public static async Task<NewCase?> CheckNewAsync(ManyiDbContext db, CurrentUser user, CaseInput input, DateTimeOffset now, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var kind = CaseKind.Complaint;
        if (!string.IsNullOrWhiteSpace(input.Kind))
        {
            if (CaseQueries.ParseEnum<CaseKind>(input.Kind) is { } k && ManualKinds.Contains(k))
            {
                kind = k;
            }
            else
            {
                errors["kind"] = ["kind must be complaint, enquiry or suggestion"];
            }
        }
        var channel = input.Channel?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(channel) || !CaseIntake.Channels.Contains(channel, StringComparer.Ordinal))
        {
            errors["channel"] = ["channel is required, one of " + string.Join(", ", CaseIntake.Channels)];
        }
        var priority = CasePriority.Normal;
        if (!string.IsNullOrWhiteSpace(input.Priority))
        {
            if (CaseQueries.ParseEnum<CasePriority>(input.Priority) is { } p)
            {
                priority = p;
            }
            else
            {
                errors["priority"] = ["priority must be " + CaseQueries.Names<CasePriority>()];
            }
        }
        if (input.CategoryId is { } categoryId && !await db.CaseCategories.AsNoTracking().AnyAsync(c => c.Id == categoryId && c.OrganisationId == organisationId && c.Active, ct))
        {
            errors["categoryId"] = ["no such active category in your organisation"];
        }
        Guid? customerUnit = null;
        if (input.CustomerId is { } customerId)
        {
            customerUnit = await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.OrganisationId == organisationId).Select(c => (Guid?)c.UnitId).FirstOrDefaultAsync(ct);
            if (customerUnit is null || (visible is not null && !visible.Contains(customerUnit.Value)))
            {
                customerUnit = null;
                errors["customerId"] = ["no such customer in your units"];
            }
        }
        var unitId = input.UnitId ?? customerUnit;
        if (input.UnitId is { } u)
        {
            if (!await db.Units.AsNoTracking().AnyAsync(x => x.Id == u && x.OrganisationId == organisationId, ct) || (visible is not null && !visible.Contains(u)))
            {
                errors["unitId"] = ["no such unit in your units"];
            }
        }
        else if (input.CustomerId is null)
        {
            errors["unitId"] = ["unitId is required when the case has no customer"];
        }
        var subject = input.Subject?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > CaseIntake.SubjectLength)
        {
            errors["subject"] = [string.Create(CultureInfo.InvariantCulture, $"subject is required (at most {CaseIntake.SubjectLength} characters)")];
        }
        if (input.Description is { Length: > CaseIntake.TextLength })
        {
            errors["description"] = [string.Create(CultureInfo.InvariantCulture, $"description has at most {CaseIntake.TextLength} characters")];
        }
        if (input.OwnerId is { } ownerId && !await CaseNotices.CanOwnAsync(db, organisationId, ownerId, ct))
        {
            errors["ownerId"] = ["the owner must be a user of your organisation who may handle cases (not a viewer)"];
        }
        if (input.ReceivedAt is { } received && received > now + FutureTolerance)
        {
            errors["receivedAt"] = ["receivedAt cannot be in the future"];
        }
        if (errors.Count > 0 || unitId is null)
        {
            return null;
        }
        return new NewCase
        {
            Kind = kind,
            Channel = channel!,
            Priority = priority,
            CategoryId = input.CategoryId,
            CustomerId = input.CustomerId,
            UnitId = unitId.Value,
            Subject = subject!,
            Description = input.Description,
            OwnerId = input.OwnerId,
            ReceivedAt = input.ReceivedAt?.ToUniversalTime(),
        };
    }

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> ListAsync(HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (filter, page, size) = CaseQueries.Parse(request.Query, user, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await CaseQueries.ListAsync(db, user, filter, page, size, clock.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<CaseDetails>, NotFound>> GetAsync(Guid id, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct)
    {
        var found = await (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }
        var rules = await CaseRules.LoadAsync(db, user.OrganisationId, ct);
        http.Response.Headers.ETag = CustomersApi.ETag(found.Version);
        return TypedResults.Ok(await CaseQueries.DetailsAsync(db, found, rules, user, await MayHandleAsync(auth, http), clock.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<List<CaseEventDto>>, NotFound>> HistoryAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        if (!await (await CaseAccess.VisibleAsync(db, user, ct)).AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await CaseQueries.HistoryAsync(db, user.OrganisationId, id, ct));
    }

    private static async Task<Results<Ok<CaseDetails>, NotFound, ValidationProblem, ProblemHttpResult>> PatchAsync(
        Guid id, CasePatch? input, HttpContext http, ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService auth, CancellationToken ct)
    {
        input ??= new CasePatch();
        return await WorkAsync(id, http, db, user, clock, auth, mustWork: true, takeOwnership: false, async (c, rules, actor, now) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var organisationId = user.OrganisationId;
            var visible = await user.VisibleUnitsAsync(ct);
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            static string? Show(object? value) => value switch
            {
                null => null,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            void Change(string field, object? from, object? to) => changes[field] = $"{Show(from) ?? "∅"} → {Show(to) ?? "∅"}";

            var subject = input.Subject?.Trim();
            if (input.Subject is not null && (subject!.Length == 0 || subject.Length > CaseIntake.SubjectLength))
            {
                errors["subject"] = [string.Create(CultureInfo.InvariantCulture, $"subject cannot be empty (at most {CaseIntake.SubjectLength} characters)")];
            }
            if (input.Description is { Length: > CaseIntake.TextLength })
            {
                errors["description"] = [string.Create(CultureInfo.InvariantCulture, $"description has at most {CaseIntake.TextLength} characters")];
            }
            CasePriority? priority = null;
            if (input.Priority is not null && (priority = CaseQueries.ParseEnum<CasePriority>(input.Priority)) is null)
            {
                errors["priority"] = ["priority must be " + CaseQueries.Names<CasePriority>()];
            }
            if (input.CategoryId is { } categoryId && !await db.CaseCategories.AsNoTracking().AnyAsync(x => x.Id == categoryId && x.OrganisationId == organisationId && x.Active, ct))
            {
                errors["categoryId"] = ["no such active category in your organisation"];
            }
            if (input.CustomerId is { } customerId)
            {
                var unit = await db.Customers.AsNoTracking().Where(x => x.Id == customerId && x.OrganisationId == organisationId).Select(x => (Guid?)x.UnitId).FirstOrDefaultAsync(ct);
                if (unit is null || (visible is not null && !visible.Contains(unit.Value)))
                {
                    errors["customerId"] = ["no such customer in your units"];
                }
            }
            if (input.UnitId is { } unitId && (!await db.Units.AsNoTracking().AnyAsync(x => x.Id == unitId && x.OrganisationId == organisationId, ct)
                || (visible is not null && !visible.Contains(unitId))))
            {
                errors["unitId"] = ["no such unit in your units"];
            }
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }
            if (subject is not null && !string.Equals(subject, c.Subject, StringComparison.Ordinal))
            {
                Change("subject", c.Subject, subject);
                c.Subject = subject;
            }
            if (input.Description is not null)
            {
                var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
                if (!string.Equals(description, c.Description, StringComparison.Ordinal))
                {
                    Change("description", c.Description, description);
                    c.Description = description;
                }
            }
            var repick = false;
            if (input.CategoryId is { } category && category != c.CategoryId)
            {
                Change("categoryId", c.CategoryId, category);
                c.CategoryId = category;
                repick = true;
            }
            if (priority is { } newPriority && newPriority != c.Priority)
            {
                Change("priority", c.Priority, newPriority);
                c.Priority = newPriority;
                repick = true;
            }
            if (input.CustomerId is { } customer && customer != c.CustomerId)
            {
                Change("customerId", c.CustomerId, customer);
                c.CustomerId = customer;
            }
            if (input.UnitId is { } newUnit && newUnit != c.UnitId)
            {
                Change("unitId", c.UnitId, newUnit);
                c.UnitId = newUnit;
            }
            if (repick && c.IsOpen)
            {
                var policy = rules.PolicyFor(c.CategoryId, c.Priority);
                if (policy?.Id != c.SlaPolicyId)
                {
                    Change("slaPolicyId", c.SlaPolicyId, policy?.Id);
                }
                c.ChangePolicy(policy, rules.Calendar);
            }
            return Outcome.Done(c.Edited(changes, actor, now));
        }, ct);
    }

    /// <summary>Whether the caller may handle cases (the HandleCases policy), for the allowed actions of a case it reads.</summary>
    private static async Task<bool> MayHandleAsync(IAuthorizationService auth, HttpContext http) =>
        (await auth.AuthorizeAsync(http.User, Policies.HandleCases)).Succeeded;

    private const string LogCategory = "Manyi.Cases";

    private static partial class Log
    {
        [LoggerMessage(6101, LogLevel.Information, "Case {CaseId} opened (channel {Channel})")]
        public static partial void Created(ILogger logger, Guid caseId, string channel);

        [LoggerMessage(6102, LogLevel.Information, "Case {CaseId}: change refused, the case changed meanwhile")]
        public static partial void Conflict(ILogger logger, Guid caseId);

        [LoggerMessage(6103, LogLevel.Information, "Case import (committed: {Committed}): {Rows} rows, {Created} created, {Existing} already there, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int created, int existing, int bad);

        [LoggerMessage(6104, LogLevel.Information, "Case {CaseId} from an inbound e-mail (replayed: {Replayed})")]
        public static partial void Emailed(ILogger logger, Guid caseId, bool replayed);
    }
}
