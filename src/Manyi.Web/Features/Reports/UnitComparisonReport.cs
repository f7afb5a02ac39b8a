using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>
/// The unit comparison report (product.md M9): every unit (the children of the filter's unit, else the viewer's top units)
/// with n, index, CSAT, NPS and the mean of each attribute (<see cref="WaveRoles.Attributes"/>), best and worst marked. Each
/// unit's figures are <see cref="WaveResults"/> of the wave narrowed to the unit's subtree; a unit with fewer responses than the
/// wave's minimum n shows no figures (suppressed) and is never best or worst.
/// </summary>
public static class UnitComparisonReport
{
    /// <summary>Builds the report; null (→ 404) when the wave or the unit is not the viewer's.</summary>
    public static async Task<Report?> BuildAsync(ReportContext context, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        var input = await ReportInputs.LoadAsync(context, waveId, filter, ct);
        if (input is null)
        {
            return null;
        }
        var organisationId = context.Viewer.OrganisationId;
        var units = await context.Db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.ParentId, u.Code, u.Name }).ToListAsync(ct);
        var visible = context.Viewer.VisibleUnits;
        var compared = filter.UnitId is { } parent
            ? units.Where(u => u.ParentId == parent && (visible is null || visible.Contains(u.Id))).ToList()
            : units.Where(u => visible is null ? u.ParentId is null : visible.Contains(u.Id) && (u.ParentId is not { } p || !visible.Contains(p))).ToList();

        var culture = ReportContext.Culture;
        var attributes = WaveRoles.Attributes(input.Scope.Definition);
        var texts = WaveReport.CellTexts(input.Scope.Definition, culture);
        var columns = new List<ReportColumn> { context.Col("unitCode"), context.Col("unit"), context.Col("n"), context.Col("index"), context.Col("csat"), context.Col("nps") };
        columns.AddRange(attributes.Select(a => new ReportColumn(a.Key, texts.GetValueOrDefault(a.Key, a.Key))));
        columns.Add(context.Col("note"));
        var rows = new List<object?[]>();
        var ranking = new List<(int Row, double Score)>();
        var suppressed = context.T("Suppressed");
        foreach (var unit in compared)
        {
            var unitInput = await ReportInputs.LoadAsync(context, waveId, filter with { UnitId = unit.Id }, ct);
            if (unitInput is null)
            {
                continue;
            }
            var results = await WaveResults.ComputeAsync(context.Db, unitInput, context.Clock, ct);
            var csat = results.Csat.Count > 0 ? results.Csat[0].Csat : null;
            var nps = results.Nps.Count > 0 ? results.Nps[0].Nps : null;
            var row = new object?[columns.Count];
            row[0] = unit.Code;
            row[1] = unit.Name;
            row[2] = results.Responses;
            if (results.Responses < unitInput.MinimumN)
            {
                row[^1] = suppressed;
            }
            else
            {
                var items = results.Questions.SelectMany(q => q.Items).ToDictionary(i => i.Cell, StringComparer.Ordinal);
                row[3] = ReportContext.N(results.Index.Score);
                row[4] = ReportContext.N(csat);
                row[5] = ReportContext.N(nps);
                for (var a = 0; a < attributes.Count; a++)
                {
                    row[6 + a] = ReportContext.N(items.GetValueOrDefault(attributes[a].Key)?.Mean);
                }
                if ((results.Index.Score ?? csat) is { } score)
                {
                    ranking.Add((rows.Count, score));
                }
            }
            rows.Add(row);
        }
        var marks = new Dictionary<int, string>();
        if (ranking.Count >= 2)
        {
            var best = ranking.MaxBy(r => r.Score);
            var worst = ranking.MinBy(r => r.Score);
            marks[best.Row] = "best";
            marks[worst.Row] = "worst";
            rows[best.Row][^1] = context.T("Units.Best");
            rows[worst.Row][^1] = context.T("Units.Worst");
        }
        var header = await ReportInputs.HeaderAsync(context, filter, ct);
        header.Insert(1, new(context.T("Header.Wave"), input.Scope.Wave.Name));
        var trace = AnalysisTrace.Of(input, await ReportInputs.UnitNameAsync(context, filter.UnitId, ct), context.Clock.GetUtcNow());
        var section = new ReportSection("units", context.T("Section.units"),
            [string.Format(CultureInfo.InvariantCulture, context.T("Units.Text"), input.MinimumN)],
            [new ReportTable("units", context.T("Table.units"), columns, rows) { Marks = marks }]);
        return new Report(ReportKind.UnitComparison, context.T("Units.Title") + " · " + input.Scope.Wave.Name,
            "unit-comparison-" + WaveReport.Stem(input.Scope.Wave.Name, waveId), header, [section], [trace]);
    }
}
