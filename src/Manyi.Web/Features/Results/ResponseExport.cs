using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Exports;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Manyi.Web.Features.Results;

/// <summary>
/// The export of a wave's Complete responses (docs/formats/responses-export.md): one row per response, the columns
/// <see cref="FixedColumns"/> and then every answer cell of the questionnaire (<see cref="AnswerCheck.CellsOf(QuestionnaireDefinition)"/>)
/// in order, named by its key. Numeric answers are numbers; text goes through <see cref="SpreadsheetText.Defuse"/> (formula guard).
/// Every export is audited (wave, format, row count, filter names; no data). The file reads straight into <c>manyi analyze</c>.
/// </summary>
public static class ResponseExport
{
    /// <summary>The audit action of a response export.</summary>
    public const string AuditAction = "responses.export";

    /// <summary>The columns before the answer cells.</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["response_id", "submitted_at", "channel", "customer", "segment", "unit", "staff"];

    /// <summary>Writes the export of the scope in <paramref name="format"/> and audits it.</summary>
    public static async Task<ExportFile> WriteAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, ResultsScope scope, ExportFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(scope);
        var organisationId = scope.Wave.OrganisationId;
        var cells = AnswerCheck.CellsOf(scope.Definition);
        var header = FixedColumns.Concat(cells.Select(c => c.Key)).ToList();
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Id, u => u.UserName ?? string.Empty, ct);
        var rows = scope.Responses(db)
            .OrderBy(x => x.Response.SubmittedAt).ThenBy(x => x.Response.Id)
            .Select(x => new
            {
                x.Response.Id, x.Response.SubmittedAt, x.Response.Channel, x.CustomerCode, x.Segment, x.Response.UnitId, x.Response.StaffUserId, x.Response.Answers,
            })
            .AsAsyncEnumerable();
        var table = new List<object?[]>();
        await foreach (var r in rows.WithCancellation(ct))
        {
            var row = new object?[header.Count];
            row[0] = r.Id.ToString("D", CultureInfo.InvariantCulture);
            row[1] = r.SubmittedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            row[2] = r.Channel.ToString().ToLowerInvariant();
            row[3] = Text(r.CustomerCode);
            row[4] = Text(r.Segment);
            row[5] = Text(r.UnitId is { } unit ? units.GetValueOrDefault(unit) : null);
            row[6] = Text(r.StaffUserId is { } person ? staff.GetValueOrDefault(person) : null);
            for (var i = 0; i < cells.Count; i++)
            {
                row[FixedColumns.Count + i] = r.Answers.TryGetValue(cells[i].Key, out var value) ? Cell(cells[i], value) : null;
            }
            table.Add(row);
        }

        var file = format == ExportFormat.Csv ? await CsvAsync(header, table) : await ExcelAsync(header, table, ct);
        var used = new List<string>();
        if (scope.Filter.UnitId is not null)
        {
            used.Add("unitId");
        }
        if (scope.Filter.Segment is not null)
        {
            used.Add("segment");
        }
        if (scope.Filter.Channel is not null)
        {
            used.Add("channel");
        }
        if (scope.Filter.From is not null)
        {
            used.Add("from");
        }
        if (scope.Filter.To is not null)
        {
            used.Add("to");
        }
        AuditLog.Write(db, user, clock, AuditAction, "wave:" + scope.Wave.Id.ToString("D", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"format={format.ToString().ToLowerInvariant()} rows={table.Count} filters={(used.Count == 0 ? "none" : string.Join(",", used))}"));
        await db.SaveChangesAsync(ct);
        return file;
    }

    private static string? Text(string? text) => text is null ? null : SpreadsheetText.Defuse(text);

    /// <summary>A numeric answer as a number; anything else as text behind the formula guard.</summary>
    private static object Cell(AnswerCell cell, string value)
    {
        if (cell.Min is not null && cell.Terms is null && cell.Part != "why"
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        return SpreadsheetText.Defuse(value);
    }

    private static async Task<ExportFile> CsvAsync(List<string> header, List<object?[]> table)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None }))
        {
            foreach (var name in header)
            {
                csv.WriteField(name);
            }
            await csv.NextRecordAsync();
            foreach (var row in table)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell switch
                    {
                        int number => number.ToString(CultureInfo.InvariantCulture),
                        string text => text,
                        _ => string.Empty,
                    });
                }
                await csv.NextRecordAsync();
            }
        }
        return new ExportFile(buffer.ToArray(), CustomerExport.CsvContentType, "responses.csv", table.Count);
    }

    private static async Task<ExportFile> ExcelAsync(List<string> header, List<object?[]> table, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (table.Count == 0)
        {
            // MiniExcel takes the header from the records; an empty export still names its columns.
            Dictionary<string, object?>[] headerOnly = [header.ToDictionary(h => h, h => (object?)h, StringComparer.Ordinal)];
            await buffer.SaveAsAsync(headerOnly, printHeader: false, sheetName: "responses", excelType: ExcelType.XLSX, cancellationToken: ct);
        }
        else
        {
            var sheet = table.Select(row =>
            {
                var record = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < header.Count; i++)
                {
                    record[header[i]] = row[i];
                }
                return record;
            }).ToList();
            await buffer.SaveAsAsync(sheet, printHeader: true, sheetName: "responses", excelType: ExcelType.XLSX, cancellationToken: ct);
        }
        return new ExportFile(buffer.ToArray(), CustomerExport.XlsxContentType, "responses.xlsx", table.Count);
    }
}
