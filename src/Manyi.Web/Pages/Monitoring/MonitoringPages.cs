using System.Globalization;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Monitoring;

/// <summary>
/// What the monitoring pages share: the service projects the reader may see (organisation and unit scope, product.md M12) and
/// the number format of scores. The numbers themselves come from Manyi.Analytics and the engine; the pages only select and show.
/// </summary>
public static class MonitoringPages
{
    /// <summary>The projects of the reader's organisation in the units the reader may see.</summary>
    public static async Task<IQueryable<ServiceProject>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var projects = db.ServiceProjects.AsNoTracking().Where(p => p.OrganisationId == organisationId);
        var visible = await user.VisibleUnitsAsync(ct);
        if (visible is not null)
        {
            var ids = visible.ToList();
            projects = projects.Where(p => ids.Contains(p.UnitId));
        }
        return projects;
    }

    /// <summary>A 0–100 score with one decimal, or a dash.</summary>
    public static string Score(double? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>A weight with two decimals.</summary>
    public static string Weight(double? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>A signed difference with one decimal ("+3.2", "−1.0").</summary>
    public static string Difference(double? value) =>
        value is { } v ? (v >= 0 ? "+" : "−") + Math.Abs(v).ToString("0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>A time as "yyyy-MM-dd HH:mm" (UTC offset of the value).</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A date as "yyyy-MM-dd".</summary>
    public static string Day(DateTimeOffset? at) =>
        at is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>The ISO time for the chart's axis.</summary>
    public static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
}
