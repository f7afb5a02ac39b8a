using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Core.Customers;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Reason codes of a group-measure import line beyond those of the customer-measure import (docs/indirect-measures.md).</summary>
public static class GroupMeasureIssues
{
    public const string UnknownUnit = "unknownUnit";
    public const string BadSegment = "badSegment";
}

/// <summary>A group measure as listed: unit (null = not limited to a unit), segment (null = all segments).</summary>
public sealed record GroupMeasureDto(Guid Id, Guid? UnitId, string? Unit, string? UnitName, string? Segment, string Measure, DateOnly PeriodStart, DateOnly PeriodEnd, double Value, DateTimeOffset ImportedAt);

/// <summary>A page of group measures.</summary>
public sealed record GroupMeasurePage(IReadOnlyList<GroupMeasureDto> Items, int Page, int PageSize, int Total);

/// <summary>One item of a JSON batch of group measures: the columns of the file (unit code and segment may be empty).</summary>
public sealed record GroupMeasureItem(string? Unit, string? Segment, string? Measure, string? PeriodStart, string? PeriodEnd, double? Value);

/// <summary>
/// Import of indirect measures of groups of customers (product.md M6) from CSV (UTF-8), .xlsx or a JSON batch: columns <c>unit</c>
/// (unit code, empty = not limited to a unit), <c>segment</c> (empty = all segments), <c>measure</c>, <c>periodStart</c>,
/// <c>periodEnd</c> (yyyy-MM-dd), <c>value</c>. Dry run by default; a commit writes a clean file, or the good rows when the caller
/// accepts, in one SaveChanges with its audit entry. The key (unit, segment, measure, periodStart) is replaced on re-import. A
/// unit-scoped user may only import rows of its units (an empty unit is the whole organisation: refused for them).
/// </summary>
public static partial class IndirectMeasuresImport
{
    public const int MaxSegmentLength = 100;
    public const int MaxBatchItems = 10_000;

    public static IReadOnlyList<string> Columns { get; } = ["unit", "segment", "measure", "periodstart", "periodend", "value"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MeasureKey();

    /// <summary>A file upload.</summary>
    public static async Task<CustomerMeasureImportOutcome> RunAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var content = await ImportTable.ReadLimitedAsync(file, CustomerMeasureImport.MaxBytes, ct);
        if (content is null)
        {
            return new(ImportStatus.TooLarge, null, "too large");
        }
        var table = ImportTable.Read(content, format != ImportFormat.Csv, CustomerMeasureImport.MaxRows);
        if (table.Problem is not null)
        {
            return new(ImportStatus.Malformed, null, table.Problem);
        }
        return await RunRowsAsync(db, user, clock, table.Header!, table.Rows!, commit, acceptGoodRows, "group-measures.import", ct);
    }

    /// <summary>A JSON batch: item n is line n, its fields the columns.</summary>
    public static Task<CustomerMeasureImportOutcome> RunBatchAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, IReadOnlyList<GroupMeasureItem?> items, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        string[] header = ["unit", "segment", "measure", "periodStart", "periodEnd", "value"];
        var rows = items.Select((item, i) => new ImportRow(i + 1,
            [item?.Unit ?? "", item?.Segment ?? "", item?.Measure ?? "", item?.PeriodStart ?? "", item?.PeriodEnd ?? "",
                item?.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : ""])).ToList();
        return RunRowsAsync(db, user, clock, header, rows, commit, acceptGoodRows, "group-measures.batch", ct);
    }

    private static async Task<CustomerMeasureImportOutcome> RunRowsAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, string[] header, IReadOnlyList<ImportRow> rows, bool commit, bool acceptGoodRows, string auditAction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        var (columns, headerProblem) = ReadHeader(header);
        if (headerProblem is not null)
        {
            return new(ImportStatus.Malformed, null, headerProblem);
        }
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var units = (await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Code, u.Id }).ToListAsync(ct))
            .GroupBy(u => u.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var issues = new List<ImportIssue>();
        var good = new List<(Guid? Unit, string? Segment, string Measure, DateOnly Start, DateOnly End, double Value)>();
        var seen = new Dictionary<(Guid?, string?, string, DateOnly), int>();
        var bad = 0;
        foreach (var row in rows)
        {
            var before = issues.Count;
            void Issue(string column, string? value, string code, string message) => issues.Add(new ImportIssue(row.Line, column, value, message, code));
            if (row.Cells.Skip(header.Length).Any(c => c.Length > 0))
            {
                Issue("", null, CustomerMeasureIssues.RowTooWide, "the row has more cells than the header has columns");
            }
            var unitCode = Cell(row.Cells, columns!, "unit");
            Guid? unit = null;
            if (unitCode.Length == 0)
            {
                if (visible is not null)
                {
                    Issue(Header(columns!, "unit"), unitCode, GroupMeasureIssues.UnknownUnit, "a figure for the whole organisation needs access to all units; name one of your units");
                }
            }
            else if (!units.TryGetValue(unitCode, out var id) || (visible is not null && !visible.Contains(id)))
            {
                Issue(Header(columns!, "unit"), Clip(unitCode), GroupMeasureIssues.UnknownUnit, "no unit with this code in your units");
            }
            else
            {
                unit = id;
            }
            var segmentText = Cell(row.Cells, columns!, "segment");
            string? segment = segmentText.Length == 0 ? null : segmentText;
            if (segmentText.Length > MaxSegmentLength)
            {
                Issue(Header(columns!, "segment"), Clip(segmentText), GroupMeasureIssues.BadSegment, $"the segment is at most {MaxSegmentLength} characters");
            }
            var measure = Cell(row.Cells, columns!, "measure");
            if (measure.Length == 0)
            {
                Issue(Header(columns!, "measure"), measure, CustomerMeasureIssues.Required, "the measure key is required (e.g. market-share, returning-customers)");
            }
            else if (measure.Length > CustomerMeasureImport.MaxMeasureLength || !MeasureKey().IsMatch(measure))
            {
                Issue(Header(columns!, "measure"), Clip(measure), CustomerMeasureIssues.BadMeasure,
                    $"the measure key is lower-case letters, digits and hyphens, at most {CustomerMeasureImport.MaxMeasureLength} characters (e.g. market-share)");
            }
            var start = Date(row, columns!, "periodstart", Issue);
            var end = Date(row, columns!, "periodend", Issue);
            if (start is { } s && end is { } e && e < s)
            {
                Issue(Header(columns!, "periodend"), Cell(row.Cells, columns!, "periodend"), CustomerMeasureIssues.BadPeriod, "the period ends before it starts");
            }
            var valueText = Cell(row.Cells, columns!, "value");
            double value = 0;
            if (valueText.Length == 0)
            {
                Issue(Header(columns!, "value"), valueText, CustomerMeasureIssues.Required, "the value is required");
            }
            else if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                Issue(Header(columns!, "value"), Clip(valueText), CustomerMeasureIssues.BadNumber, "the value must be a number with a dot as decimal separator (e.g. 12.5)");
            }
            if (issues.Count == before && !seen.TryAdd((unit, segment, measure, start!.Value), row.Line))
            {
                Issue(Header(columns!, "periodstart"), Cell(row.Cells, columns!, "periodstart"), CustomerMeasureIssues.Duplicate,
                    string.Create(CultureInfo.InvariantCulture, $"the same unit, segment, measure and period start is on line {seen[(unit, segment, measure, start.Value)]}"));
            }
            if (issues.Count > before)
            {
                bad++;
                continue;
            }
            good.Add((unit, segment, measure, start!.Value, end!.Value, value));
        }

        var measures = good.Select(g => g.Measure).Distinct(StringComparer.Ordinal).ToList();
        var existing = new Dictionary<(Guid?, string?, string, DateOnly), GroupMeasure>();
        if (good.Count > 0)
        {
            var first = good.Min(g => g.Start);
            var last = good.Max(g => g.Start);
            foreach (var m in await db.GroupMeasures
                .Where(m => m.OrganisationId == organisationId && measures.Contains(m.Measure) && m.PeriodStart >= first && m.PeriodStart <= last).ToListAsync(ct))
            {
                existing.TryAdd((m.UnitId, m.Segment, m.Measure, m.PeriodStart), m);
            }
        }
        int created = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var g in good)
        {
            if (existing.TryGetValue((g.Unit, g.Segment, g.Measure, g.Start), out var current))
            {
                if (current.PeriodEnd == g.End && current.Value.Equals(g.Value))
                {
                    unchanged++;
                    continue;
                }
                updated++;
                if (commit)
                {
                    current.PeriodEnd = g.End;
                    current.Value = g.Value;
                    current.ImportedAt = now;
                }
                continue;
            }
            created++;
            if (commit)
            {
                db.GroupMeasures.Add(new GroupMeasure
                {
                    Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = g.Unit, Segment = g.Segment, Measure = g.Measure,
                    PeriodStart = g.Start, PeriodEnd = g.End, Value = g.Value, ImportedAt = now,
                });
            }
        }
        if (!commit)
        {
            db.ChangeTracker.Clear();
            return new(ImportStatus.Ok, new ImportReport(false, rows.Count, created, updated, unchanged, bad, issues), null);
        }
        if (bad > 0 && !acceptGoodRows)
        {
            db.ChangeTracker.Clear();
            return new(ImportStatus.NotClean, new ImportReport(false, rows.Count, 0, 0, 0, bad, issues), null);
        }
        AuditLog.Write(db, user, clock, auditAction, null,
            string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count} new={created} updated={updated} unchanged={unchanged} bad={bad}"));
        await db.SaveChangesAsync(ct);
        return new(ImportStatus.Ok, new ImportReport(true, rows.Count, created, updated, unchanged, bad, issues), null);
    }

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static DateOnly? Date(ImportRow row, Dictionary<string, (int Index, string Header)> columns, string key, Action<string, string?, string, string> issue)
    {
        var text = Cell(row.Cells, columns, key);
        if (text.Length == 0)
        {
            issue(Header(columns, key), text, CustomerMeasureIssues.Required, $"{Header(columns, key)} is required (yyyy-MM-dd)");
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        issue(Header(columns, key), Clip(text), CustomerMeasureIssues.BadDate, "not a date yyyy-MM-dd");
        return null;
    }

    private static string Cell(string[] cells, Dictionary<string, (int Index, string Header)> columns, string key) =>
        columns.TryGetValue(key, out var column) && column.Index < cells.Length ? SpreadsheetText.Restore(cells[column.Index].Trim()) : string.Empty;

    private static string Header(Dictionary<string, (int Index, string Header)> columns, string key) => columns.TryGetValue(key, out var c) ? c.Header : key;

    private static (Dictionary<string, (int Index, string Header)>? Columns, string? Problem) ReadHeader(string[] header)
    {
        var columns = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var text = header[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var key = text.ToLowerInvariant();
            if (!Columns.Contains(key, StringComparer.Ordinal))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: unknown column '{Clip(text)}'; the columns are unit, segment, measure, periodStart, periodEnd, value"));
            }
            if (!columns.TryAdd(key, (i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{Clip(text)}' appears twice"));
            }
        }
        var missing = Columns.Where(r => !columns.ContainsKey(r)).ToList();
        return missing.Count > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}") : (columns, null);
    }
}
