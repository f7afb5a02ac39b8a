using System.Globalization;
using Manyi.Core.Exports;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Customers;

/// <summary>The file formats of the customer import.</summary>
public enum ImportFormat
{
    Csv,
    Xlsx,
}

/// <summary>How an import ended.</summary>
public enum ImportStatus
{
    /// <summary>Dry run done, or commit written (see <see cref="ImportReport.Committed"/>).</summary>
    Ok,

    /// <summary>Commit refused: the file has bad rows and the good rows were not accepted. Nothing was written.</summary>
    NotClean,

    /// <summary>The file is larger than <see cref="CustomerImport.MaxBytes"/>. Nothing was written.</summary>
    TooLarge,

    /// <summary>The file cannot be read (not CSV/xlsx, bad header, too many rows); <see cref="ImportOutcome.Problem"/> says why.</summary>
    Malformed,

    /// <summary>Customers of the file changed while it was being imported; nothing was written, try again.</summary>
    Conflict,
}

/// <summary>
/// One bad cell: the file's line (1 = header), the column as the header names it, the cell's text, why it is refused (English)
/// and the stable code of that reason (<see cref="Reasons"/>) that clients and the pages translate.
/// </summary>
public sealed record ImportIssue(int Line, string Column, string? Value, string Reason, string ReasonCode);

/// <summary>What an import found (dry run) or did (commit): row counts and every bad cell.</summary>
public sealed record ImportReport(bool Committed, int Rows, int New, int Updated, int Unchanged, int Bad, IReadOnlyList<ImportIssue> Issues);

/// <summary>
/// The result of <see cref="CustomerImport.DryRunAsync"/> and <see cref="CustomerImport.CommitAsync"/>; when the file was refused as a
/// whole, <see cref="Problem"/> says why in English and <see cref="ProblemCode"/> (<see cref="ImportProblems"/>) names the case.
/// </summary>
public sealed record ImportOutcome(ImportStatus Status, ImportReport? Report, string? Problem, string? ProblemCode = null);

/// <summary>The stable codes of <see cref="ImportOutcome.ProblemCode"/>.</summary>
public static class ImportProblems
{
    public const string TooLarge = "tooLarge";
    public const string NotUtf8 = "notUtf8";
    public const string NotCsv = "notCsv";
    public const string NotXlsx = "notXlsx";
    public const string Empty = "empty";
    public const string TooManyRows = "tooManyRows";

    /// <summary>An unknown or repeated column, or an <c>attr:</c> column without a usable name.</summary>
    public const string BadHeader = "badHeader";

    public const string MissingColumns = "missingColumns";
    public const string Conflict = "conflict";
}

/// <summary>
/// Import of customers from CSV (UTF-8, with or without BOM) or .xlsx (product.md M2; columns in docs/formats/customers.md).
/// Rows are matched by code: a new code creates a customer, a known code updates it (upsert). The dry run reports every bad
/// cell and writes nothing; the commit writes only a clean file, or — when the user accepts — the good rows, all in one
/// SaveChanges (one transaction) together with the audit entry (counts only, no customer data).
/// </summary>
public static class CustomerImport
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const string AttributePrefix = "attr:";

    /// <summary>The fixed columns; any number of <c>attr:NAME</c> columns may follow. code, name and unit are required.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["code", "name", "type", "status", "segment", "tier", "unit", "owner", "email", "phone", "value"];

    private static readonly string[] RequiredColumns = ["code", "name", "unit"];

    /// <summary>Picks the format from a file name or content type; null when neither names CSV or xlsx.</summary>
    public static ImportFormat? FormatOf(string? fileName, string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim() ?? string.Empty;
        if (type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || (fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return ImportFormat.Csv;
        }
        if (type.Equals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StringComparison.OrdinalIgnoreCase)
            || (fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return ImportFormat.Xlsx;
        }
        return null;
    }

    /// <summary>Checks the file and reports what a commit would do; writes nothing.</summary>
    public static async Task<ImportOutcome> DryRunAsync(ManyiDbContext db, CurrentUser user, Stream file, ImportFormat format, CancellationToken ct)
    {
        var (plan, failure) = await PlanAsync(db, user, file, format, tracked: false, ct);
        return failure ?? new ImportOutcome(ImportStatus.Ok, plan!.Report(committed: false), null);
    }

    /// <summary>
    /// Writes the file's customers if it is clean, or its good rows when <paramref name="acceptGoodRows"/> (the bad ones are
    /// listed and skipped); otherwise NotClean and nothing is written.
    /// </summary>
    public static async Task<ImportOutcome> CommitAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var (plan, failure) = await PlanAsync(db, user, file, format, tracked: true, ct);
        if (failure is not null)
        {
            return failure;
        }
        if (plan!.Bad > 0 && !acceptGoodRows)
        {
            db.ChangeTracker.Clear();
            return new ImportOutcome(ImportStatus.NotClean, plan.Report(committed: false), null);
        }
        var now = clock.GetUtcNow();
        foreach (var customer in plan.Created)
        {
            customer.CreatedAt = now;
            customer.UpdatedAt = now;
            customer.Version = Guid.NewGuid();
            db.Customers.Add(customer);
        }
        foreach (var customer in plan.Changed)
        {
            customer.UpdatedAt = now;
            customer.Version = Guid.NewGuid();
        }
        var report = plan.Report(committed: true);
        AuditLog.Write(db, user, clock, AuditLog.Actions.CustomersImport, "customers",
            string.Create(CultureInfo.InvariantCulture, $"format={format.ToString().ToLowerInvariant()} rows={report.Rows} new={report.New} updated={report.Updated} unchanged={report.Unchanged} bad={report.Bad} acceptGoodRows={acceptGoodRows.ToString().ToLowerInvariant()}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent edit (version) or a code taken meanwhile (unique index): the transaction rolled back as a whole.
            db.ChangeTracker.Clear();
            return new ImportOutcome(ImportStatus.Conflict, null, "customers in the file were changed by someone else during the import; nothing was imported, try again", ImportProblems.Conflict);
        }
        return new ImportOutcome(ImportStatus.Ok, report, null);
    }


    private sealed record Column(int Index, string Header, string Key);

    private sealed class Plan
    {
        public List<Customer> Created { get; } = [];

        public List<Customer> Changed { get; } = [];

        public List<ImportIssue> Issues { get; } = [];

        public int Rows { get; set; }

        public int Unchanged { get; set; }

        public int Bad { get; set; }

        public ImportReport Report(bool committed) => new(committed, Rows, Created.Count, Changed.Count, Unchanged, Bad, Issues);
    }

    private static async Task<(Plan? Plan, ImportOutcome? Failure)> PlanAsync(ManyiDbContext db, CurrentUser user, Stream file, ImportFormat format, bool tracked, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(file);
        var content = await ImportTable.ReadLimitedAsync(file, MaxBytes, ct);
        if (content is null)
        {
            return (null, new ImportOutcome(ImportStatus.TooLarge, null, $"the file is larger than {MaxBytes / (1024 * 1024)} MB; split it into smaller files", ImportProblems.TooLarge));
        }
        var table = ImportTable.Read(content, format != ImportFormat.Csv, MaxRows);
        if (table.Problem is not null)
        {
            return (null, Malformed(new RuleError(table.ProblemCode!, table.Problem)));
        }
        var (header, rows) = (table.Header, table.Rows);
        var (columns, headerProblem) = ReadHeader(header!);
        if (headerProblem is not null)
        {
            return (null, Malformed(headerProblem));
        }
        var dataRows = rows!.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            .Select(r => r with { Cells = r.Cells.Select(SpreadsheetText.Restore).ToArray() })
            .ToList();
        if (dataRows.Count > MaxRows)
        {
            return (null, Malformed(new(ImportProblems.TooManyRows, string.Create(CultureInfo.InvariantCulture, $"the file has {dataRows.Count} customer rows; at most {MaxRows} are imported at once"))));
        }
        var lookups = await Lookups.LoadAsync(db, user, dataRows, columns!.Single(c => c.Key == "code").Index, tracked, ct);
        var plan = new Plan { Rows = dataRows.Count };
        var seenCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in dataRows)
        {
            ct.ThrowIfCancellationRequested();
            PlanRow(row, columns!, header!.Length, lookups, seenCodes, user.OrganisationId, plan);
        }
        return (plan, null);
    }

    private static ImportOutcome Malformed(RuleError problem) => new(ImportStatus.Malformed, null, problem.Message, problem.Code);

    private static void PlanRow(ImportRow row, List<Column> columns, int headerWidth, Lookups lookups, Dictionary<string, int> seenCodes, Guid organisationId, Plan plan)
    {
        var issues = new List<ImportIssue>();
        string Cell(string key)
        {
            var column = columns.FirstOrDefault(c => c.Key == key);
            return column is null || column.Index >= row.Cells.Length ? string.Empty : row.Cells[column.Index].Trim();
        }
        void Issue(string key, RuleError? reason)
        {
            if (reason is not null)
            {
                var column = columns.First(c => c.Key == key);
                var value = column.Index < row.Cells.Length ? row.Cells[column.Index] : string.Empty;
                issues.Add(new ImportIssue(row.Line, column.Header, value, reason.Message, reason.Code));
            }
        }
        bool Has(string key) => columns.Any(c => c.Key == key);

        if (row.Cells.Length > headerWidth && row.Cells.Skip(headerWidth).Any(c => !string.IsNullOrWhiteSpace(c)))
        {
            issues.Add(new ImportIssue(row.Line, "(row)", null, string.Create(CultureInfo.InvariantCulture, $"the row has {row.Cells.Length} cells but the header names {headerWidth} columns"), Reasons.RowTooWide));
        }

        var code = Cell("code");
        Issue("code", CustomerRules.Code(code));
        Customer? existing = null;
        if (code.Length > 0)
        {
            if (seenCodes.TryGetValue(code, out var firstLine))
            {
                Issue("code", new(Reasons.CodeRepeated, string.Create(CultureInfo.InvariantCulture, $"code is already on line {firstLine} of the file")));
            }
            else
            {
                seenCodes[code] = row.Line;
            }
            if (lookups.Existing.TryGetValue(code, out existing) && !lookups.IsVisible(existing.UnitId))
            {
                Issue("code", new(Reasons.CodeOutOfScope, "code belongs to a customer outside your units"));
                existing = null;
            }
        }
        var name = columns.First(c => c.Key == "name").Index < row.Cells.Length ? row.Cells[columns.First(c => c.Key == "name").Index] : string.Empty;
        Issue("name", CustomerRules.Name(name));

        var type = CustomerType.Person;
        if (Has("type") && Cell("type").Length > 0 && !CustomerText.TryParseEnum(Cell("type"), out type))
        {
            Issue("type", CustomerRules.Type(Cell("type")));
        }
        var status = CustomerStatus.Active;
        if (Has("status") && Cell("status").Length > 0 && !CustomerText.TryParseEnum(Cell("status"), out status))
        {
            Issue("status", CustomerRules.Status(Cell("status")));
        }
        var segment = Optional(Cell("segment"));
        if (Has("segment"))
        {
            Issue("segment", CustomerRules.Segment(segment));
        }
        var tier = Optional(Cell("tier"));
        if (Has("tier"))
        {
            Issue("tier", CustomerRules.Tier(tier));
        }
        var unitCode = Cell("unit");
        Guid unitId = default;
        if (unitCode.Length == 0)
        {
            Issue("unit", new(Reasons.Required, "unit is required (the unit's code)"));
        }
        else if (!lookups.Units.TryGetValue(unitCode, out unitId) || !lookups.IsVisible(unitId))
        {
            Issue("unit", new(Reasons.UnitNotAllowed, "unit must be the code of a unit within your units"));
        }
        Guid? ownerId = null;
        if (Has("owner") && Cell("owner").Length > 0)
        {
            if (lookups.Users.TryGetValue(Cell("owner").ToUpperInvariant(), out var owner))
            {
                ownerId = owner;
            }
            else
            {
                Issue("owner", new(Reasons.OwnerUnknown, "owner must be the user name of a user of your organisation"));
            }
        }
        var email = Optional(Cell("email"));
        if (Has("email"))
        {
            Issue("email", CustomerRules.Email(email));
        }
        var phone = Optional(Cell("phone"));
        if (Has("phone"))
        {
            Issue("phone", CustomerRules.Phone(phone));
        }
        decimal? value = null;
        if (Has("value") && Cell("value").Length > 0)
        {
            if (CustomerRules.TryParseValue(Cell("value"), out var parsed))
            {
                value = parsed;
                Issue("value", CustomerRules.Value(parsed));
            }
            else
            {
                Issue("value", new(Reasons.NotNumber, "value must be a number written with '.' as decimal point, e.g. 1234.50"));
            }
        }
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var column in columns.Where(c => c.Key.StartsWith(AttributePrefix, StringComparison.Ordinal)))
        {
            var text = column.Index < row.Cells.Length ? row.Cells[column.Index].Trim() : string.Empty;
            if (text.Length > CustomerRules.AttributeValueLength)
            {
                var tooLong = CustomerRules.AttributeValueTooLong();
                issues.Add(new ImportIssue(row.Line, column.Header, text, tooLong.Message, tooLong.Code));
            }
            attributes[column.Key[AttributePrefix.Length..]] = text.Length == 0 ? null : text;
        }

        var merged = new Dictionary<string, string>(existing?.Attributes ?? [], StringComparer.Ordinal);
        foreach (var (key, text) in attributes)
        {
            if (text is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = text;
            }
        }
        if (merged.Count > CustomerRules.MaxAttributes)
        {
            var tooMany = CustomerRules.TooManyAttributes();
            issues.Add(new ImportIssue(row.Line, columns.First(c => c.Key.StartsWith(AttributePrefix, StringComparison.Ordinal)).Header, null, tooMany.Message, tooMany.Code));
        }

        if (issues.Count > 0)
        {
            plan.Bad++;
            plan.Issues.AddRange(issues);
            return;
        }

        var target = existing ?? new Customer { Id = Guid.NewGuid(), OrganisationId = organisationId, Code = code, Name = name, Version = Guid.NewGuid() };
        var before = existing is null ? null : Fingerprint(existing);
        target.Name = name;
        target.UnitId = unitId;
        if (Has("type") || existing is null)
        {
            target.Type = type;
        }
        if (Has("status") || existing is null)
        {
            target.Status = status;
        }
        if (Has("segment"))
        {
            target.Segment = segment;
        }
        if (Has("tier"))
        {
            target.Tier = tier;
        }
        if (Has("owner"))
        {
            target.OwnerId = ownerId;
        }
        if (Has("email"))
        {
            target.Email = email;
        }
        if (Has("phone"))
        {
            target.Phone = phone;
        }
        if (Has("value"))
        {
            target.Value = value;
        }
        if (attributes.Count > 0)
        {
            target.Attributes = merged;
        }
        if (existing is null)
        {
            plan.Created.Add(target);
        }
        else if (string.Equals(before, Fingerprint(existing), StringComparison.Ordinal))
        {
            plan.Unchanged++;
        }
        else
        {
            plan.Changed.Add(existing);
        }
    }

    private static string? Optional(string text) => text.Length == 0 ? null : text;

    private static string Fingerprint(Customer c) => string.Join("\u001f",
        c.Name, c.Type, c.Status, c.Segment, c.Tier, c.UnitId, c.OwnerId, c.Email, c.Phone,
        // Normalised: the database may hand back 20 as 20.0 or 20.00.
        c.Value?.ToString("0.##", CultureInfo.InvariantCulture),
        string.Join("\u001e", c.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)));

    private static (List<Column>? Columns, RuleError? Problem) ReadHeader(string[] header)
    {
        var width = header.Length;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1]))
        {
            width--;
        }
        var columns = new List<Column>();
        for (var i = 0; i < width; i++)
        {
            var text = header[i].Trim();
            string key;
            if (text.StartsWith(AttributePrefix, StringComparison.OrdinalIgnoreCase))
            {
                var name = text[AttributePrefix.Length..].Trim();
                if (name.Length == 0 || name.Length > CustomerRules.AttributeNameLength)
                {
                    return (null, new RuleError(ImportProblems.BadHeader, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: '{text}' needs an attribute name of 1 to {CustomerRules.AttributeNameLength} characters after 'attr:'")));
                }
                key = AttributePrefix + name;
            }
            else
            {
                key = text.ToLowerInvariant();
                if (!Columns.Contains(key, StringComparer.Ordinal))
                {
                    return (null, new RuleError(ImportProblems.BadHeader, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: unknown column '{text}'; the columns are {string.Join(", ", Columns)} and attr:<name>")));
                }
            }
            if (columns.Any(c => c.Key == key))
            {
                return (null, new RuleError(ImportProblems.BadHeader, string.Create(CultureInfo.InvariantCulture, $"line 1, column {i + 1}: column '{text}' appears twice")));
            }
            columns.Add(new Column(i, text, key));
        }
        var missing = RequiredColumns.Where(r => columns.All(c => c.Key != r)).ToList();
        if (missing.Count > 0)
        {
            return (null, new RuleError(ImportProblems.MissingColumns, $"line 1: the header lacks the required column(s) {string.Join(", ", missing)}"));
        }
        return (columns, null);
    }

    /// <summary>What the rows are checked against: units and users of the organisation, the caller's scope, customers already stored.</summary>
    private sealed class Lookups
    {
        public required Dictionary<string, Guid> Units { get; init; }

        public required Dictionary<string, Guid> Users { get; init; }

        public required Dictionary<string, Customer> Existing { get; init; }

        public required IReadOnlySet<Guid>? Visible { get; init; }

        public bool IsVisible(Guid unitId) => Visible is null || Visible.Contains(unitId);

        public static async Task<Lookups> LoadAsync(ManyiDbContext db, CurrentUser user, List<ImportRow> rows, int codeIndex, bool tracked, CancellationToken ct)
        {
            var organisationId = user.OrganisationId;
            var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Code, u.Id }).ToListAsync(ct);
            var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.NormalizedUserName != null)
                .Select(u => new { u.NormalizedUserName, u.Id }).ToListAsync(ct);
            var codes = rows.Select(r => codeIndex < r.Cells.Length ? r.Cells[codeIndex].Trim() : string.Empty).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var existing = new Dictionary<string, Customer>(StringComparer.Ordinal);
            // In slices, so that no database meets a parameter list longer than it accepts.
            foreach (var slice in codes.Chunk(1000))
            {
                var query = db.Customers.Where(c => c.OrganisationId == organisationId && slice.Contains(c.Code));
                foreach (var customer in await (tracked ? query : query.AsNoTracking()).ToListAsync(ct))
                {
                    existing[customer.Code] = customer;
                }
            }
            var unitsByCode = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
            foreach (var unit in units)
            {
                unitsByCode.TryAdd(unit.Code, unit.Id);
            }
            return new Lookups
            {
                Units = unitsByCode,
                Users = users.ToDictionary(u => u.NormalizedUserName!, u => u.Id, StringComparer.Ordinal),
                Existing = existing,
                Visible = await user.VisibleUnitsAsync(ct),
            };
        }
    }
}
