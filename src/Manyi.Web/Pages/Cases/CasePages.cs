using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Cases;

/// <summary>Where a case stands against its time limit, as the list and the case page show it.</summary>
public enum SlaState
{
    /// <summary>No time limit applies (no SLA policy, or the case is resolved or closed).</summary>
    None,
    OnTime,

    /// <summary>Less than <see cref="CasePages.DueSoonMinutes"/> business minutes left.</summary>
    DueSoon,
    Overdue,

    /// <summary>Waiting for the customer: the resolution clock does not run.</summary>
    Paused,
}

/// <summary>An option of a select (id, text, indentation depth).</summary>
public sealed record CaseOption(Guid Id, string Text, int Depth = 0);

/// <summary>A root cause in the resolve form's select, grouped by kind.</summary>
public sealed record RootCauseOption(Guid Id, RootCauseKind Kind, string Text, int Depth);

/// <summary>
/// What the case pages share: the SLA badge, the names of categories, root causes, users and escalation levels in the reader's
/// language, and the refusals of <see cref="Case"/>'s methods in the reader's language. The rules themselves stay in
/// <see cref="Case"/>, <see cref="Features.Cases.CaseAccess"/>, <see cref="Features.Cases.CaseIntake"/> and
/// <see cref="Features.Cases.CaseRules"/>.
/// </summary>
public static class CasePages
{
    /// <summary>A case with less business time than this left is "due soon" (2 business hours).</summary>
    public const double DueSoonMinutes = 120;

    /// <summary>The due time that matters now: the first response while the case is new, else the resolution.</summary>
    public static DateTimeOffset? NextDue(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Status == CaseStatus.New && @case.FirstResponseDueAt is { } first ? first : @case.ResolutionDueAt;
    }

    /// <summary>The SLA badge of a case at <paramref name="now"/>.</summary>
    public static SlaState Sla(Case @case, BusinessCalendarDefinition calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!@case.IsOpen)
        {
            return SlaState.None;
        }
        if (@case.Status == CaseStatus.WaitingForCustomer)
        {
            return SlaState.Paused;
        }
        if (@case.ResolutionBreachedAt is not null || (@case.Status == CaseStatus.New && @case.FirstResponseBreachedAt is not null))
        {
            return SlaState.Overdue;
        }
        if (NextDue(@case) is not { } due)
        {
            return SlaState.None;
        }
        if (due <= now)
        {
            return SlaState.Overdue;
        }
        return calendar.BusinessMinutesBetween(now, due) < DueSoonMinutes ? SlaState.DueSoon : SlaState.OnTime;
    }

    /// <summary>Business minutes left to <paramref name="due"/> (negative when passed: minus the business minutes since).</summary>
    public static double RemainingMinutes(BusinessCalendarDefinition calendar, DateTimeOffset due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return due >= now ? calendar.BusinessMinutesBetween(now, due) : -calendar.BusinessMinutesBetween(due, now);
    }

    /// <summary>Business minutes as "3 h 20 min" (hours and minutes, whatever the language: the units are the same symbols).</summary>
    public static string Duration(double minutes)
    {
        var total = (int)Math.Round(Math.Abs(minutes));
        var text = total >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{total / 60} h {total % 60} min")
            : string.Create(CultureInfo.InvariantCulture, $"{total} min");
        return minutes < 0 ? "-" + text : text;
    }

    /// <summary>A time in the business calendar's time zone (where the time limits are counted), e.g. "2026-11-27 14:30".</summary>
    public static string Local(DateTimeOffset? at, BusinessCalendarDefinition calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (at is not { } time)
        {
            return string.Empty;
        }
        return TimeZoneInfo.ConvertTime(time, calendar.ZoneOrUtc()).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the reader reads English (else Chinese names are shown).</summary>
    public static bool English => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);

    public static string Name(string zh, string? en) => English && !string.IsNullOrWhiteSpace(en) ? en : zh;

    /// <summary>The name of a level: 0 = the handler, else the configured level's name, else "Level n".</summary>
    public static string LevelName(IStringLocalizer l, IReadOnlyList<EscalationLevel> levels, int level)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(levels);
        if (level == 0)
        {
            return l["Level.0"];
        }
        var configured = levels.FirstOrDefault(x => x.Level == level);
        return configured is null ? l["Level.N", level] : string.Create(CultureInfo.InvariantCulture, $"{l["Level.N", level]} · {Name(configured.NameZh, configured.NameEn)}");
    }

    /// <summary>The organisation's categories in tree order with their depth (active ones, plus <paramref name="keep"/> if inactive).</summary>
    public static async Task<IReadOnlyList<CaseOption>> CategoriesAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct, Guid? keep = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId && (c.Active || c.Id == keep))
            .Select(c => new { c.Id, c.ParentId, c.NameZh, c.NameEn, c.SortOrder, c.Code }).ToListAsync(ct);
        var ids = all.Select(c => c.Id).ToHashSet();
        var children = all.ToLookup(c => c.ParentId is { } p && ids.Contains(p) ? p : (Guid?)null);
        var result = new List<CaseOption>(all.Count);
        void Walk(Guid? parent, int depth)
        {
            foreach (var c in children[parent].OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal))
            {
                if (result.Count < all.Count && result.All(r => r.Id != c.Id))
                {
                    result.Add(new CaseOption(c.Id, Name(c.NameZh, c.NameEn), depth));
                    Walk(c.Id, depth + 1);
                }
            }
        }
        Walk(null, 0);
        return result;
    }

    /// <summary>The organisation's active root causes, by kind (value, system, people), each top-level cause followed by its sub-causes.</summary>
    public static async Task<IReadOnlyList<RootCauseOption>> RootCausesAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.RootCauses.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Active)
            .Select(r => new { r.Id, r.ParentId, r.Kind, r.Code, r.NameZh, r.NameEn }).ToListAsync(ct);
        var ids = all.Select(r => r.Id).ToHashSet();
        var result = new List<RootCauseOption>(all.Count);
        foreach (var top in all.Where(r => r.ParentId is not { } p || !ids.Contains(p)).OrderBy(r => r.Kind).ThenBy(r => r.Code, StringComparer.Ordinal))
        {
            result.Add(new RootCauseOption(top.Id, top.Kind, Name(top.NameZh, top.NameEn), 0));
            foreach (var sub in all.Where(r => r.ParentId == top.Id).OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                result.Add(new RootCauseOption(sub.Id, top.Kind, Name(sub.NameZh, sub.NameEn), 1));
            }
        }
        return result;
    }

    /// <summary>The users of the organisation who may own cases (the same rule as <see cref="Features.Cases.CaseNotices.CanOwnAsync"/>).</summary>
    public static async Task<IReadOnlyList<CaseOption>> OwnersAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Role != Roles.Viewer)
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        return [.. users.OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).Select(u => new CaseOption(u.Id, u.DisplayName))];
    }

    /// <summary>Display names of users by id (unknown ids are left out).</summary>
    public static async Task<Dictionary<Guid, string>> UserNamesAsync(ManyiDbContext db, Guid organisationId, IEnumerable<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return [];
        }
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && list.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    /// <summary>The refusal of a <see cref="Case"/> method in the reader's language (the English text when no translation is known).</summary>
    public static string Refusal(IStringLocalizer l, string refusal)
    {
        ArgumentNullException.ThrowIfNull(l);
        var key = refusal switch
        {
            _ when refusal.StartsWith("only a new case can be responded", StringComparison.Ordinal) => "Refusal.Respond",
            "a closed case cannot be handed over" => "Refusal.HandOverClosed",
            "a hand-over needs a reason" => "Refusal.HandOverReason",
            "the case is already owned by that user" => "Refusal.SameOwner",
            "the checklist of a closed case cannot change" => "Refusal.ChecklistClosed",
            "the step is already ticked" => "Refusal.Ticked",
            "the step is not ticked" => "Refusal.NotTicked",
            "the note is empty" => "Refusal.EmptyNote",
            "only a case in progress can wait for the customer" => "Refusal.Pause",
            "the case is not waiting for the customer" => "Refusal.Resume",
            "only an open case can be resolved" => "Refusal.ResolveNotOpen",
            "say what was done to resolve the case" => "Refusal.Resolution",
            "a complaint records its root cause when it is resolved" => "Refusal.RootCause",
            "a follow-up is recorded on a resolved case" => "Refusal.FollowUp",
            "only a resolved case can be closed" => "Refusal.Close",
            "a closed case is not escalated" => "Refusal.EscalateClosed",
            _ => null,
        };
        if (key is null)
        {
            return refusal;
        }
        var text = l[key];
        return text.ResourceNotFound ? refusal : text.Value;
    }
}
