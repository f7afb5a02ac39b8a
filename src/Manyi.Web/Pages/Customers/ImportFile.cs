using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Customers;
using Manyi.Web.Pages.Units;
using MiniExcelLibs;

namespace Manyi.Web.Pages.Customers;

/// <summary>One problem of an import file: line (1 = header), column, the value found and a reason (a text key of the UI).</summary>
public sealed record ImportIssue(int Line, string Column, string Value, string Reason);

/// <summary>A row of the file that passed every check.</summary>
public sealed record ImportRow(int Line, string Code, string Name, CustomerType Type, CustomerStatus Status, Guid UnitId, string? Segment,
    string? Tier, string? Email, string? Phone, decimal? Value, IReadOnlyDictionary<string, string> Attributes);

/// <summary>The dry run of an import: the good rows and every problem found.</summary>
public sealed record ImportCheck(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportIssue> Issues, int DataRows)
{
    public bool Clean => Issues.Count == 0 && Rows.Count > 0;
}

/// <summary>
/// Reads a customer file (CSV in UTF-8 or Excel .xlsx, header row first) and checks every row without writing anything.
/// Columns: code, name, unit (unit code) are required; type, status, segment, tier, email, phone, value are optional; any
/// other column becomes a custom attribute. Integration note: replace with the customers feature's CustomerImport when it lands.
/// </summary>
public static class ImportFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;

    private static readonly string[] Required = ["code", "name", "unit"];
    private static readonly string[] Known = ["code", "name", "unit", "type", "status", "segment", "tier", "email", "phone", "value"];
    private static readonly EmailAddressAttribute EmailCheck = new();

    /// <summary>Checks <paramref name="content"/>; <paramref name="units"/> are the units the user may import into (by code).</summary>
    public static ImportCheck Check(string fileName, byte[] content, IReadOnlyList<UnitOption> units, IReadOnlySet<string> codesOutOfScope)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(codesOutOfScope);
        var issues = new List<ImportIssue>();
        List<(int Line, Dictionary<string, string> Cells)> records;
        try
        {
            records = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadExcel(content) : ReadCsv(content);
        }
        catch (Exception e) when (e is CsvHelperException or InvalidDataException or IOException or InvalidOperationException or ArgumentException)
        {
            return new ImportCheck([], [new ImportIssue(1, string.Empty, string.Empty, "Import.Unreadable")], 0);
        }
        if (records.Count > MaxRows)
        {
            return new ImportCheck([], [new ImportIssue(MaxRows + 2, string.Empty, string.Empty, "Import.TooManyRows")], records.Count);
        }
        var header = records.Count > 0 ? records[0].Cells.Keys.ToList() : ReadHeader(fileName, content);
        foreach (var column in Required.Where(r => !header.Contains(r, StringComparer.Ordinal)))
        {
            issues.Add(new ImportIssue(1, column, string.Empty, "Import.MissingColumn"));
        }
        if (issues.Count > 0)
        {
            return new ImportCheck([], issues, records.Count);
        }
        var unitsByCode = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<ImportRow>();
        foreach (var (line, cells) in records)
        {
            var before = issues.Count;
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : string.Empty;
            void Bad(string column, string reason) => issues.Add(new ImportIssue(line, column, Cell(column), reason));
            string? Text(string column, int max, bool required = false)
            {
                var value = Cell(column);
                if (value.Length == 0)
                {
                    if (required)
                    {
                        Bad(column, "Import.Required");
                    }
                    return null;
                }
                if (value.Length > max)
                {
                    Bad(column, "Import.TooLong");
                }
                return value;
            }
            var code = Text("code", 64, required: true);
            var name = Text("name", 200, required: true);
            var unitCode = Text("unit", 64, required: true);
            var unitId = Guid.Empty;
            if (unitCode is not null && !unitsByCode.TryGetValue(unitCode, out unitId))
            {
                Bad("unit", "Import.UnknownUnit");
            }
            var type = CustomerType.Person;
            if (Cell("type").Length > 0 && !TryEnum(Cell("type"), out type))
            {
                Bad("type", "Import.BadType");
            }
            var status = CustomerStatus.Active;
            if (Cell("status").Length > 0 && !TryEnum(Cell("status"), out status))
            {
                Bad("status", "Import.BadStatus");
            }
            var email = Text("email", 254);
            if (email is not null && !EmailCheck.IsValid(email))
            {
                Bad("email", "Import.BadEmail");
            }
            decimal? value = null;
            if (Cell("value").Length > 0)
            {
                if (decimal.TryParse(Cell("value"), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) < 1e16m)
                {
                    value = v;
                }
                else
                {
                    Bad("value", "Import.BadNumber");
                }
            }
            if (code is not null)
            {
                if (seen.TryGetValue(code, out _))
                {
                    Bad("code", "Import.DuplicateCode");
                }
                else if (codesOutOfScope.Contains(code))
                {
                    Bad("code", "Import.CodeTaken");
                }
                seen.TryAdd(code, line);
            }
            var segment = Text("segment", 100);
            var tier = Text("tier", 50);
            var phone = Text("phone", 50);
            var attributes = cells.Where(c => !Known.Contains(c.Key, StringComparer.Ordinal) && c.Value.Trim().Length > 0)
                .ToDictionary(c => c.Key, c => c.Value.Trim(), StringComparer.Ordinal);
            if (issues.Count == before)
            {
                rows.Add(new ImportRow(line, code!, name!, type, status, unitId, segment, tier, email, phone, value, attributes));
            }
        }
        return new ImportCheck(rows, issues, records.Count);
    }

    private static bool TryEnum<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static List<(int, Dictionary<string, string>)> ReadCsv(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null, MissingFieldFound = null });
        var records = new List<(int, Dictionary<string, string>)>();
        if (!csv.Read())
        {
            return records;
        }
        csv.ReadHeader();
        var header = (csv.HeaderRecord ?? []).Select(Column).ToArray();
        while (csv.Read())
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i].Length > 0)
                {
                    cells[header[i]] = csv.TryGetField<string>(i, out var v) ? v ?? string.Empty : string.Empty;
                }
            }
            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            records.Add((csv.Parser.RawRow, cells));
        }
        return records;
    }

    private static List<(int, Dictionary<string, string>)> ReadExcel(byte[] content)
    {
        using var stream = new MemoryStream(content);
        var records = new List<(int, Dictionary<string, string>)>();
        var line = 1;
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: true))
        {
            line++;
            var cells = row.ToDictionary(c => Column(c.Key), c => Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
            if (!cells.Values.All(string.IsNullOrWhiteSpace))
            {
                records.Add((line, cells));
            }
        }
        return records;
    }

    private static List<string> ReadHeader(string fileName, byte[] content)
    {
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        using var reader = new StreamReader(new MemoryStream(content), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null });
        return csv.Read() && csv.ReadHeader() ? (csv.HeaderRecord ?? []).Select(Column).ToList() : [];
    }

    private static string Column(string header) => header.Trim().ToLowerInvariant();
}
