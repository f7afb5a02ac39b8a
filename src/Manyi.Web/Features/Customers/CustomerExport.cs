using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Manyi.Web.Features.Customers;

/// <summary>The file formats of the customer export.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>An export file ready to send.</summary>
public sealed record ExportFile(byte[] Content, string ContentType, string FileName, int Rows);

/// <summary>
/// Export of the customers that match a filter, in the import's columns (so an export can be edited and imported back).
/// Text cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) get a leading apostrophe in both
/// formats (product.md M12 formula injection). Every export is audited (filter names and row count, no data).
/// </summary>
public static class CustomerExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Writes the matching customers (all pages, sorted as the filter says) as CSV (UTF-8 with BOM, so Excel reads Chinese) and audits it.</summary>
    public static async Task<UseCaseResult<ExportFile>> WriteCsvAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CustomerFilter filter, CancellationToken ct)
    {
        var (header, rows, errors) = await TableAsync(db, user, filter, ct);
        if (errors is not null)
        {
            return UseCaseResult.Invalid<ExportFile>(errors);
        }
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None }))
        {
            foreach (var cell in header!)
            {
                csv.WriteField(cell);
            }
            await csv.NextRecordAsync();
            foreach (var row in rows!)
            {
                foreach (var cell in row)
                {
                    // Amounts as plain numbers ("20", "7.5"), however many decimals the database hands back.
                    csv.WriteField(cell switch
                    {
                        string text => SpreadsheetText.Defuse(text),
                        decimal amount => amount.ToString("0.##", CultureInfo.InvariantCulture),
                        _ => cell,
                    });
                }
                await csv.NextRecordAsync();
            }
        }
        return await AuditedAsync(db, user, clock, filter, ExportFormat.Csv, new ExportFile(buffer.ToArray(), CsvContentType, "customers.csv", rows!.Count), ct);
    }

    /// <summary>Writes the matching customers as an .xlsx workbook (one sheet "customers"; value as a number) and audits it.</summary>
    public static async Task<UseCaseResult<ExportFile>> WriteExcelAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CustomerFilter filter, CancellationToken ct)
    {
        var (header, rows, errors) = await TableAsync(db, user, filter, ct);
        if (errors is not null)
        {
            return UseCaseResult.Invalid<ExportFile>(errors);
        }
        var sheet = new List<Dictionary<string, object?>>(rows!.Count);
        foreach (var row in rows)
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header!.Count; i++)
            {
                record[header[i]] = row[i] is string text ? SpreadsheetText.Defuse(text) : row[i];
            }
            sheet.Add(record);
        }
        using var buffer = new MemoryStream();
        if (sheet.Count == 0)
        {
            // MiniExcel takes the header from the records; an empty export still names its columns.
            Dictionary<string, object?>[] headerOnly = [header!.ToDictionary(h => h, h => (object?)h, StringComparer.Ordinal)];
            await buffer.SaveAsAsync(headerOnly, printHeader: false, sheetName: "customers", excelType: ExcelType.XLSX, cancellationToken: ct);
        }
        else
        {
            await buffer.SaveAsAsync(sheet, printHeader: true, sheetName: "customers", excelType: ExcelType.XLSX, cancellationToken: ct);
        }
        return await AuditedAsync(db, user, clock, filter, ExportFormat.Xlsx, new ExportFile(buffer.ToArray(), XlsxContentType, "customers.xlsx", rows.Count), ct);
    }

    private static async Task<UseCaseResult<ExportFile>> AuditedAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CustomerFilter filter, ExportFormat format, ExportFile file, CancellationToken ct)
    {
        var used = new List<string>();
        void Used(string name, object? value)
        {
            if (value is not null)
            {
                used.Add(name);
            }
        }
        Used("q", filter.Q);
        Used("segment", filter.Segment);
        Used("tier", filter.Tier);
        Used("unitId", filter.UnitId);
        Used("status", filter.Status);
        Used("type", filter.Type);
        Used("ownerId", filter.OwnerId);
        // The filter's names only: a search text could be a customer's name.
        AuditLog.Write(db, user, clock, AuditLog.Actions.CustomersExport, "customers",
            string.Create(CultureInfo.InvariantCulture, $"format={format.ToString().ToLowerInvariant()} rows={file.Rows} filters={(used.Count == 0 ? "none" : string.Join(",", used))}"));
        await db.SaveChangesAsync(ct);
        return UseCaseResult.Ok(file);
    }

    private static async Task<(List<string>? Header, List<object?[]>? Rows, Dictionary<string, string[]>? Errors)> TableAsync(ManyiDbContext db, CurrentUser user, CustomerFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var errors = filter.Validate();
        errors.Remove("page");
        errors.Remove("pageSize");
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }
        var organisationId = user.OrganisationId;
        var query = await CustomerQueries.FilterAsync(db, user, filter, ct);
        var customers = await CustomerSort.Apply(query, filter.Sort).Select(CustomerQueries.ToDtoExpression).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Id, u => u.UserName ?? string.Empty, ct);
        var attributeNames = customers.SelectMany(c => c.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var header = CustomerImport.Columns.Concat(attributeNames.Select(a => CustomerImport.AttributePrefix + a)).ToList();
        var rows = new List<object?[]>(customers.Count);
        foreach (var c in customers)
        {
            var row = new object?[header.Count];
            row[0] = c.Code;
            row[1] = c.Name;
            row[2] = CustomerText.Name(c.Type);
            row[3] = CustomerText.Name(c.Status);
            row[4] = c.Segment;
            row[5] = c.Tier;
            row[6] = units.GetValueOrDefault(c.UnitId);
            row[7] = c.OwnerId is { } owner ? users.GetValueOrDefault(owner) : null;
            row[8] = c.Email;
            row[9] = c.Phone;
            row[10] = c.Value;
            for (var i = 0; i < attributeNames.Count; i++)
            {
                row[CustomerImport.Columns.Count + i] = c.Attributes.GetValueOrDefault(attributeNames[i]);
            }
            rows.Add(row);
        }
        return (header, rows, null);
    }
}
