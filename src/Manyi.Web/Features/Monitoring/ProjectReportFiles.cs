using System.Globalization;
using Manyi.Core.Exports;
using Manyi.Web.Features.Reports;

namespace Manyi.Web.Features.Monitoring;

/// <summary>
/// A project report as a file, laid out like the reports of product.md M9 (<see cref="ReportWorkbook"/>): the workbook has a
/// first sheet "About" (title, header, trace) and one sheet per table named by the table's key; the CSV holds the About block and
/// every table, each preceded by its name row and followed by a blank line (UTF-8 with BOM). Every text cell goes through the
/// formula guard (<see cref="SpreadsheetText.Defuse"/>).
/// </summary>
public static class ProjectReportFiles
{
    /// <summary>The file of a report, named <c>{stem}-{yyyy-MM-dd}.xlsx|csv</c>.</summary>
    public static async Task<ReportFile> RenderAsync(ProjectReport report, ProjectReportText text, bool csv, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        var date = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return csv
            ? new ReportFile($"{report.FileStem}-{date}.csv", ReportWorkbook.CsvContentType, await CsvAsync(report, text))
            : new ReportFile($"{report.FileStem}-{date}.xlsx", ReportWorkbook.XlsxContentType, await ExcelAsync(report, text, ct));
    }

    /// <summary>The workbook.</summary>
    public static Task<byte[]> ExcelAsync(ProjectReport report, ProjectReportText text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        return ReportWorkbook.ExcelAsync(About(report, text), report.Tables, ct);
    }

    /// <summary>The CSV.</summary>
    public static Task<byte[]> CsvAsync(ProjectReport report, ProjectReportText text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        return ReportWorkbook.CsvAsync(About(report, text), report.Tables);
    }

    /// <summary>The About block: title, interim mark, header fields, then the trace (project, stages, readings, cases, generation time).</summary>
    internal static List<object?[]> About(ProjectReport report, ProjectReportText text)
    {
        var rows = new List<object?[]> { new object?[] { text.T("Trace.Report"), report.Title } };
        if (report.Interim)
        {
            rows.Add([text.T("Trace.Interim"), text.T("Text.Interim")]);
        }
        rows.AddRange(report.Header.Select(f => new object?[] { f.Name, f.Value }));
        rows.Add([text.T("Trace.Project"), report.Trace.ProjectName]);
        rows.Add([text.T("Trace.ProjectId"), report.Trace.ProjectId.ToString("D", CultureInfo.InvariantCulture)]);
        rows.Add([text.T("Trace.Stages"), string.Join("; ", report.Trace.Stages)]);
        rows.Add([text.T("Trace.Readings"), (long)report.Trace.Readings]);
        rows.Add([text.T("Trace.Cases"), (long)report.Trace.Cases]);
        rows.Add([text.T("Trace.Generated"), ReportContext.Time(report.Trace.GeneratedAt)]);
        return rows;
    }
}
