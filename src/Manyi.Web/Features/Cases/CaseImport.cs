using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Manyi.Core.Cases;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// Import of new cases from CSV (UTF-8) or .xlsx (columns in docs/formats/cases.md; category, customer and unit by their codes).
/// The dry run names every bad cell and writes nothing; the commit writes a clean file — or, when accepted, only the good rows — in
/// one SaveChanges. Each row has a key (its externalKey, else a hash of the row's cells): rows already imported are skipped, so
/// importing the same file again stores nothing new.
/// </summary>
public static class CaseImport
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 20_000;

    public static IReadOnlyList<string> Columns { get; } =
        ["externalkey", "kind", "channel", "priority", "category", "customer", "unit", "subject", "description", "receivedat", "status"];

    private static readonly string[] RequiredColumns = ["channel", "subject"];

    public static async Task<CaseImportOutcome> RunAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, byte[] content, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(content);
        var table = ImportTable.Read(content, format != ImportFormat.Csv, MaxRows, CellText);
        if (table.Problem is not null)
        {
            return new CaseImportOutcome(ImportStatus.Malformed, null, table.Problem);
        }
        var header = table.Header!;
        var rows = table.Rows!;
        var (columns, headerProblem) = ReadHeader(header);
        if (headerProblem is not null)
        {
            return new CaseImportOutcome(ImportStatus.Malformed, null, headerProblem);
        }
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var customerCodes = Codes(rows, columns!, "customer");
        var customers = new Dictionary<string, (Guid Id, Guid UnitId)>(StringComparer.Ordinal);
        foreach (var chunk in customerCodes.Chunk(1000))
        {
            foreach (var c in await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Code)).Select(c => new { c.Code, c.Id, c.UnitId }).ToListAsync(ct))
            {
                customers[c.Code] = (c.Id, c.UnitId);
            }
        }
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Code, u.Id }).ToDictionaryAsync(u => u.Code, u => u.Id, StringComparer.Ordinal, ct);
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Active).Select(c => new { c.Code, c.Id })
            .ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();

        var issues = new List<ImportIssue>();
        var good = new List<NewCase>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var bad = 0;
        var existing = 0;
        var candidates = new List<(NewCase Case, string Key)>();
        foreach (var row in rows)
        {
            var before = issues.Count;
            void Issue(string column, string? value, string code, string message) =>
                issues.Add(new ImportIssue(row.Line, Header(columns!, column), value, message, code));
            string Cell(string key) => CellOf(row.Cells, columns!, key);
            if (row.Cells.Skip(header.Length).Any(c => c.Length > 0))
            {
                issues.Add(new ImportIssue(row.Line, "", null, "the row has more cells than the header has columns", CaseImportIssues.RowTooWide));
            }
            var externalKey = Cell("externalkey");
            if (externalKey.Length > CasesApi.ExternalKeyLength)
            {
                Issue("externalkey", externalKey[..50] + "…", CaseImportIssues.TooLong, string.Create(CultureInfo.InvariantCulture, $"the external key has at most {CasesApi.ExternalKeyLength} characters"));
            }
            var kindText = Cell("kind");
            var kind = CaseKind.Complaint;
            if (kindText.Length > 0)
            {
                if (CaseQueries.ParseEnum<CaseKind>(kindText) is { } k && CasesApi.ManualKinds.Contains(k))
                {
                    kind = k;
                }
                else
                {
                    Issue("kind", kindText, CaseImportIssues.UnknownKind, "kind must be complaint, enquiry or suggestion");
                }
            }
            var channel = Cell("channel").ToLowerInvariant();
            if (!CaseIntake.Channels.Contains(channel, StringComparer.Ordinal))
            {
                Issue("channel", channel, channel.Length == 0 ? CaseImportIssues.Required : CaseImportIssues.UnknownChannel, "channel must be one of " + string.Join(", ", CaseIntake.Channels));
            }
            var priorityText = Cell("priority");
            var priority = CasePriority.Normal;
            if (priorityText.Length > 0)
            {
                if (CaseQueries.ParseEnum<CasePriority>(priorityText) is { } p)
                {
                    priority = p;
                }
                else
                {
                    Issue("priority", priorityText, CaseImportIssues.UnknownPriority, "priority must be " + CaseQueries.Names<CasePriority>());
                }
            }
            var categoryCode = Cell("category");
            Guid? category = null;
            if (categoryCode.Length > 0)
            {
                if (categories.TryGetValue(categoryCode, out var categoryId))
                {
                    category = categoryId;
                }
                else
                {
                    Issue("category", categoryCode, CaseImportIssues.UnknownCategory, "no active category with this code");
                }
            }
            var customerCode = Cell("customer");
            (Guid Id, Guid UnitId)? customer = null;
            if (customerCode.Length > 0)
            {
                if (customers.TryGetValue(customerCode, out var found) && (visible is null || visible.Contains(found.UnitId)))
                {
                    customer = found;
                }
                else
                {
                    Issue("customer", customerCode, CaseImportIssues.UnknownCustomer, "no customer with this code in your units");
                }
            }
            var unitCode = Cell("unit");
            Guid? unit = customer?.UnitId;
            if (unitCode.Length > 0)
            {
                if (units.TryGetValue(unitCode, out var unitId) && (visible is null || visible.Contains(unitId)))
                {
                    unit = unitId;
                }
                else
                {
                    Issue("unit", unitCode, CaseImportIssues.UnknownUnit, "no unit with this code in your units");
                }
            }
            else if (customerCode.Length == 0)
            {
                Issue("unit", unitCode, CaseImportIssues.Required, "a case without a customer needs its unit code");
            }
            var subject = Cell("subject");
            if (subject.Length == 0)
            {
                Issue("subject", subject, CaseImportIssues.Required, "the subject is required");
            }
            else if (subject.Length > CaseIntake.SubjectLength)
            {
                Issue("subject", subject[..50] + "…", CaseImportIssues.TooLong, string.Create(CultureInfo.InvariantCulture, $"the subject has at most {CaseIntake.SubjectLength} characters"));
            }
            var description = Cell("description");
            if (description.Length > CaseIntake.TextLength)
            {
                Issue("description", description[..50] + "…", CaseImportIssues.TooLong, string.Create(CultureInfo.InvariantCulture, $"the description has at most {CaseIntake.TextLength} characters"));
            }
            var receivedText = Cell("receivedat");
            DateTimeOffset? received = null;
            if (receivedText.Length > 0)
            {
                received = ContactRules.ParseTime(receivedText);
                if (received is null)
                {
                    Issue("receivedat", receivedText, CaseImportIssues.BadDate, "not a date or date and time (ISO 8601, e.g. 2026-03-01T08:30:00+08:00)");
                }
                else if (received > now + CasesApi.FutureTolerance)
                {
                    Issue("receivedat", receivedText, CaseImportIssues.FutureDate, "a case cannot be received in the future");
                }
            }
            var status = Cell("status");
            if (status.Length > 0 && CaseQueries.ParseEnum<CaseStatus>(status) != CaseStatus.New)
            {
                Issue("status", status, CaseImportIssues.NotNew, "the import opens new cases only: leave status empty or write new");
            }
            if (issues.Count > before)
            {
                bad++;
                continue;
            }
            var key = externalKey.Length > 0 ? externalKey : RowKey(row.Cells, header.Length);
            if (!keys.Add(key))
            {
                existing++; // the same row twice in the file
                continue;
            }
            candidates.Add((new NewCase
            {
                Kind = kind,
                Channel = channel,
                Priority = priority,
                CategoryId = category,
                CustomerId = customer?.Id,
                UnitId = unit!.Value,
                Subject = subject,
                Description = description.Length == 0 ? null : description,
                ReceivedAt = received,
                ExternalKey = key,
            }, key));
        }
        // Rows imported before (same key) are skipped, not refused: importing a file again stores nothing new.
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(c => c.Key).Chunk(500))
        {
            stored.UnionWith(await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.ExternalKey != null && chunk.Contains(c.ExternalKey))
                .Select(c => c.ExternalKey!).ToListAsync(ct));
        }
        foreach (var (newCase, key) in candidates)
        {
            if (stored.Contains(key))
            {
                existing++;
            }
            else
            {
                good.Add(newCase);
            }
        }
        if (!commit)
        {
            return new CaseImportOutcome(ImportStatus.Ok, new CaseImportReport(false, rows.Count, good.Count, existing, bad, issues), null);
        }
        if (bad > 0 && !acceptGoodRows)
        {
            return new CaseImportOutcome(ImportStatus.NotClean, new CaseImportReport(false, rows.Count, 0, existing, bad, issues), null);
        }
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var actor = CaseAccess.Actor(user);
        foreach (var newCase in good)
        {
            await CaseIntake.OpenAsync(db, organisationId, newCase, rules, actor, now, ct);
        }
        AuditLog.Write(db, user, clock, "cases.import", null, string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count} created={good.Count} existing={existing} bad={bad}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another import stored some of these rows meanwhile (the unique key decided): nothing of this one was written.
            return new CaseImportOutcome(ImportStatus.Conflict, null, "some rows were imported by another request meanwhile; nothing was written — run the import again");
        }
        return new CaseImportOutcome(ImportStatus.Ok, new CaseImportReport(true, rows.Count, good.Count, existing, bad, issues), null);
    }

    /// <summary>The key of a row without an external key: a hash of its cells, so the same line imported again is recognised.</summary>
    private static string RowKey(string[] cells, int width)
    {
        var text = string.Join('\u001f', cells.Take(width).Select(c => c.Trim()));
        return "import:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static List<string> Codes(IReadOnlyList<ImportRow> rows, Dictionary<string, (int Index, string Header)> columns, string key) =>
        rows.Select(r => CellOf(r.Cells, columns, key)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static string CellOf(string[] cells, Dictionary<string, (int Index, string Header)> columns, string key) =>
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
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"line 1, column {i + 1}: unknown column '{text}'; the columns are externalKey, kind, channel, priority, category, customer, unit, subject, description, receivedAt, status"));
            }
            if (!columns.TryAdd(key, (i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{text}' appears twice"));
            }
        }
        var missing = RequiredColumns.Where(r => !columns.ContainsKey(r)).ToList();
        if (!columns.ContainsKey("customer") && !columns.ContainsKey("unit"))
        {
            missing.Add("customer or unit");
        }
        return missing.Count > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}") : (columns, null);
    }

    /// <summary>Cases are received at a time of day: an Excel date-time cell keeps it (read as UTC).</summary>
    private static string CellText(object? value) => value switch
    {
        null => string.Empty,
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
