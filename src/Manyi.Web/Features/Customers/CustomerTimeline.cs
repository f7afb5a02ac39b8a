using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Customers;

/// <summary>A survey answer on the timeline: its wave, channel, status and headline scores (NPS and CSAT questions).</summary>
public sealed record TimelineResponse(Guid WaveId, string WaveName, ResponseChannel Channel, ResponseStatus Status, DateTimeOffset? SubmittedAt, IReadOnlyList<TimelineScore> Scores);

public sealed record TimelineScore(string Question, QuestionType Type, string Value);

public sealed record TimelineContact(string Channel, string ReasonCode, string? ReasonName, string? ReasonNameEn, bool Inbound, string? Note);

public sealed record TimelineCase(Guid CaseId, string Number, CaseKind Kind, CaseStatus Status, string Subject, int Level);

public sealed record TimelineCaseEvent(Guid CaseId, string Number, CaseEventKind Kind, CaseStatus Status, int Level, string? Reason);

/// <summary>
/// One entry of a customer's timeline: <see cref="Type"/> is response, contact, case or caseEvent and names the part that is set.
/// <see cref="Cursor"/> passed as <c>before</c> gives the entries after this one.
/// </summary>
public sealed record TimelineItem(string Type, DateTimeOffset At, Guid Id, string Cursor, TimelineResponse? Response = null, TimelineContact? Contact = null,
    TimelineCase? Case = null, TimelineCaseEvent? Event = null);

/// <summary>A page of the timeline, newest first; <see cref="NextBefore"/> is null on the last page.</summary>
public sealed record TimelinePage(Guid CustomerId, IReadOnlyList<TimelineItem> Items, string? NextBefore);

/// <summary>A customer's timeline: survey answers, contacts and cases together, newest first.</summary>
public static class CustomerTimelineApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>Contact notes are shortened to this many characters on the timeline.</summary>
    public const int NoteLength = 140;

    /// <summary>The case events the timeline shows besides the case itself.</summary>
    public static IReadOnlyList<CaseEventKind> EventsOfNote { get; } =
        [CaseEventKind.Resolved, CaseEventKind.Escalated, CaseEventKind.FollowUpRecorded, CaseEventKind.Reopened, CaseEventKind.Closed];

    /// <summary>Entries at the very instant of the cursor that one page may consider (ties are rare: same-instant imports).</summary>
    private const int TieLimit = 1000;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapCustomerTimelineApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/customers/{id:guid}/timeline", GetAsync).WithTags("Customers").WithName("CustomerTimeline")
            .WithSummary("A customer's survey answers, contacts and cases, newest first (before = cursor of the last entry seen, limit ≤ 100)")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<TimelinePage>, NotFound, ValidationProblem>> GetAsync(
        Guid id, string? before, string? limit, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];
        }
        Cursor? cursor = null;
        if (!string.IsNullOrWhiteSpace(before) && (cursor = Cursor.Parse(before)) is null)
        {
            errors["before"] = ["before must be the cursor of a timeline entry"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var page = await LoadAsync(db, user, id, cursor, size, ct);
        return page is null ? TypedResults.NotFound() : TypedResults.Ok(page);
    }

    /// <summary>
    /// A page of the timeline of a customer the caller may see (null otherwise). Within the customer, contacts and cases of units the
    /// caller may not see are left out, as are responses of such units.
    /// </summary>
    public static async Task<TimelinePage?> LoadAsync(ManyiDbContext db, CurrentUser user, Guid customerId, Cursor? before, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var customer = await (await CustomerQueries.VisibleAsync(db, user, ct)).Where(c => c.Id == customerId).Select(c => new { c.Id }).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return null;
        }
        limit = Math.Clamp(limit, 1, MaxLimit);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var units = visible?.ToList();

        var responses = db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.CustomerId == customerId);
        if (units is not null)
        {
            responses = responses.Where(r => r.UnitId == null || units.Contains(r.UnitId.Value));
        }
        var contacts = db.Contacts.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.CustomerId == customerId);
        if (units is not null)
        {
            contacts = contacts.Where(c => units.Contains(c.UnitId));
        }
        var cases = (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(c => c.CustomerId == customerId);
        var kinds = EventsOfNote.ToList();
        var events = db.CaseEvents.AsNoTracking().Where(e => e.OrganisationId == organisationId && kinds.Contains(e.Kind) && cases.Select(c => c.Id).Contains(e.CaseId));

        var responseRows = await Take(responses.Select(r => new ResponseRow
        {
            Id = r.Id, At = r.SubmittedAt ?? r.StartedAt, WaveId = r.WaveId, VersionId = r.QuestionnaireVersionId, Channel = r.Channel, Status = r.Status,
            SubmittedAt = r.SubmittedAt, Answers = r.Answers,
        }), before, limit, ct);
        var contactRows = await Take(contacts.Select(c => new ContactRow
        {
            Id = c.Id, At = c.OccurredAt, Channel = c.Channel, ReasonCode = c.ReasonCode, Inbound = c.Inbound, Note = c.Note,
        }), before, limit, ct);
        var caseRows = await Take(cases.Select(c => new CaseRow
        {
            Id = c.Id, At = c.ReceivedAt, Number = c.Number, Kind = c.Kind, Status = c.Status, Subject = c.Subject, Level = c.Level,
        }), before, limit, ct);
        var eventRows = await Take(events.Select(e => new EventRow
        {
            Id = e.Id, At = e.At, CaseId = e.CaseId, Kind = e.Kind, Status = e.Status, Level = e.Level, Reason = e.Reason,
        }), before, limit, ct);

        var merged = responseRows.Select(r => (Row: (Row)r, Type: "response"))
            .Concat(contactRows.Select(r => (Row: (Row)r, Type: "contact")))
            .Concat(caseRows.Select(r => (Row: (Row)r, Type: "case")))
            .Concat(eventRows.Select(r => (Row: (Row)r, Type: "caseEvent")))
            .Select(x => (x.Row, x.Type, Key: new Cursor(x.Row.At.UtcTicks, x.Type, x.Row.Id)))
            .Where(x => before is null || x.Key.CompareTo(before) < 0)
            .OrderByDescending(x => x.Key)
            .ToList();
        var shown = merged.Take(limit).ToList();

        // Names for the shown entries, one query each.
        var waveIds = shown.Select(x => x.Row).OfType<ResponseRow>().Select(r => r.WaveId).Distinct().ToList();
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId && waveIds.Contains(w.Id))
            .Select(w => new { w.Id, w.Name }).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var versionIds = shown.Select(x => x.Row).OfType<ResponseRow>().Select(r => r.VersionId).Distinct().ToList();
        var headline = (await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => v.Definition.Questions.Where(q => q.Type is QuestionType.Nps or QuestionType.Csat).Select(q => (q.Code, q.Type)).ToList());
        var reasonCodes = shown.Select(x => x.Row).OfType<ContactRow>().Select(c => c.ReasonCode).Distinct().ToList();
        var reasons = await db.ContactReasons.AsNoTracking().Where(r => r.OrganisationId == organisationId && reasonCodes.Contains(r.Code))
            .Select(r => new { r.Code, r.NameZh, r.NameEn }).ToListAsync(ct);
        var eventCaseIds = shown.Select(x => x.Row).OfType<EventRow>().Select(e => e.CaseId).Distinct().ToList();
        var numbers = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && eventCaseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number }).ToDictionaryAsync(c => c.Id, c => c.Number, ct);

        var items = shown.Select(x => x.Row switch
        {
            ResponseRow r => new TimelineItem(x.Type, r.At, r.Id, x.Key.ToString(), Response: new TimelineResponse(
                r.WaveId, waves.GetValueOrDefault(r.WaveId) ?? string.Empty, r.Channel, r.Status, r.SubmittedAt,
                [.. headline.GetValueOrDefault(r.VersionId, []).Where(q => r.Answers.ContainsKey(q.Code)).Select(q => new TimelineScore(q.Code, q.Type, r.Answers[q.Code]))])),
            ContactRow c => new TimelineItem(x.Type, c.At, c.Id, x.Key.ToString(), Contact: new TimelineContact(
                c.Channel, c.ReasonCode,
                reasons.FirstOrDefault(n => string.Equals(n.Code, c.ReasonCode, StringComparison.Ordinal))?.NameZh,
                reasons.FirstOrDefault(n => string.Equals(n.Code, c.ReasonCode, StringComparison.Ordinal))?.NameEn,
                c.Inbound, Shorten(c.Note))),
            CaseRow k => new TimelineItem(x.Type, k.At, k.Id, x.Key.ToString(), Case: new TimelineCase(k.Id, k.Number, k.Kind, k.Status, k.Subject, k.Level)),
            EventRow e => new TimelineItem(x.Type, e.At, e.Id, x.Key.ToString(), Event: new TimelineCaseEvent(
                e.CaseId, numbers.GetValueOrDefault(e.CaseId) ?? string.Empty, e.Kind, e.Status, e.Level, e.Reason)),
            _ => throw new InvalidOperationException("unknown timeline row"),
        }).ToList();
        return new TimelinePage(customerId, items, merged.Count > limit ? shown[^1].Key.ToString() : null);
    }

    /// <summary>Shortens a note to <see cref="NoteLength"/> characters (whole text elements), with an ellipsis when cut.</summary>
    public static string? Shorten(string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return null;
        }
        var text = note.Trim();
        var info = new StringInfo(text);
        return info.LengthInTextElements <= NoteLength ? text : info.SubstringByTextElements(0, NoteLength) + "…";
    }

    /// <summary>The rows of one source that may come before the cursor: up to limit + 1 strictly older, and those at the cursor's instant.</summary>
    private static async Task<List<T>> Take<T>(IQueryable<T> rows, Cursor? before, int limit, CancellationToken ct) where T : Row
    {
        if (before is null)
        {
            return await rows.OrderByDescending(r => r.At).Take(limit + 1).ToListAsync(ct);
        }
        var at = new DateTimeOffset(before.Ticks, TimeSpan.Zero);
        var older = await rows.Where(r => r.At < at).OrderByDescending(r => r.At).Take(limit + 1).ToListAsync(ct);
        var ties = await rows.Where(r => r.At == at).Take(TieLimit).ToListAsync(ct);
        return [.. ties, .. older];
    }

    /// <summary>The position of an entry: its time, type and id; entries are ordered newest first, then by type and id (descending).</summary>
    public sealed record Cursor(long Ticks, string Type, Guid Id) : IComparable<Cursor>
    {
        private static readonly string[] Types = ["case", "caseEvent", "contact", "response"];

        public int CompareTo(Cursor? other)
        {
            if (other is null)
            {
                return 1;
            }
            var byTime = Ticks.CompareTo(other.Ticks);
            if (byTime != 0)
            {
                return byTime;
            }
            var byType = string.CompareOrdinal(Type, other.Type);
            return byType != 0 ? byType : Id.CompareTo(other.Id);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ticks}.{Type}.{Id:N}");

        /// <summary>The cursor written by <see cref="ToString"/>, or null when the text is not one.</summary>
        public static Cursor? Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var parts = text.Trim().Split('.');
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Types.Contains(parts[1], StringComparer.Ordinal)
                && Guid.TryParseExact(parts[2], "N", out var id)
                ? new Cursor(ticks, parts[1], id)
                : null;
        }

        public static bool operator <(Cursor left, Cursor right) => left is null ? right is not null : left.CompareTo(right) < 0;

        public static bool operator >(Cursor left, Cursor right) => left is not null && left.CompareTo(right) > 0;

        public static bool operator <=(Cursor left, Cursor right) => left is null || left.CompareTo(right) <= 0;

        public static bool operator >=(Cursor left, Cursor right) => left is null ? right is null : left.CompareTo(right) >= 0;
    }

    /// <summary>The common part of the rows read from each source.</summary>
    private abstract class Row
    {
        public Guid Id { get; init; }

        public DateTimeOffset At { get; init; }
    }

    private sealed class ResponseRow : Row
    {
        public Guid WaveId { get; init; }

        public Guid VersionId { get; init; }

        public ResponseChannel Channel { get; init; }

        public ResponseStatus Status { get; init; }

        public DateTimeOffset? SubmittedAt { get; init; }

        public Dictionary<string, string> Answers { get; init; } = [];
    }

    private sealed class ContactRow : Row
    {
        public required string Channel { get; init; }

        public required string ReasonCode { get; init; }

        public bool Inbound { get; init; }

        public string? Note { get; init; }
    }

    private sealed class CaseRow : Row
    {
        public required string Number { get; init; }

        public CaseKind Kind { get; init; }

        public CaseStatus Status { get; init; }

        public required string Subject { get; init; }

        public int Level { get; init; }
    }

    private sealed class EventRow : Row
    {
        public Guid CaseId { get; init; }

        public CaseEventKind Kind { get; init; }

        public CaseStatus Status { get; init; }

        public int Level { get; init; }

        public string? Reason { get; init; }
    }
}
