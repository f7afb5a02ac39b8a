using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Contacts;

/// <summary>The contact log (接触分析, product.md M4): contacts, their reason codes, import and contact rates.</summary>
public static partial class ContactsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("", ListAsync).WithName("ListContacts").WithSummary("Contacts (filter customerId, unitId, channel, reason, from, to; paged, newest first)").RequireAuthorization(Policies.ReadData);
        contacts.MapPost("", CreateAsync).WithName("CreateContact").WithSummary("Record a contact with a customer").RequireAuthorization(Policies.RecordContacts);
        contacts.MapPost("/import", ImportAsync).WithName("ImportContacts").WithSummary("Import contacts from CSV or xlsx: mode=dry-run (default) or commit")
            .Accepts<Stream>("text/csv", CustomerExport.XlsxContentType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(Policies.RecordContacts);
        contacts.MapGet("/rates", RatesAsync).WithName("ContactRates").WithSummary("Contacts per reason and channel, and per 1,000 customers").RequireAuthorization(Policies.ReadData);

        var reasons = api.MapGroup("/contact-reasons").WithTags("Contacts");
        reasons.MapGet("", ListReasonsAsync).WithName("ListContactReasons").WithSummary("The organisation's contact reason codes (defaults seeded on first use)").RequireAuthorization(Policies.ReadData);
        reasons.MapPost("", CreateReasonAsync).WithName("CreateContactReason").WithSummary("Add a contact reason code").RequireAuthorization(Policies.DesignSurveys);
        reasons.MapPost("/{id:guid}/deactivate", DeactivateReasonAsync).WithName("DeactivateContactReason").WithSummary("Stop offering a reason code (its contacts keep it)").RequireAuthorization(Policies.DesignSurveys);
        return api;
    }

    private static async Task<Results<Ok<ContactPage>, ValidationProblem>> ListAsync(
        string? customerId, string? unitId, string? channel, string? reason, string? from, string? to, string? page, string? pageSize,
        ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var customer = ParseGuid(customerId, "customerId", errors);
        var unit = ParseGuid(unitId, "unitId", errors);
        string? wantedChannel = null;
        if (!string.IsNullOrWhiteSpace(channel) && (wantedChannel = ContactRules.Channel(channel)) is null)
        {
            errors["channel"] = [ContactRules.ChannelMessage];
        }
        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        var pageNumber = ParseInt(page, "page", 1, int.MaxValue, 1, errors);
        var size = ParseInt(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var contacts = await FilterAsync(db, user, unit, fromTime, toTime, ct);
        if (customer is { } c)
        {
            contacts = contacts.Where(x => x.CustomerId == c);
        }
        if (wantedChannel is not null)
        {
            contacts = contacts.Where(x => x.Channel == wantedChannel);
        }
        if (!string.IsNullOrWhiteSpace(reason))
        {
            var code = reason.Trim();
            contacts = contacts.Where(x => x.ReasonCode == code);
        }
        var total = await contacts.CountAsync(ct);
        var items = await (from x in contacts
                           join cu in db.Customers on x.CustomerId equals cu.Id
                           orderby x.OccurredAt descending, x.Id
                           select new ContactDto(x.Id, x.CustomerId, cu.Code, x.UnitId, x.Channel, x.ReasonCode, x.Inbound, x.OccurredAt, x.Note, x.RecordedBy, x.CreatedAt))
            .Skip((pageNumber - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new ContactPage(items, pageNumber, size, total));
    }

    private static async Task<Results<Created<ContactDto>, ValidationProblem>> CreateAsync(ContactInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var result = await RecordAsync(db, user, clock, input ?? new ContactInput(), ct);
        return result.Contact is null ? TypedResults.ValidationProblem(result.Errors) : TypedResults.Created($"/api/v1/contacts/{result.Contact.Id}", result.Contact);
    }

    /// <summary>Checks and stores one contact (API and page); errors by field with their reason codes.</summary>
    public static async Task<(ContactDto? Contact, Dictionary<string, string[]> Errors, Dictionary<string, string> Codes)> RecordAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, ContactInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        void Fail(string field, string code, string message)
        {
            errors[field] = [message];
            codes[field] = code;
        }
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        Customer? customer = null;
        if (input.CustomerId is not { } customerId)
        {
            Fail("customerId", ContactIssues.Required, "customerId is required");
        }
        else
        {
            customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId && c.OrganisationId == organisationId, ct);
            if (customer is null || (visible is not null && !visible.Contains(customer.UnitId)))
            {
                customer = null;
                Fail("customerId", ContactIssues.UnknownCustomer, "no such customer in your units");
            }
        }
        var channel = ContactRules.Channel(input.Channel);
        if (channel is null)
        {
            Fail("channel", string.IsNullOrWhiteSpace(input.Channel) ? ContactIssues.Required : ContactIssues.UnknownChannel, ContactRules.ChannelMessage);
        }
        var reasons = await ContactRules.ReasonsAsync(db, organisationId, ct);
        var reasonCode = input.ReasonCode?.Trim();
        if (string.IsNullOrEmpty(reasonCode))
        {
            Fail("reasonCode", ContactIssues.Required, "reasonCode is required");
        }
        else if (!reasons.Any(r => r.Active && string.Equals(r.Code, reasonCode, StringComparison.Ordinal)))
        {
            Fail("reasonCode", ContactIssues.UnknownReason, "reasonCode must be an active reason code: " + string.Join(", ", reasons.Where(r => r.Active).Select(r => r.Code)));
        }
        var now = clock.GetUtcNow();
        var occurred = input.OccurredAt ?? now;
        if (occurred > now + ContactRules.FutureTolerance)
        {
            Fail("occurredAt", ContactIssues.FutureDate, "occurredAt cannot be in the future");
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > ContactRules.NoteLength })
        {
            Fail("note", ContactIssues.TooLong, string.Create(CultureInfo.InvariantCulture, $"note has at most {ContactRules.NoteLength} characters"));
        }
        if (input.UnitId is { } unitId && (!await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct)
            || (visible is not null && !visible.Contains(unitId))))
        {
            Fail("unitId", ContactIssues.UnitNotAllowed, "no such unit in your units");
        }
        if (errors.Count > 0)
        {
            return (null, errors, codes);
        }
        var contact = new Contact
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            CustomerId = customer!.Id,
            UnitId = input.UnitId ?? customer.UnitId,
            Channel = channel!,
            ReasonCode = reasonCode!,
            Inbound = input.Inbound ?? true,
            OccurredAt = occurred.ToUniversalTime(),
            Note = note,
            RecordedBy = user.ActorId,
            CreatedAt = now,
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return (ToDto(contact, customer.Code), errors, codes);
    }

    private static async Task<Results<Ok<ContactImportReport>, UnprocessableEntity<ContactImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? mode, string? acceptGoodRows, string? format, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var (commit, accept, fileFormat, errors) = ImportOptions.Parse(mode, acceptGoodRows, format);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        fileFormat ??= CustomerImport.FormatOf(null, request.ContentType);
        if (fileFormat is null)
        {
            return TypedResults.Problem("send the file as the request body with Content-Type text/csv or " + CustomerExport.XlsxContentType + " (or add format=csv|xlsx)",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        }
        if (request.ContentLength > ContactImport.MaxBytes)
        {
            return TooLarge();
        }
        var outcome = await ContactImport.RunAsync(db, user, clock, request.Body, fileFormat.Value, commit, accept, ct);
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                Log.Imported(logs.CreateLogger(LogCategory), outcome.Report!.Committed, outcome.Report.Rows, outcome.Report.Created, outcome.Report.Bad);
                return TypedResults.Ok(outcome.Report);
            case ImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.TooLarge:
                return TooLarge();
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["file"] = [outcome.Problem!] });
        }
    }

    private static async Task<Results<Ok<ContactRates>, ValidationProblem>> RatesAsync(string? from, string? to, string? unitId, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var unit = ParseGuid(unitId, "unitId", errors);
        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await ComputeRatesAsync(db, user, unit, fromTime, toTime, ct));
    }

    /// <summary>
    /// Contacts in [from, to) of the caller's units (or of <paramref name="unit"/> and below), per reason, channel and both, with the
    /// rate per 1,000 active customers of the same units (customers today: the log keeps no customer history).
    /// </summary>
    public static async Task<ContactRates> ComputeRatesAsync(ManyiDbContext db, CurrentUser user, Guid? unit, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var contacts = await FilterAsync(db, user, unit, from, to, ct);
        var cells = await contacts.GroupBy(c => new { c.ReasonCode, c.Channel }).Select(g => new { g.Key.ReasonCode, g.Key.Channel, Count = g.Count() }).ToListAsync(ct);
        var organisationId = user.OrganisationId;
        var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Status == CustomerStatus.Active);
        var scope = await ScopeUnitsAsync(db, user, unit, ct);
        if (scope is not null)
        {
            customers = customers.Where(c => scope.Contains(c.UnitId));
        }
        var customerCount = await customers.CountAsync(ct);
        double? Rate(int count) => customerCount == 0 ? null : Math.Round(count * 1000.0 / customerCount, 4);
        var total = cells.Sum(c => c.Count);
        return new ContactRates(from, to, unit, total, customerCount, Rate(total),
            cells.GroupBy(c => c.ReasonCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ContactRate(g.Key, null, g.Sum(x => x.Count), Rate(g.Sum(x => x.Count)))).ToList(),
            cells.GroupBy(c => c.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ContactRate(null, g.Key, g.Sum(x => x.Count), Rate(g.Sum(x => x.Count)))).ToList(),
            cells.OrderBy(c => c.ReasonCode, StringComparer.Ordinal).ThenBy(c => c.Channel, StringComparer.Ordinal).Select(c => new ContactRate(c.ReasonCode, c.Channel, c.Count, Rate(c.Count))).ToList());
    }

    private static async Task<Ok<IReadOnlyList<ContactReasonDto>>> ListReasonsAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var reasons = await ContactRules.ReasonsAsync(db, user.OrganisationId, ct);
        return TypedResults.Ok<IReadOnlyList<ContactReasonDto>>(reasons.Select(r => new ContactReasonDto(r.Id, r.Code, r.NameZh, r.NameEn, r.Active)).ToList());
    }

    private static async Task<Results<Created<ContactReasonDto>, ValidationProblem>> CreateReasonAsync(ContactReasonInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        input ??= new ContactReasonInput();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var code = input.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > 64 || !code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.'))
        {
            errors["code"] = ["code is required: 1 to 64 letters, digits, '-', '_' or '.'"];
        }
        var nameZh = input.NameZh?.Trim();
        if (string.IsNullOrEmpty(nameZh) || nameZh.Length > 100)
        {
            errors["nameZh"] = ["nameZh is required (at most 100 characters)"];
        }
        var nameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        if (nameEn is { Length: > 100 })
        {
            errors["nameEn"] = ["nameEn has at most 100 characters"];
        }
        var organisationId = user.OrganisationId;
        var existing = await ContactRules.ReasonsAsync(db, organisationId, ct);
        if (code is not null && existing.Any(r => string.Equals(r.Code, code, StringComparison.Ordinal)))
        {
            errors["code"] = ["the organisation already has this code"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var reason = new ContactReason { Id = Guid.NewGuid(), OrganisationId = organisationId, Code = code!, NameZh = nameZh!, NameEn = nameEn };
        db.ContactReasons.Add(reason);
        AuditLog.Write(db, user, clock, "contact-reason.create", code, null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["code"] = ["the organisation already has this code"] });
        }
        return TypedResults.Created($"/api/v1/contact-reasons/{reason.Id}", new ContactReasonDto(reason.Id, reason.Code, reason.NameZh, reason.NameEn, reason.Active));
    }

    private static async Task<Results<Ok<ContactReasonDto>, NotFound>> DeactivateReasonAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var reason = await db.ContactReasons.FirstOrDefaultAsync(r => r.Id == id && r.OrganisationId == organisationId, ct);
        if (reason is null)
        {
            return TypedResults.NotFound();
        }
        if (reason.Active)
        {
            reason.Active = false;
            AuditLog.Write(db, user, clock, "contact-reason.deactivate", reason.Code, null);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(new ContactReasonDto(reason.Id, reason.Code, reason.NameZh, reason.NameEn, reason.Active));
    }

    /// <summary>Visible contacts, of <paramref name="unit"/> and below when given (a unit outside the caller's units gives nothing), in [from, to).</summary>
    private static async Task<IQueryable<Contact>> FilterAsync(ManyiDbContext db, CurrentUser user, Guid? unit, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var contacts = await ContactRules.VisibleAsync(db, user, ct);
        if (unit is { } u)
        {
            var subtree = await UnitTree.SubtreeAsync(db, user.OrganisationId, u, ct);
            contacts = contacts.Where(c => subtree.Contains(c.UnitId));
        }
        if (from is { } f)
        {
            contacts = contacts.Where(c => c.OccurredAt >= f);
        }
        if (to is { } t)
        {
            contacts = contacts.Where(c => c.OccurredAt < t);
        }
        return contacts;
    }

    /// <summary>The units whose customers count: the unit's subtree within the caller's units, or the caller's units, or null (all).</summary>
    private static async Task<List<Guid>?> ScopeUnitsAsync(ManyiDbContext db, CurrentUser user, Guid? unit, CancellationToken ct)
    {
        var visible = await user.VisibleUnitsAsync(ct);
        if (unit is { } u)
        {
            var subtree = await UnitTree.SubtreeAsync(db, user.OrganisationId, u, ct);
            return visible is null ? subtree : subtree.Where(visible.Contains).ToList();
        }
        return visible?.ToList();
    }

    internal static ContactDto ToDto(Contact c, string customerCode) =>
        new(c.Id, c.CustomerId, customerCode, c.UnitId, c.Channel, c.ReasonCode, c.Inbound, c.OccurredAt, c.Note, c.RecordedBy, c.CreatedAt);

    private static Guid? ParseGuid(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        errors[field] = [$"{field} must be an id (GUID)"];
        return null;
    }

    private static DateTimeOffset? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = ContactRules.ParseTime(text);
        if (value is null)
        {
            errors[field] = [$"{field} must be a date or date and time (ISO 8601, e.g. 2026-03-01 or 2026-03-01T08:00:00Z)"];
        }
        return value;
    }

    private static int ParseInt(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number between {min} and {max}")];
        return fallback;
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {ContactImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private const string LogCategory = "Manyi.Contacts";

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Information, "Contact import (committed: {Committed}): {Rows} rows, {Created} created, {Bad} bad")]
        public static partial void Imported(ILogger logger, bool committed, int rows, int created, int bad);
    }
}
