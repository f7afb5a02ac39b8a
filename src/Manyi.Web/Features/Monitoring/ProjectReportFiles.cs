using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Exports;
using Manyi.Web.Features.Reports;
using MiniExcelLibs;

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
    public static async Task<byte[]> ExcelAsync(ProjectReport report, ProjectReportText text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal) { [ReportWorkbook.AboutSheet] = Sheet(About(report, text)) };
        foreach (var table in report.Tables)
        {
            var name = SheetName(table.Key, sheets.Keys);
            sheets[name] = Sheet([[.. table.Columns.Select(c => (object?)c.Title)], .. table.Rows]);
        }
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheets, printHeader: false, excelType: ExcelType.XLSX, cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>The CSV.</summary>
    public static async Task<byte[]> CsvAsync(ProjectReport report, ProjectReportText text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None }))
        {
            async Task Block(string name, IEnumerable<object?[]> rows)
            {
                csv.WriteField(Cell(name));
                await csv.NextRecordAsync();
                foreach (var row in rows)
                {
                    foreach (var cell in row)
                    {
                        csv.WriteField(Cell(cell));
                    }
                    await csv.NextRecordAsync();
                }
                await csv.NextRecordAsync();
            }
            await Block(ReportWorkbook.AboutSheet, About(report, text));
            foreach (var table in report.Tables)
            {
                await Block(table.Key, [[.. table.Columns.Select(c => (object?)c.Title)], .. table.Rows]);
            }
        }
        return buffer.ToArray();
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

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => SpreadsheetText.Defuse(s),
        _ => SpreadsheetText.Defuse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static List<Dictionary<string, object?>> Sheet(List<object?[]> rows)
    {
        var width = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Length));
        var keys = Enumerable.Range(0, width).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return [.. rows.Select(row =>
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < width; i++)
            {
                record[keys[i]] = i < row.Length ? row[i] switch
                {
                    string s => SpreadsheetText.Defuse(s),
                    var other => other,
                } : null;
            }
            return record;
        })];
    }

    private static string SheetName(string key, IEnumerable<string> taken)
    {
        var clean = key.Length > 28 ? key[..28] : key;
        var name = clean;
        var n = 2;
        while (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            name = clean + "-" + n.ToString(CultureInfo.InvariantCulture);
            n++;
        }
        return name;
    }
}
