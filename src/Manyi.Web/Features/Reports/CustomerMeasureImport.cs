using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Core.Customers;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>Reason codes of a customer-measure import line (docs/formats/customer-measures.md).</summary>
public static class CustomerMeasureIssues
{
    public const string Required = "required";
    public const string UnknownCustomer = "unknownCustomer";
    public const string BadMeasure = "badMeasure";
    public const string BadDate = "badDate";
    public const string BadPeriod = "badPeriod";
    public const string BadNumber = "badNumber";
    public const string Duplicate = "duplicate";
    public const string RowTooWide = "rowTooWide";
}

/// <summary>A customer measure as listed.</summary>
public sealed record CustomerMeasureDto(Guid Id, Guid CustomerId, string Customer, string Measure, DateOnly PeriodStart, DateOnly PeriodEnd, double Value, DateTimeOffset ImportedAt);

/// <summary>One item of a JSON batch of customer measures: the columns of the file (dates yyyy-MM-dd).</summary>
public sealed record CustomerMeasureItem(string? Customer, string? Measure, string? PeriodStart, string? PeriodEnd, double? Value);

/// <summary>A JSON batch of customer or group measures.</summary>
public sealed record MeasureBatch<T>(IReadOnlyList<T?>? Items);

/// <summary>A page of customer measures.</summary>
public sealed record CustomerMeasurePage(IReadOnlyList<CustomerMeasureDto> Items, int Page, int PageSize, int Total);

/// <summary>The result of a customer-measure import.</summary>
public sealed record CustomerMeasureImportOutcome(ImportStatus Status, ImportReport? Report, string? Problem);

/// <summary>
/// Import of customers' business figures per period from CSV (UTF-8) or .xlsx: columns <c>customer</c> (code), <c>measure</c>
/// (lower-case key such as <c>on-time-delivery</c>, <c>ppm</c>), <c>periodStart</c>, <c>periodEnd</c> (yyyy-MM-dd), <c>value</c>.
/// The dry run names every bad cell with a reason code and writes nothing; the commit writes a clean file (or, when the user
/// accepts, only the good rows) in one SaveChanges with the audit entry. A row for a customer, measure and period start already
/// stored updates it (re-import).
/// </summary>
public static partial class CustomerMeasureImport
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const int MaxMeasureLength = 50;

    public static IReadOnlyList<string> Columns { get; } = ["customer", "measure", "periodstart", "periodend", "value"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MeasureKey();

    public static async Task<CustomerMeasureImportOutcome> RunAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(file);
        var content = await ImportTable.ReadLimitedAsync(file, MaxBytes, ct);
        if (content is null)
        {
            return new(ImportStatus.TooLarge, null, "too large");
        }
        var table = ImportTable.Read(content, format != ImportFormat.Csv, MaxRows);
        if (table.Problem is not null)
        {
            return new(ImportStatus.Malformed, null, table.Problem);
        }
        return await RunRowsAsync(db, user, clock, table.Header!, table.Rows!, commit, acceptGoodRows, "customer-measures.import", ct);
    }

    /// <summary>A JSON batch from another system (<c>POST /api/v1/customer-measures</c>): item n is line n, its fields the columns.</summary>
    public static Task<CustomerMeasureImportOutcome> RunBatchAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, IReadOnlyList<CustomerMeasureItem?> items, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        string[] header = ["customer", "measure", "periodStart", "periodEnd", "value"];
        var rows = items.Select((item, i) => new ImportRow(i + 1,
            [item?.Customer ?? "", item?.Measure ?? "", item?.PeriodStart ?? "", item?.PeriodEnd ?? "",
                item?.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : ""])).ToList();
        return RunRowsAsync(db, user, clock, header, rows, commit, acceptGoodRows, "customer-measures.batch", ct);
    }

    private static async Task<CustomerMeasureImportOutcome> RunRowsAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, string[] header, IReadOnlyList<ImportRow> rows, bool commit, bool acceptGoodRows, string auditAction, CancellationToken ct)
    {
        var (columns, headerProblem) = ReadHeader(header);
        if (headerProblem is not null)
        {
            return new(ImportStatus.Malformed, null, headerProblem);
        }
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var codes = rows.Select(r => Cell(r.Cells, columns!, "customer")).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var customers = new Dictionary<string, (Guid Id, Guid UnitId)>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(1000))
        {
            foreach (var c in await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Code)).Select(c => new { c.Code, c.Id, c.UnitId }).ToListAsync(ct))
            {
                customers[c.Code] = (c.Id, c.UnitId);
            }
        }
        var issues = new List<ImportIssue>();
        var good = new List<(Guid Customer, string Measure, DateOnly Start, DateOnly End, double Value)>();
        var seen = new Dictionary<(Guid, string, DateOnly), int>();
        var bad = 0;
        foreach (var row in rows)
        {
            var before = issues.Count;
            void Issue(string column, string? value, string code, string message) => issues.Add(new ImportIssue(row.Line, column, value, message, code));
            if (row.Cells.Skip(header.Length).Any(c => c.Length > 0))
            {
                Issue("", null, CustomerMeasureIssues.RowTooWide, "the row has more cells than the header has columns");
            }
            var code = Cell(row.Cells, columns!, "customer");
            (Guid Id, Guid UnitId) customer = default;
            if (code.Length == 0)
            {
                Issue(Header(columns!, "customer"), code, CustomerMeasureIssues.Required, "the customer code is required");
            }
            else if (!customers.TryGetValue(code, out customer) || (visible is not null && !visible.Contains(customer.UnitId)))
            {
                Issue(Header(columns!, "customer"), code, CustomerMeasureIssues.UnknownCustomer, "no customer with this code in your units");
            }
            var measure = Cell(row.Cells, columns!, "measure");
            if (measure.Length == 0)
            {
                Issue(Header(columns!, "measure"), measure, CustomerMeasureIssues.Required, "the measure key is required (e.g. on-time-delivery, ppm)");
            }
            else if (measure.Length > MaxMeasureLength || !MeasureKey().IsMatch(measure))
            {
                Issue(Header(columns!, "measure"), measure.Length > MaxMeasureLength ? measure[..MaxMeasureLength] + "…" : measure, CustomerMeasureIssues.BadMeasure,
                    $"the measure key is lower-case letters, digits and hyphens, at most {MaxMeasureLength} characters (e.g. on-time-delivery, ppm)");
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
                Issue(Header(columns!, "value"), valueText, CustomerMeasureIssues.BadNumber, "the value must be a number with a dot as decimal separator (e.g. 98.5)");
            }
            if (issues.Count == before && !seen.TryAdd((customer.Id, measure, start!.Value), row.Line))
            {
                Issue(Header(columns!, "periodstart"), Cell(row.Cells, columns!, "periodstart"), CustomerMeasureIssues.Duplicate,
                    string.Create(CultureInfo.InvariantCulture, $"the same customer, measure and period start is on line {seen[(customer.Id, measure, start.Value)]}"));
            }
            if (issues.Count > before)
            {
                bad++;
                continue;
            }
            good.Add((customer.Id, measure, start!.Value, end!.Value, value));
        }

        // Existing rows of these customers and measures: a row with the same customer, measure and period start is updated.
        var ids = good.Select(g => g.Customer).Distinct().ToList();
        var existing = new Dictionary<(Guid, string, DateOnly), CustomerMeasure>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var m in await db.CustomerMeasures.Where(m => m.OrganisationId == organisationId && chunk.Contains(m.CustomerId)).ToListAsync(ct))
            {
                existing[(m.CustomerId, m.Measure, m.PeriodStart)] = m;
            }
        }
        int created = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var g in good)
        {
            if (existing.TryGetValue((g.Customer, g.Measure, g.Start), out var current))
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
                db.CustomerMeasures.Add(new CustomerMeasure
                {
                    Id = Guid.NewGuid(), OrganisationId = organisationId, CustomerId = g.Customer, Measure = g.Measure, PeriodStart = g.Start, PeriodEnd = g.End,
                    Value = g.Value, ImportedAt = now,
                });
            }
        }
        if (!commit)
        {
            return new(ImportStatus.Ok, new ImportReport(false, rows.Count, created, updated, unchanged, bad, issues), null);
        }
        if (bad > 0 && !acceptGoodRows)
        {
            db.ChangeTracker.Clear();
            return new(ImportStatus.NotClean, new ImportReport(false, rows.Count, 0, 0, 0, bad, issues), null);
        }
        AuditLog.Write(db, user, clock, auditAction, null,
            string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count} new={created} updated={updated} unchanged={unchanged} bad={bad}"));
        await ChurnEvents.ApplyAsync(db, user, clock, organisationId,
            good.Where(g => string.Equals(g.Measure, CustomerMeasure.Churn, StringComparison.Ordinal) && g.Value.Equals(1.0)).Select(g => (g.Customer, g.End)).ToList(),
            good.Where(g => !string.Equals(g.Measure, CustomerMeasure.Churn, StringComparison.Ordinal)).Select(g => (g.Customer, g.End)).ToList(), ct);
        await db.SaveChangesAsync(ct);
        return new(ImportStatus.Ok, new ImportReport(true, rows.Count, created, updated, unchanged, bad, issues), null);
    }

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
        issue(Header(columns, key), text, CustomerMeasureIssues.BadDate, "not a date yyyy-MM-dd");
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
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: unknown column '{text}'; the columns are customer, measure, periodStart, periodEnd, value"));
            }
            if (!columns.TryAdd(key, (i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{text}' appears twice"));
            }
        }
        var missing = Columns.Where(r => !columns.ContainsKey(r)).ToList();
        return missing.Count > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}") : (columns, null);
    }
}
