using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Exports;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using MiniExcelLibs;

namespace Manyi.Web.Features.Reports;

/// <summary>
/// A report as a file: the Excel workbook (a first sheet "About" with the header and the trace, then one sheet per table named
/// by the table's key; row 1 = column titles; numbers as numbers) or the CSV (the About block and every table, each preceded by
/// its name row and followed by a blank line; UTF-8 with BOM). Text cells go through the formula guard
/// (<see cref="SpreadsheetText.Defuse"/>).
/// </summary>
public static class ReportWorkbook
{
    /// <summary>The name of the first sheet.</summary>
    public const string AboutSheet = "About";

    /// <summary>The workbook of a report.</summary>
    public static Task<byte[]> ExcelAsync(Report report, Func<string, string> text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        return ExcelAsync(About(report, text), report.Tables, ct);
    }

    /// <summary>The CSV of a report.</summary>
    public static Task<byte[]> CsvAsync(Report report, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        return CsvAsync(About(report, text), report.Tables);
    }

    /// <summary>A workbook of an About sheet and one sheet per table (shared by every report kind, e.g. the project reports).</summary>
    internal static async Task<byte[]> ExcelAsync(List<object?[]> about, IEnumerable<ReportTable> tables, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [AboutSheet] = Sheet(about),
        };
        foreach (var table in tables)
        {
            var name = SheetName(table.Key, sheets.Keys);
            sheets[name] = Sheet([[.. table.Columns.Select(c => (object?)c.Title)], .. table.Rows]);
        }
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheets, printHeader: false, excelType: ExcelType.XLSX, cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>A CSV of the About block and every table (shared by every report kind).</summary>
    internal static async Task<byte[]> CsvAsync(List<object?[]> about, IEnumerable<ReportTable> tables)
    {
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
            await Block(AboutSheet, about);
            foreach (var table in tables)
            {
                await Block(table.Key, [[.. table.Columns.Select(c => (object?)c.Title)], .. table.Rows]);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The About block: title, header fields, then per wave the trace (wave, id, filters, n, minimum n, generation time).</summary>
    internal static List<object?[]> About(Report report, Func<string, string> text)
    {
        var rows = new List<object?[]> { new object?[] { text("About.Report"), report.Title } };
        rows.AddRange(report.Header.Select(f => new object?[] { f.Name, f.Value }));
        foreach (var trace in report.Traces)
        {
            rows.AddRange(Trace(trace, text));
        }
        return rows;
    }

    private static IEnumerable<object?[]> Trace(AnalysisTrace trace, Func<string, string> text) =>
    [
        [text("About.Wave"), trace.WaveName],
        [text("About.WaveId"), trace.WaveId.ToString("D", CultureInfo.InvariantCulture)],
        [text("About.Filters"), trace.Filters.Count == 0 ? text("About.NoFilter") : string.Join("; ", trace.Filters.Select(f => f.Key + " = " + f.Value))],
        [text("About.Responses"), trace.Responses],
        [text("About.MinimumN"), (long)trace.MinimumN],
        [text("About.Generated"), ReportContext.Time(trace.GeneratedAt)],
    ];

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => SpreadsheetText.Defuse(s),
        _ => SpreadsheetText.Defuse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    /// <summary>Rows as MiniExcel records (columns c0…cN, no header row of their own); text through the formula guard.</summary>
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
        var clean = new string([.. key.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
        clean = clean.Length > 28 ? clean[..28] : clean;
        var name = clean;
        var n = 2;
        while (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            name = clean + "-" + n.ToString(CultureInfo.InvariantCulture);
            n++;
        }
        return name;
    }

    /// <summary>The content type of the workbook.</summary>
    public static string XlsxContentType => CustomerExport.XlsxContentType;

    /// <summary>The content type of the CSV.</summary>
    public static string CsvContentType => CustomerExport.CsvContentType;
}
