using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Features.Value;

/// <summary>
/// What tells a customer-measure file from a group-measure file apart from whose figure a row is: its columns, the examples its
/// messages give, the key named by the duplicate message, and whether long echoed cells are clipped (the group import clips at
/// <see cref="EchoLimit"/>; the customer import echoes them whole, except a too long measure key).
/// </summary>
internal sealed record MeasureFileShape(
    IReadOnlyList<string> Columns, string ColumnNames, string MeasureExamples, string MeasureExample, string ValueExample, string DuplicateKey, int? EchoLimit);

/// <summary>The cells every measure row has, checked: measure key, period and value.</summary>
internal readonly record struct MeasureCells(string Measure, DateOnly Start, DateOnly End, double Value);

/// <summary>Adds an issue of the current line: column header, echoed cell, reason code, reason.</summary>
internal delegate void RowIssue(string column, string? value, string code, string message);

/// <summary>
/// Whose figures a measure file holds and where they are stored: the customer import (one customer per row) and the group import
/// (unit and segment per row) each give one per run; <see cref="MeasureFile.ImportAsync"/> does the rest.
/// </summary>
internal abstract class MeasureKind<TOwner, TStored>(ManyiDbContext db, CurrentUser user, MeasureFileShape shape)
    where TOwner : notnull
    where TStored : class
{
    public ManyiDbContext Db { get; } = db;

    public CurrentUser User { get; } = user;

    public MeasureFileShape Shape { get; } = shape;

    /// <summary>Reads what <see cref="CheckOwner"/> needs for all rows at once (the caller's units, the customers or units named).</summary>
    public abstract Task LoadAsync(MeasureFile file, IReadOnlyList<ImportRow> rows, CancellationToken ct);

    /// <summary>The row's owner, or an issue (and any value) when it names none the caller may write.</summary>
    public abstract TOwner CheckOwner(MeasureFile file, ImportRow row, RowIssue issue);

    /// <summary>The stored figures the good rows may replace, by owner, measure and period start (tracked).</summary>
    public abstract Task<Dictionary<(TOwner Owner, string Measure, DateOnly Start), TStored>> StoredAsync(
        IReadOnlyList<(TOwner Owner, MeasureCells Cells)> good, CancellationToken ct);

    /// <summary>True when the stored figure already has this row's period end and value.</summary>
    public abstract bool Same(TStored stored, MeasureCells cells);

    /// <summary>Writes the row's period end and value into the stored figure.</summary>
    public abstract void Update(TStored stored, MeasureCells cells, DateTimeOffset now);

    /// <summary>Adds a new figure for the row.</summary>
    public abstract void Add(TOwner owner, MeasureCells cells, DateTimeOffset now);

    /// <summary>Further changes of a commit saved with the figures (nothing by default).</summary>
    public virtual Task BeforeSaveAsync(IReadOnlyList<(TOwner Owner, MeasureCells Cells)> good, TimeProvider clock, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// The header and row checks shared by the customer- and group-measure imports (docs/formats/customer-measures.md,
/// docs/indirect-measures.md): known columns each once, then per row the measure key, the period (yyyy-MM-dd, end not before start)
/// and the value, a duplicate key within the file, dry run against commit, new against updated, all-or-nothing unless the caller
/// accepts the good rows.
/// </summary>
internal sealed partial class MeasureFile
{
    private readonly Dictionary<string, (int Index, string Header)> columns;

    private MeasureFile(MeasureFileShape shape, Dictionary<string, (int Index, string Header)> columns)
    {
        Shape = shape;
        this.columns = columns;
    }

    public MeasureFileShape Shape { get; }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MeasureKey();

    /// <summary>Reads an uploaded file (size and row limits of <see cref="CustomerMeasureImport"/>) and hands its table to <paramref name="rows"/>.</summary>
    public static async Task<CustomerMeasureImportOutcome> ReadAsync(
        Stream file, ImportFormat format, Func<string[], IReadOnlyList<ImportRow>, Task<CustomerMeasureImportOutcome>> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rows);
        var content = await ImportTable.ReadLimitedAsync(file, CustomerMeasureImport.MaxBytes, ct);
        if (content is null)
        {
            return new(ImportStatus.TooLarge, null, "too large");
        }
        var table = ImportTable.Read(content, format != ImportFormat.Csv, CustomerMeasureImport.MaxRows);
        return table.Problem is not null ? new(ImportStatus.Malformed, null, table.Problem) : await rows(table.Header!, table.Rows!);
    }

    /// <summary>The rows of a JSON batch: item n is line n; a value as the file would spell it.</summary>
    public static List<ImportRow> BatchRows<T>(IReadOnlyList<T?> items, Func<T?, string?[]> cells, Func<T?, double?> value) =>
        items.Select((item, i) => new ImportRow(i + 1,
            [.. cells(item).Select(c => c ?? ""), value(item) is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : ""])).ToList();

    /// <summary>Checks the rows and, on commit of a clean file (or of the good rows when accepted), writes them with the audit entry in one SaveChanges.</summary>
    public static async Task<CustomerMeasureImportOutcome> ImportAsync<TOwner, TStored>(
        MeasureKind<TOwner, TStored> kind, TimeProvider clock, string[] header, IReadOnlyList<ImportRow> rows, bool commit, bool acceptGoodRows, string auditAction, CancellationToken ct)
        where TOwner : notnull
        where TStored : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(clock);
        var (file, headerProblem) = Read(header, kind.Shape);
        if (file is null)
        {
            return new(ImportStatus.Malformed, null, headerProblem);
        }
        await kind.LoadAsync(file, rows, ct);
        var issues = new List<ImportIssue>();
        var good = new List<(TOwner Owner, MeasureCells Cells)>();
        var seen = new Dictionary<(TOwner, string, DateOnly), int>();
        var bad = 0;
        foreach (var row in rows)
        {
            var before = issues.Count;
            void Issue(string column, string? value, string code, string message) => issues.Add(new ImportIssue(row.Line, column, value, message, code));
            if (row.Cells.Skip(header.Length).Any(c => c.Length > 0))
            {
                Issue("", null, CustomerMeasureIssues.RowTooWide, "the row has more cells than the header has columns");
            }
            var owner = kind.CheckOwner(file, row, Issue);
            var cells = file.Check(row, Issue);
            if (issues.Count == before && !seen.TryAdd((owner, cells!.Value.Measure, cells.Value.Start), row.Line))
            {
                Issue(file.Header("periodstart"), file.Cell(row, "periodstart"), CustomerMeasureIssues.Duplicate, string.Create(CultureInfo.InvariantCulture,
                    $"the same {kind.Shape.DuplicateKey} and period start is on line {seen[(owner, cells.Value.Measure, cells.Value.Start)]}"));
            }
            if (issues.Count > before)
            {
                bad++;
                continue;
            }
            good.Add((owner, cells!.Value));
        }

        var stored = await kind.StoredAsync(good, ct);
        int created = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var (owner, cells) in good)
        {
            if (stored.TryGetValue((owner, cells.Measure, cells.Start), out var current))
            {
                if (kind.Same(current, cells))
                {
                    unchanged++;
                    continue;
                }
                updated++;
                if (commit)
                {
                    kind.Update(current, cells, now);
                }
                continue;
            }
            created++;
            if (commit)
            {
                kind.Add(owner, cells, now);
            }
        }
        var db = kind.Db;
        if (!commit || (bad > 0 && !acceptGoodRows))
        {
            db.ChangeTracker.Clear();
            return commit
                ? new(ImportStatus.NotClean, new ImportReport(false, rows.Count, 0, 0, 0, bad, issues), null)
                : new(ImportStatus.Ok, new ImportReport(false, rows.Count, created, updated, unchanged, bad, issues), null);
        }
        AuditLog.Write(db, kind.User, clock, auditAction, null,
            string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count} new={created} updated={updated} unchanged={unchanged} bad={bad}"));
        await kind.BeforeSaveAsync(good, clock, ct);
        await db.SaveChangesAsync(ct);
        return new(ImportStatus.Ok, new ImportReport(true, rows.Count, created, updated, unchanged, bad, issues), null);
    }

    /// <summary>The trimmed cell of a column (spreadsheet escaping undone), empty when the row is short.</summary>
    public string Cell(ImportRow row, string key) =>
        columns.TryGetValue(key, out var column) && column.Index < row.Cells.Length ? SpreadsheetText.Restore(row.Cells[column.Index].Trim()) : string.Empty;

    /// <summary>The column's name as the file spells it.</summary>
    public string Header(string key) => columns.TryGetValue(key, out var c) ? c.Header : key;

    /// <summary>A cell as a message echoes it: clipped when the shape clips.</summary>
    public string Echo(string text) => Shape.EchoLimit is { } limit ? Clip(text, limit) : text;

    private static string Clip(string text, int limit) => text.Length > limit ? text[..limit] + "…" : text;

    /// <summary>The measure key, period and value of a row, or null after adding their issues.</summary>
    private MeasureCells? Check(ImportRow row, RowIssue issue)
    {
        var before = 0;
        void Count(string column, string? value, string code, string message)
        {
            before++;
            issue(column, value, code, message);
        }
        var measure = Cell(row, "measure");
        if (measure.Length == 0)
        {
            Count(Header("measure"), measure, CustomerMeasureIssues.Required, $"the measure key is required (e.g. {Shape.MeasureExamples})");
        }
        else if (measure.Length > CustomerMeasureImport.MaxMeasureLength || !MeasureKey().IsMatch(measure))
        {
            Count(Header("measure"), Clip(measure, Shape.EchoLimit ?? CustomerMeasureImport.MaxMeasureLength), CustomerMeasureIssues.BadMeasure,
                $"the measure key is lower-case letters, digits and hyphens, at most {CustomerMeasureImport.MaxMeasureLength} characters (e.g. {Shape.MeasureExample})");
        }
        var start = Date(row, "periodstart", Count);
        var end = Date(row, "periodend", Count);
        if (start is { } s && end is { } e && e < s)
        {
            Count(Header("periodend"), Cell(row, "periodend"), CustomerMeasureIssues.BadPeriod, "the period ends before it starts");
        }
        var valueText = Cell(row, "value");
        double value = 0;
        if (valueText.Length == 0)
        {
            Count(Header("value"), valueText, CustomerMeasureIssues.Required, "the value is required");
        }
        else if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            Count(Header("value"), Echo(valueText), CustomerMeasureIssues.BadNumber,
                $"the value must be a number with a dot as decimal separator (e.g. {Shape.ValueExample})");
        }
        return before == 0 ? new MeasureCells(measure, start!.Value, end!.Value, value) : null;
    }

    private DateOnly? Date(ImportRow row, string key, RowIssue issue)
    {
        var text = Cell(row, key);
        if (text.Length == 0)
        {
            issue(Header(key), text, CustomerMeasureIssues.Required, $"{Header(key)} is required (yyyy-MM-dd)");
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        issue(Header(key), Echo(text), CustomerMeasureIssues.BadDate, "not a date yyyy-MM-dd");
        return null;
    }

    private static (MeasureFile? File, string? Problem) Read(string[] header, MeasureFileShape shape)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        string Echo(string text) => shape.EchoLimit is { } limit ? Clip(text, limit) : text;
        for (var i = 0; i < header.Length; i++)
        {
            var text = header[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var key = text.ToLowerInvariant();
            if (!shape.Columns.Contains(key, StringComparer.Ordinal))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: unknown column '{Echo(text)}'; the columns are {shape.ColumnNames}"));
            }
            if (!columns.TryAdd(key, (i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{Echo(text)}' appears twice"));
            }
        }
        var missing = shape.Columns.Where(r => !columns.ContainsKey(r)).ToList();
        return missing.Count > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}") : (new MeasureFile(shape, columns), null);
    }
}
