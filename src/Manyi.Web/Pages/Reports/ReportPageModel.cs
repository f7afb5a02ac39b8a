using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Reports;

/// <summary>
/// The common part of the printable report pages: reads the query (waveId, unitId, segment, from, to — as the reports API),
/// builds the report for the caller (404 for a wave or unit the caller may not see) and offers the same report as Excel
/// (<c>?handler=xlsx</c>) and CSV (<c>?handler=csv</c>) to callers allowed to export (audited as <c>reports.export</c>).
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public abstract class ReportPageModel(
    ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "waveId")]
    public string? WaveId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>Which report the page shows.</summary>
    public abstract ReportKind Kind { get; }

    public Report? Report { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Whether the caller may download the workbook and CSV.</summary>
    public bool CanExport { get; private set; }

    /// <summary>The page's query string with a handler (for the download links).</summary>
    public string Link(string? handler) => Request.Path + QueryString.Create(new[]
        {
            new KeyValuePair<string, string?>("waveId", Kind == ReportKind.SurveySummary ? WaveId : null), new("unitId", UnitId), new("segment", Segment),
            new("from", From), new("to", To), new("handler", handler),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanExport = (await authorization.AuthorizeAsync(User, Policies.ExportData)).Succeeded;
        var (request, _, errors) = ReportsApi.Parse(Kind, WaveId, null, UnitId, Segment, From, To, CultureInfo.CurrentUICulture.Name);
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        Report = await ReportFiles.BuildAsync(await ContextAsync(ct), request, ct);
        return Report is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => FileAsync(ReportFormat.Excel, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => FileAsync(ReportFormat.Csv, ct);

    private async Task<IActionResult> FileAsync(ReportFormat format, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ExportData)).Succeeded)
        {
            return Forbid();
        }
        var (request, _, errors) = ReportsApi.Parse(Kind, WaveId, null, UnitId, Segment, From, To, CultureInfo.CurrentUICulture.Name);
        if (errors.Count > 0)
        {
            return BadRequest();
        }
        var context = await ContextAsync(ct);
        var report = await ReportFiles.BuildAsync(context, request, ct);
        if (report is null)
        {
            return NotFound();
        }
        var file = await ReportFiles.FileAsync(context, report, format, ct);
        ReportsApi.Audit(db, user, clock, report, request, format);
        await db.SaveChangesAsync(ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    private async Task<ReportContext> ContextAsync(CancellationToken ct) => new(db, cache, await Viewer.FromAsync(user, ct), clock, text);
}

/// <summary>The wave report page <c>/reports/wave/{waveId}</c>.</summary>
public sealed class WaveModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text, IAuthorizationService authorization)
    : ReportPageModel(db, user, cache, clock, text, authorization)
{
    public override ReportKind Kind => ReportKind.Wave;
}

/// <summary>The survey summary report page <c>/reports/summary?waveId=…</c> or <c>?from=…&amp;to=…</c>.</summary>
public sealed class SummaryModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text, IAuthorizationService authorization)
    : ReportPageModel(db, user, cache, clock, text, authorization)
{
    public override ReportKind Kind => ReportKind.SurveySummary;
}

/// <summary>The unit comparison report page <c>/reports/units/{waveId}</c>.</summary>
public sealed class UnitsModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<ReportsResource> text, IAuthorizationService authorization)
    : ReportPageModel(db, user, cache, clock, text, authorization)
{
    public override ReportKind Kind => ReportKind.UnitComparison;
}

/// <summary>How a report table is drawn beside its numbers: chart type and the columns of label and values.</summary>
public sealed record ReportChart(string Type, int Label, int Value, int? X = null);

/// <summary>The charts of the report tables (by table key); tables without one are shown as tables only.</summary>
public static class ReportCharts
{
    /// <summary>A table of more rows is shown without a chart (bars would not be readable).</summary>
    public const int MaxChartRows = 40;

    /// <summary>The page shows at most this many rows of a table; the workbook and the CSV hold every row.</summary>
    public const int MaxPageRows = 300;

    private static readonly Dictionary<string, ReportChart> Charts = new(StringComparer.Ordinal)
    {
        ["items"] = new("bar", 0, 8),
        ["drivers"] = new("bar", 0, 3),
        ["priorities"] = new("scatter", 0, 2, 3),
        ["units"] = new("bar", 1, 3),
        ["customers"] = new("bar", 0, 4),
        ["dimensions"] = new("bar", 2, 4),
    };

    public static ReportChart? For(string tableKey) => Charts.GetValueOrDefault(tableKey);
}
