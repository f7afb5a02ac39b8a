using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>Loading what a report is computed from, for the report's viewer (organisation and unit scope applied).</summary>
public static class ReportInputs
{
    /// <summary>The filter of a request: unit, segment and the days from/to (UTC, end day inclusive).</summary>
    public static ResultsFilter Filter(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultsFilter(
            request.UnitId, string.IsNullOrWhiteSpace(request.Segment) ? null : request.Segment.Trim(), null,
            request.From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            request.To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);
    }

    /// <summary>The analysis input of a wave for the viewer; null (→ 404) when the wave or the unit is not the viewer's.</summary>
    public static Task<AnalysisInput?> LoadAsync(ReportContext context, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AnalysisInput.LoadAsync(context.Db, context.Cache, context.Viewer, waveId, filter, ct);
    }

    /// <summary>The header lines every report starts with: organisation, scope (unit or the viewer's units), segment.</summary>
    public static async Task<List<ReportField>> HeaderAsync(ReportContext context, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = context.Viewer.OrganisationId;
        var organisation = await context.Db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var fields = new List<ReportField> { new(context.T("Header.Organisation"), organisation ?? string.Empty) };
        string scope;
        if (filter.UnitId is { } unitId)
        {
            scope = await context.Db.Units.AsNoTracking().Where(u => u.Id == unitId && u.OrganisationId == organisationId).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        }
        else
        {
            scope = context.Viewer.VisibleUnits is null ? context.T("Header.AllUnits") : context.T("Header.ViewerUnits");
        }
        fields.Add(new(context.T("Header.Scope"), scope));
        if (filter.Segment is { } segment)
        {
            fields.Add(new(context.T("Header.Segment"), segment));
        }
        if (filter.From is not null || filter.To is not null)
        {
            fields.Add(new(context.T("Header.Period"), $"{Day(filter.From)} – {Day(filter.To?.AddDays(-1))}"));
        }
        fields.Add(new(context.T("Header.Generated"), ReportContext.Time(context.Clock.GetUtcNow())));
        return fields;
    }

    /// <summary>A unit's name in the trace footer.</summary>
    public static async Task<string?> UnitNameAsync(ReportContext context, Guid? unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (unitId is not { } id)
        {
            return null;
        }
        var organisationId = context.Viewer.OrganisationId;
        return await context.Db.Units.AsNoTracking().Where(u => u.Id == id && u.OrganisationId == organisationId).Select(u => u.Name).FirstOrDefaultAsync(ct);
    }

    private static string Day(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…";
}
