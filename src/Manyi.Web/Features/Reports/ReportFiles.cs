using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Reports;

/// <summary>What a report is about: the parameters a report page, a download and a scheduled run share.</summary>
public sealed record ReportRequest(ReportKind Kind, Guid? WaveId, Guid? UnitId, string? Segment, DateOnly? From, DateOnly? To, string Culture);

/// <summary>A generated report file.</summary>
public sealed record ReportFile(string FileName, string ContentType, byte[] Content);

/// <summary>Generates a report's Excel workbook or CSV from the data for a viewer (the pages, the API and the scheduler).</summary>
public static class ReportFiles
{
    /// <summary>The report as a file; null when its wave (or unit) does not exist for the viewer.</summary>
    public static async Task<ReportFile?> RenderAsync(IServiceProvider services, Viewer viewer, ReportRequest request, ReportFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var context = new ReportContext(
            provider.GetRequiredService<ManyiDbContext>(), provider.GetRequiredService<WaveDataCache>(), viewer,
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IStringLocalizer<ReportsResource>>());
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureOf(request.Culture);
            var report = await BuildAsync(context, request, ct);
            return report is null ? null : await FileAsync(context, report, format, ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Builds the report of a request; null when its wave (or unit) does not exist for the viewer.</summary>
    public static Task<Report?> BuildAsync(ReportContext context, ReportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var filter = ReportInputs.Filter(request);
        return request.Kind switch
        {
            ReportKind.Wave when request.WaveId is { } wave => WaveReport.BuildAsync(context, wave, filter, ct),
            ReportKind.UnitComparison when request.WaveId is { } wave => UnitComparisonReport.BuildAsync(context, wave, filter, ct),
            ReportKind.SurveySummary when request.WaveId is not null || (request.From is not null && request.To is not null) =>
                SurveySummaryReport.BuildAsync(context, request.WaveId, request.From, request.To, filter with { From = null, To = null }, ct),
            _ => Task.FromResult<Report?>(null),
        };
    }

    /// <summary>The file of a built report, named <c>{stem}-{yyyy-MM-dd}.xlsx|csv</c>.</summary>
    public static async Task<ReportFile> FileAsync(ReportContext context, Report report, ReportFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var date = context.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return format == ReportFormat.Csv
            ? new ReportFile($"{report.FileStem}-{date}.csv", ReportWorkbook.CsvContentType, await ReportWorkbook.CsvAsync(report, context.T))
            : new ReportFile($"{report.FileStem}-{date}.xlsx", ReportWorkbook.XlsxContentType, await ReportWorkbook.ExcelAsync(report, context.T, ct));
    }

    /// <summary>zh-CN or en (anything else falls back to zh-CN, the default language).</summary>
    public static CultureInfo CultureOf(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("zh-CN");
}
