using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Filter of the customer-measure list: customer code, the customer's unit code, measure key, period overlap (trimmed; empty = any).</summary>
public sealed record CustomerMeasureFilter(string? Customer, string? Unit, string? Measure, DateOnly? From, DateOnly? To);

/// <summary>Filter of the group-measure list: unit code, segment, measure key, period overlap.</summary>
public sealed record GroupMeasureFilter(string? Unit, string? Segment, string? Measure, DateOnly? From, DateOnly? To);

/// <summary>One measure of a customer over its latest periods (the "business figures" panel of the customer page).</summary>
public sealed record CustomerFigureSeries(string Measure, IReadOnlyList<CustomerMeasureDto> Periods);

/// <summary>Reads of the indirect measures within the caller's organisation and unit scope.</summary>
public static class MeasureQueries
{
    /// <summary>How many periods of each measure the customer page shows.</summary>
    public const int PanelPeriods = 8;

    /// <summary>A date yyyy-MM-dd or null; an error under <paramref name="field"/> when it is not one.</summary>
    public static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[field] = [$"{field} must be a date yyyy-MM-dd"];
        return null;
    }

    /// <summary>A whole number in [min, max] or the fallback; an error under <paramref name="field"/> otherwise.</summary>
    public static int Number(string? value, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }
        errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min} to {max}")];
        return fallback;
    }

    /// <summary>A page of customer measures of the customers in the caller's units, by customer code, measure and period start.</summary>
    public static async Task<CustomerMeasurePage> CustomerPageAsync(ManyiDbContext db, CurrentUser user, CustomerMeasureFilter filter, int page, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = user.OrganisationId;
        var visible = (await user.VisibleUnitsAsync(ct))?.ToList();
        var query =
            from m in db.CustomerMeasures.AsNoTracking()
            join c in db.Customers.AsNoTracking() on m.CustomerId equals c.Id
            where m.OrganisationId == organisationId && c.OrganisationId == organisationId
            select new { m, c.Code, c.UnitId };
        if (visible is not null)
        {
            query = query.Where(x => visible.Contains(x.UnitId));
        }
        if (!string.IsNullOrEmpty(filter.Customer))
        {
            var code = filter.Customer;
            query = query.Where(x => x.Code == code);
        }
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var unit = filter.Unit;
            query = query.Where(x => db.Units.Any(u => u.Id == x.UnitId && u.Code == unit));
        }
        if (!string.IsNullOrEmpty(filter.Measure))
        {
            var key = filter.Measure;
            query = query.Where(x => x.m.Measure == key);
        }
        if (filter.From is { } f)
        {
            query = query.Where(x => x.m.PeriodEnd >= f);
        }
        if (filter.To is { } t)
        {
            query = query.Where(x => x.m.PeriodStart <= t);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.Code).ThenBy(x => x.m.Measure).ThenBy(x => x.m.PeriodStart)
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * size)).Take(size)
            .Select(x => new CustomerMeasureDto(x.m.Id, x.m.CustomerId, x.Code, x.m.Measure, x.m.PeriodStart, x.m.PeriodEnd, x.m.Value, x.m.ImportedAt))
            .ToListAsync(ct);
        return new CustomerMeasurePage(rows, page, size, total);
    }

    /// <summary>A page of group measures; a unit-scoped user sees only rows of its units (not the organisation-wide ones).</summary>
    public static async Task<GroupMeasurePage> GroupPageAsync(ManyiDbContext db, CurrentUser user, GroupMeasureFilter filter, int page, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = user.OrganisationId;
        var visible = (await user.VisibleUnitsAsync(ct))?.ToList();
        var query =
            from m in db.GroupMeasures.AsNoTracking()
            where m.OrganisationId == organisationId
            join u in db.Units.AsNoTracking() on m.UnitId equals (Guid?)u.Id into us
            from u in us.DefaultIfEmpty()
            select new { m, Code = u == null ? null : u.Code, Name = u == null ? null : u.Name };
        if (visible is not null)
        {
            query = query.Where(x => x.m.UnitId != null && visible.Contains(x.m.UnitId.Value));
        }
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var code = filter.Unit;
            query = query.Where(x => x.Code == code);
        }
        if (!string.IsNullOrEmpty(filter.Segment))
        {
            var segment = filter.Segment;
            query = query.Where(x => x.m.Segment == segment);
        }
        if (!string.IsNullOrEmpty(filter.Measure))
        {
            var key = filter.Measure;
            query = query.Where(x => x.m.Measure == key);
        }
        if (filter.From is { } f)
        {
            query = query.Where(x => x.m.PeriodEnd >= f);
        }
        if (filter.To is { } t)
        {
            query = query.Where(x => x.m.PeriodStart <= t);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.m.Measure).ThenBy(x => x.Code).ThenBy(x => x.m.Segment).ThenBy(x => x.m.PeriodStart)
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * size)).Take(size)
            .Select(x => new GroupMeasureDto(x.m.Id, x.m.UnitId, x.Code, x.Name, x.m.Segment, x.m.Measure, x.m.PeriodStart, x.m.PeriodEnd, x.m.Value, x.m.ImportedAt))
            .ToListAsync(ct);
        return new GroupMeasurePage(rows, page, size, total);
    }

    /// <summary>The last <see cref="PanelPeriods"/> periods of each measure of one customer (the caller has checked the customer is visible).</summary>
    public static async Task<IReadOnlyList<CustomerFigureSeries>> CustomerFiguresAsync(ManyiDbContext db, Guid organisationId, Guid customerId, string customerCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.CustomerMeasures.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.CustomerId == customerId)
            .Select(m => new CustomerMeasureDto(m.Id, m.CustomerId, customerCode, m.Measure, m.PeriodStart, m.PeriodEnd, m.Value, m.ImportedAt))
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Measure, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CustomerFigureSeries(g.Key, g.OrderByDescending(r => r.PeriodStart).Take(PanelPeriods).OrderBy(r => r.PeriodStart).ToList()))
            .ToList();
    }
}
