using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Audit;

/// <summary>An audit entry as the API and the audit page show it.</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, Guid? ActorId, string ActorName, string Action, string? Subject, string? Details);

/// <summary>One page of audit entries, newest first, and the total that match.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, int Page, int PageSize, int Total);

/// <summary>Filter of the audit log: action (exact), time range [From, To), page.</summary>
public sealed record AuditFilter
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public string? Action { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Reads the filter from query-string text; bad values are reported under their parameter's name.</summary>
    public static (AuditFilter Filter, Dictionary<string, string[]> Errors) Parse(string? action, string? from, string? to, string? page, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = new AuditFilter
        {
            Action = string.IsNullOrWhiteSpace(action) ? null : action.Trim(),
            From = Time(from, "from", errors),
            To = Time(to, "to", errors),
            Page = Int(page, "page", 1, int.MaxValue, 1, errors),
            PageSize = Int(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors),
        };
        if (filter.From is { } f && filter.To is { } t && t < f)
        {
            errors["to"] = ["to must not be before from"];
        }
        return (filter, errors);
    }

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }
        errors[field] = [$"{field} must be a date and time such as 2026-01-31T00:00:00Z"];
        return null;
    }

    private static int Int(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[field] = [max == int.MaxValue ? $"{field} must be a whole number of at least {min}" : $"{field} must be a whole number between {min} and {max}"];
        return fallback;
    }
}

/// <summary>Reads of the audit log, always of the caller's organisation.</summary>
public static class AuditQueries
{
    /// <summary>The entries that match, newest first.</summary>
    public static async Task<AuditPage> SearchAsync(ManyiDbContext db, CurrentUser user, AuditFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = user.OrganisationId;
        var query = db.AuditEntries.AsNoTracking().Where(a => a.OrganisationId == organisationId);
        if (filter.Action is { } action)
        {
            query = query.Where(a => a.Action == action);
        }
        if (filter.From is { } from)
        {
            query = query.Where(a => a.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(a => a.At < to);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((int)Math.Min(int.MaxValue, (long)(filter.Page - 1) * filter.PageSize))
            .Take(filter.PageSize)
            .Select(a => new AuditEntryDto(a.Id, a.At, a.ActorId, a.ActorName, a.Action, a.Subject, a.Details))
            .ToListAsync(ct);
        return new AuditPage(items, filter.Page, filter.PageSize, total);
    }
}
