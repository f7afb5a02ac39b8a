using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Contacts;

/// <summary>
/// Import of contacts from CSV (UTF-8) or .xlsx (columns in docs/formats/contacts.md; the customer by its code). The dry run names
/// every bad cell and writes nothing; the commit writes a clean file, or — when the user accepts — only the good rows, in one
/// SaveChanges with the audit entry (counts only).
/// </summary>
public static class ContactImport
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;

    public static IReadOnlyList<string> Columns { get; } = ["customer", "channel", "reason", "occurredat", "inbound", "note"];

    private static readonly string[] RequiredColumns = ["customer", "channel", "reason", "occurredat"];

    public static async Task<ContactImportOutcome> RunAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(file);
        var content = await ImportTable.ReadLimitedAsync(file, MaxBytes, ct);
        if (content is null)
        {
            return new ContactImportOutcome(ImportStatus.TooLarge, null, "too large");
        }
        var table = ImportTable.Read(content, format != ImportFormat.Csv, MaxRows, CellText);
        if (table.Problem is not null)
        {
            return new ContactImportOutcome(ImportStatus.Malformed, null, table.Problem);
        }
        var header = table.Header;
        var rows = table.Rows;
        var (columns, headerProblem) = ReadHeader(header!);
        if (headerProblem is not null)
        {
            return new ContactImportOutcome(ImportStatus.Malformed, null, headerProblem);
        }

        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var codes = rows!.Select(r => Cell(r.Cells, columns!, "customer")).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var customers = new Dictionary<string, (Guid Id, Guid UnitId)>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(1000))
        {
            foreach (var c in await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Code)).Select(c => new { c.Code, c.Id, c.UnitId }).ToListAsync(ct))
            {
                customers[c.Code] = (c.Id, c.UnitId);
            }
        }
        var reasons = (await ContactRules.ReasonsAsync(db, organisationId, ct)).Where(r => r.Active).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var issues = new List<ImportIssue>();
        var good = new List<Contact>();
        var bad = 0;
        foreach (var row in rows!)
        {
            var before = issues.Count;
            void Issue(string column, string? value, string code, string message) =>
                issues.Add(new ImportIssue(row.Line, column, value, message, code));
            if (row.Cells.Skip(header!.Length).Any(c => c.Length > 0))
            {
                Issue("", null, ContactIssues.RowTooWide, "the row has more cells than the header has columns");
            }
            var code = Cell(row.Cells, columns!, "customer");
            (Guid Id, Guid UnitId) customer = default;
            if (code.Length == 0)
            {
                Issue(Header(columns!, "customer"), code, ContactIssues.Required, "the customer code is required");
            }
            else if (!customers.TryGetValue(code, out customer) || (visible is not null && !visible.Contains(customer.UnitId)))
            {
                Issue(Header(columns!, "customer"), code, ContactIssues.UnknownCustomer, "no customer with this code in your units");
            }
            var channelText = Cell(row.Cells, columns!, "channel");
            var channel = ContactRules.Channel(channelText);
            if (channel is null)
            {
                Issue(Header(columns!, "channel"), channelText, channelText.Length == 0 ? ContactIssues.Required : ContactIssues.UnknownChannel, ContactRules.ChannelMessage);
            }
            var reason = Cell(row.Cells, columns!, "reason");
            if (reason.Length == 0)
            {
                Issue(Header(columns!, "reason"), reason, ContactIssues.Required, "the reason code is required");
            }
            else if (!reasons.Contains(reason))
            {
                Issue(Header(columns!, "reason"), reason, ContactIssues.UnknownReason, "not an active reason code of your organisation");
            }
            var whenText = Cell(row.Cells, columns!, "occurredat");
            var when = whenText.Length == 0 ? null : ContactRules.ParseTime(whenText);
            if (whenText.Length == 0)
            {
                Issue(Header(columns!, "occurredat"), whenText, ContactIssues.Required, "the date and time of the contact is required");
            }
            else if (when is null)
            {
                Issue(Header(columns!, "occurredat"), whenText, ContactIssues.BadDate, "not a date or date and time (ISO 8601, e.g. 2026-03-01T08:30:00+08:00)");
            }
            else if (when > now + ContactRules.FutureTolerance)
            {
                Issue(Header(columns!, "occurredat"), whenText, ContactIssues.FutureDate, "the contact cannot be in the future");
            }
            var inboundText = Cell(row.Cells, columns!, "inbound").ToLowerInvariant();
            bool? inbound = inboundText switch
            {
                "" or "true" or "1" or "yes" or "in" or "inbound" => true,
                "false" or "0" or "no" or "out" or "outbound" => false,
                _ => null,
            };
            if (inbound is null)
            {
                Issue(Header(columns!, "inbound"), inboundText, ContactIssues.BadBoolean, "inbound must be true or false (in/out)");
            }
            var note = Cell(row.Cells, columns!, "note");
            if (note.Length > ContactRules.NoteLength)
            {
                Issue(Header(columns!, "note"), note[..50] + "…", ContactIssues.TooLong, string.Create(CultureInfo.InvariantCulture, $"the note has at most {ContactRules.NoteLength} characters"));
            }
            if (issues.Count > before)
            {
                bad++;
                continue;
            }
            good.Add(new Contact
            {
                Id = Guid.NewGuid(),
                OrganisationId = organisationId,
                CustomerId = customer.Id,
                UnitId = customer.UnitId,
                Channel = channel!,
                ReasonCode = reason,
                Inbound = inbound!.Value,
                OccurredAt = when!.Value,
                Note = note.Length == 0 ? null : note,
                RecordedBy = user.ActorId,
                CreatedAt = now,
            });
        }
        if (!commit)
        {
            return new ContactImportOutcome(ImportStatus.Ok, new ContactImportReport(false, rows.Count, good.Count, bad, issues), null);
        }
        if (bad > 0 && !acceptGoodRows)
        {
            return new ContactImportOutcome(ImportStatus.NotClean, new ContactImportReport(false, rows.Count, 0, bad, issues), null);
        }
        db.Contacts.AddRange(good);
        AuditLog.Write(db, user, clock, "contacts.import", null, string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count} created={good.Count} bad={bad}"));
        await db.SaveChangesAsync(ct);
        return new ContactImportOutcome(ImportStatus.Ok, new ContactImportReport(true, rows.Count, good.Count, bad, issues), null);
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
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: unknown column '{text}'; the columns are customer, channel, reason, occurredAt, inbound, note"));
            }
            if (!columns.TryAdd(key, (i, text)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{text}' appears twice"));
            }
        }
        var missing = RequiredColumns.Where(r => !columns.ContainsKey(r)).ToList();
        return missing.Count > 0 ? (null, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}") : (columns, null);
    }

    /// <summary>Contacts happen at a time of day: an Excel date-time cell keeps it (read as UTC).</summary>
    private static string CellText(object? value) => value switch
    {
        null => string.Empty,
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
