using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>The filters of the case list, already checked.</summary>
public sealed record CaseFilter
{
    /// <summary>One status, or null.</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>New, in progress or waiting for the customer.</summary>
    public bool OpenOnly { get; init; }

    public bool Overdue { get; init; }

    public CaseKind? Kind { get; init; }

    public CasePriority? Priority { get; init; }

    public Guid? CategoryId { get; init; }

    public Guid? UnitId { get; init; }

    public Guid? OwnerId { get; init; }

    public Guid? CustomerId { get; init; }

    public int? Level { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Query { get; init; }

    /// <summary>One of <see cref="CaseQueries.Sorts"/>.</summary>
    public string Sort { get; init; } = "-received";
}

/// <summary>Reads cases for the API and the pages: the filtered, sorted list; one case with its SLA block and allowed actions; the history.</summary>
public static class CaseQueries
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The sort keys the list takes (whitelist): due = resolution due first, received / -received, priority (highest first), level (highest first), number.</summary>
    public static IReadOnlyList<string> Sorts { get; } = ["due", "-received", "received", "priority", "level", "number"];

    /// <summary>The actions of <see cref="CaseDetails.AllowedActions"/>, in the order of the handling.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        ["respond", "hand-over", "tick", "note", "pause", "resume", "resolve", "follow-up", "close", "escalate", "edit"];

    /// <summary>Reads the list's query string; <c>errors</c> names each bad parameter.</summary>
    public static (CaseFilter Filter, int Page, int PageSize) Parse(IQueryCollection query, CurrentUser user, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(errors);
        string? Text(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var filter = new CaseFilter();
        if (Text("status") is { } status)
        {
            if (status.Equals("open", StringComparison.OrdinalIgnoreCase))
            {
                filter = filter with { OpenOnly = true };
            }
            else if (ParseEnum<CaseStatus>(status) is { } s)
            {
                filter = filter with { Status = s };
            }
            else
            {
                errors["status"] = ["status must be open, " + Names<CaseStatus>()];
            }
        }
        if (Text("overdue") is { } overdue)
        {
            if (bool.TryParse(overdue, out var o))
            {
                filter = filter with { Overdue = o };
            }
            else
            {
                errors["overdue"] = ["overdue must be true or false"];
            }
        }
        if (Text("kind") is { } kind)
        {
            filter = ParseEnum<CaseKind>(kind) is { } k ? filter with { Kind = k } : Fail(filter, errors, "kind", "kind must be " + Names<CaseKind>());
        }
        if (Text("priority") is { } priority)
        {
            filter = ParseEnum<CasePriority>(priority) is { } p ? filter with { Priority = p } : Fail(filter, errors, "priority", "priority must be " + Names<CasePriority>());
        }
        filter = filter with
        {
            CategoryId = Id(Text("categoryId"), "categoryId", errors),
            UnitId = Id(Text("unitId"), "unitId", errors),
            CustomerId = Id(Text("customerId"), "customerId", errors),
        };
        if (Text("owner") is { } owner)
        {
            if (owner.Equals("me", StringComparison.OrdinalIgnoreCase))
            {
                filter = filter with { OwnerId = user.ActorId };
            }
            else
            {
                errors["owner"] = ["owner must be me (or use ownerId)"];
            }
        }
        if (Id(Text("ownerId"), "ownerId", errors) is { } ownerId)
        {
            filter = filter with { OwnerId = ownerId };
        }
        if (Text("level") is { } level)
        {
            filter = int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l <= 100
                ? filter with { Level = l } : Fail(filter, errors, "level", "level must be a whole number from 0 to 100");
        }
        filter = filter with { From = Time(Text("from"), "from", errors), To = Time(Text("to"), "to", errors) };
        if (Text("q") is { } q)
        {
            filter = q.Length <= 100 ? filter with { Query = q } : Fail(filter, errors, "q", "q has at most 100 characters");
        }
        if (Text("sort") is { } sort)
        {
            filter = Sorts.Contains(sort, StringComparer.Ordinal) ? filter with { Sort = sort } : Fail(filter, errors, "sort", "sort must be one of " + string.Join(", ", Sorts));
        }
        var page = Number(Text("page"), "page", 1, 1_000_000, 1, errors);
        var size = Number(Text("pageSize"), "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        return (filter, page, size);
    }

    /// <summary>The page of the caller's cases that match <paramref name="filter"/>.</summary>
    public static async Task<CasePage> ListAsync(ManyiDbContext db, CurrentUser user, CaseFilter filter, int page, int pageSize, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = user.OrganisationId;
        var cases = (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking();
        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }
        if (filter.OpenOnly)
        {
            cases = cases.Where(c => c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress || c.Status == CaseStatus.WaitingForCustomer);
        }
        if (filter.Overdue)
        {
            // Overdue = the clock runs (new or in progress) and the resolution due time, or a new case's first-response due time, has passed.
            cases = cases.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress)
                && ((c.ResolutionDueAt != null && c.ResolutionDueAt < now) || (c.Status == CaseStatus.New && c.FirstResponseDueAt != null && c.FirstResponseDueAt < now)));
        }
        if (filter.Kind is { } kind)
        {
            cases = cases.Where(c => c.Kind == kind);
        }
        if (filter.Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }
        if (filter.CategoryId is { } category)
        {
            var tree = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId).Select(c => new { c.Id, c.ParentId }).ToListAsync(ct);
            var below = new HashSet<Guid> { category };
            for (var added = true; added;)
            {
                added = false;
                foreach (var node in tree)
                {
                    if (node.ParentId is { } parent && below.Contains(parent) && below.Add(node.Id))
                    {
                        added = true;
                    }
                }
            }
            var ids = below.ToList();
            cases = cases.Where(c => c.CategoryId != null && ids.Contains(c.CategoryId.Value));
        }
        if (filter.UnitId is { } unit)
        {
            var subtree = await UnitTree.SubtreeAsync(db, organisationId, unit, ct);
            cases = cases.Where(c => subtree.Contains(c.UnitId));
        }
        if (filter.OwnerId is { } owner)
        {
            cases = cases.Where(c => c.OwnerId == owner);
        }
        if (filter.CustomerId is { } customer)
        {
            cases = cases.Where(c => c.CustomerId == customer);
        }
        if (filter.Level is { } level)
        {
            cases = cases.Where(c => c.Level == level);
        }
        if (filter.From is { } from)
        {
            cases = cases.Where(c => c.ReceivedAt >= from);
        }
        if (filter.To is { } to)
        {
            cases = cases.Where(c => c.ReceivedAt < to);
        }
        if (filter.Query is { } q)
        {
            var number = q.ToUpperInvariant();
            cases = cases.Where(c => c.Number == number || c.Subject.Contains(q));
        }
        var total = await cases.CountAsync(ct);
        var sorted = filter.Sort switch
        {
            "due" => cases.OrderBy(c => c.ResolutionDueAt == null).ThenBy(c => c.ResolutionDueAt).ThenBy(c => c.ReceivedAt),
            "received" => cases.OrderBy(c => c.ReceivedAt),
            "priority" => cases.OrderByDescending(c => c.Priority == CasePriority.Urgent ? 3 : c.Priority == CasePriority.High ? 2 : c.Priority == CasePriority.Normal ? 1 : 0)
                .ThenByDescending(c => c.ReceivedAt),
            "level" => cases.OrderByDescending(c => c.Level).ThenByDescending(c => c.ReceivedAt),
            "number" => cases.OrderBy(c => c.Number),
            _ => cases.OrderByDescending(c => c.ReceivedAt),
        };
        var items = await sorted.ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CaseListItem(
                c.Id, c.Number, c.Kind, c.Channel, c.Status, c.Priority, c.Subject, c.CategoryId,
                db.CaseCategories.Where(x => x.Id == c.CategoryId).Select(x => x.Code).FirstOrDefault(),
                db.CaseCategories.Where(x => x.Id == c.CategoryId).Select(x => x.NameZh).FirstOrDefault(),
                c.UnitId,
                db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault() ?? string.Empty,
                c.OwnerId,
                db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                c.CustomerId,
                db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Code).FirstOrDefault(),
                db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Name).FirstOrDefault(),
                c.Level, c.FirstResponseDueAt, c.ResolutionDueAt, c.FirstResponseBreachedAt != null, c.ResolutionBreachedAt != null, c.ReceivedAt))
            .ToListAsync(ct);
        return new CasePage(items, page, pageSize, total);
    }

    /// <summary>One case with its SLA block (remaining business minutes on the organisation's calendar) and what the caller may do.</summary>
    public static async Task<CaseDetails> DetailsAsync(ManyiDbContext db, Case c, CaseRules rules, CurrentUser user, bool mayHandle, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = c.OrganisationId;
        var category = c.CategoryId is { } categoryId
            ? await db.CaseCategories.AsNoTracking().Where(x => x.Id == categoryId && x.OrganisationId == organisationId).Select(x => new CaseRef(x.Id, x.Code, x.NameZh)).FirstOrDefaultAsync(ct)
            : null;
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == c.UnitId).Select(u => new CaseRef(u.Id, u.Code, u.Name)).FirstOrDefaultAsync(ct)
            ?? new CaseRef(c.UnitId, null, null);
        var customer = c.CustomerId is { } customerId
            ? await db.Customers.AsNoTracking().Where(x => x.Id == customerId && x.OrganisationId == organisationId).Select(x => new CaseRef(x.Id, x.Code, x.Name)).FirstOrDefaultAsync(ct)
            : null;
        var ownerName = c.OwnerId is { } ownerId ? await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var policyName = c.SlaPolicyId is { } policyId ? await db.SlaPolicies.AsNoTracking().Where(p => p.Id == policyId).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        var rootCause = c.RootCauseId is { } rootId
            ? await db.RootCauses.AsNoTracking().Where(r => r.Id == rootId && r.OrganisationId == organisationId).Select(r => new CaseRootCause(r.Id, r.Kind, r.Code, r.NameZh, r.NameEn)).FirstOrDefaultAsync(ct)
            : null;
        var repeatOf = c.RepeatOfCaseId is { } repeatId ? await db.Cases.AsNoTracking().Where(x => x.Id == repeatId).Select(x => x.Number).FirstOrDefaultAsync(ct) : null;
        var level = rules.Levels.FirstOrDefault(l => l.Level == c.Level);

        var calendar = rules.Calendar;
        double? Remaining(DateTimeOffset? due, DateTimeOffset at) => due is not { } d ? null
            : d >= at ? Math.Round(calendar.BusinessMinutesBetween(at, d), 2) : -Math.Round(calendar.BusinessMinutesBetween(d, at), 2);
        var sla = new CaseSla(
            c.SlaPolicyId, policyName, c.FirstResponseTargetMinutes, c.ResolutionTargetMinutes, c.ClockStartedAt, c.FirstResponseDueAt, c.ResolutionDueAt,
            c.FirstRespondedAt is null && c.IsOpen ? Remaining(c.FirstResponseDueAt, now) : null,
            // While paused the resolution clock stands still: what was left when the pause began.
            c.IsOpen ? Remaining(c.ResolutionDueAt, c.PausedAt ?? now) : null,
            c.FirstResponseBreachedAt is not null, c.ResolutionBreachedAt is not null, c.FirstResponseBreachedAt, c.ResolutionBreachedAt,
            Math.Round(c.PausedMinutes, 2), c.Status == CaseStatus.WaitingForCustomer, c.PausedAt);
        var followUp = new CaseFollowUp(c.FollowUpMethod, c.FollowUpToken is not null, c.FollowUpSentAt, c.FollowUpAt, c.FollowUpResolved, c.FollowUpSatisfaction, c.FollowUpNote);
        return new CaseDetails(
            c.Id, c.Number, c.Kind, c.Channel, c.Status, c.Priority, c.Subject, c.Description, category, unit, customer, c.OwnerId, ownerName,
            c.ReceivedBy, c.ReceivedByName, c.ReceivedAt, c.Level, level?.NameZh, c.Checklist, sla, followUp, rootCause, c.Resolution,
            c.FirstRespondedAt, c.ResolvedAt, c.ClosedAt, c.ReopenCount, c.RepeatOfCaseId, repeatOf, c.ResponseId, c.WaveId, c.AlertRuleId, c.ExternalKey,
            c.CreatedAt, c.UpdatedAt, c.Version, AllowedActions(user, c, mayHandle));
    }

    /// <summary>What the caller may do to the case now (from first-responder ownership and the status).</summary>
    public static IReadOnlyList<string> AllowedActions(CurrentUser user, Case c, bool mayHandle)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!mayHandle)
        {
            return [];
        }
        var work = CaseAccess.MayWork(user, c);
        var allowed = new List<string>();
        void Add(string action, bool when)
        {
            if (when)
            {
                allowed.Add(action);
            }
        }
        Add("respond", work && c.Status == CaseStatus.New);
        Add("hand-over", work && c.Status != CaseStatus.Closed);
        Add("tick", work && c.Status != CaseStatus.Closed);
        Add("note", true);
        Add("pause", work && c.Status == CaseStatus.InProgress);
        Add("resume", work && c.Status == CaseStatus.WaitingForCustomer);
        Add("resolve", work && c.IsOpen);
        Add("follow-up", work && c.Status == CaseStatus.Resolved);
        Add("close", work && c.Status == CaseStatus.Resolved);
        Add("escalate", work && c.Status != CaseStatus.Closed);
        Add("edit", work);
        return allowed;
    }

    /// <summary>
    /// The history of a case, oldest first. Events of one change share their moment; among them the kinds' order is the order a
    /// change makes them (e.g. follow-up recorded → reopened → escalated; responded → handed over to the unowned case's worker).
    /// </summary>
    public static async Task<List<CaseEventDto>> HistoryAsync(ManyiDbContext db, Guid organisationId, Guid caseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId && e.OrganisationId == organisationId)
            .OrderBy(e => e.At)
            .Select(e => new CaseEventDto(e.Id, e.At, e.ActorId, e.ActorName, e.Kind, e.Status, e.Level, e.Reason, e.Note, e.Detail))
            .ToListAsync(ct);
        return [.. events.OrderBy(e => e.At).ThenBy(e => (int)e.Kind).ThenBy(e => e.Id)];
    }

    /// <summary>An enum value by its name, case-insensitive (numbers are refused so that only names are accepted).</summary>
    public static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.Trim()[0]) && !text.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;

    /// <summary>The camelCase names of an enum, for messages.</summary>
    public static string Names<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));

    private static CaseFilter Fail(CaseFilter filter, Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return filter;
    }

    private static Guid? Id(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
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

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
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

    private static int Number(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
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
}
