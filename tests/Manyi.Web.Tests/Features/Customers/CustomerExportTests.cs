using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Manyi.Web.Tests.Features.Customers.CustomersFixture;

namespace Manyi.Web.Tests.Features.Customers;

[Collection(CustomersGroup.Name)]
public class CustomerExportTests(CustomersFixture fixture)
{
    // Cells a spreadsheet would run as formulas (OWASP "CSV injection"): each must come out with a leading apostrophe.
    private const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private const string PlusSegment = "+SUM(1,2)";
    private const string MinusTier = "-2+3";
    private const string AtPhone = "@cmd";
    private const string DdeAttribute = "=cmd|' /C calc'!A0";
    private const string TabName = "\t=1+1 名字";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Export_CsvAndXlsx_FormulaCellsDefusedAndAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var p = Code("E")[..10];
        await CreateOkAsync(analyst, new
        {
            code = p + "-1", name = FormulaName, segment = PlusSegment, tier = MinusTier, phone = AtPhone, unitId = unit.Id, value = 7.5m,
            attributes = new Dictionary<string, string> { ["note"] = DdeAttribute },
        });
        await CreateOkAsync(analyst, new { code = p + "-2", name = TabName, unitId = unit.Id });

        var csvResponse = await analyst.GetAsync(Url($"/api/v1/customers/export?format=csv&unitId={unit.Id}&sort=code"));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var csv = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, csv.Count);
        AssertDefused(name => (string)csv[0][name]);
        Assert.Equal("7.5", csv[0]["value"]);
        Assert.Equal(("'" + TabName, unit.Code, "person", "active"), ((string)csv[1]["name"], (string)csv[1]["unit"], (string)csv[1]["type"], (string)csv[1]["status"]));

        var xlsxResponse = await analyst.GetAsync(Url($"/api/v1/customers/export?format=xlsx&unitId={unit.Id}&sort=code"));
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        using var workbook = new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync());
        var sheet = workbook.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, sheet.Count);
        AssertDefused(name => (string)sheet[0][name]!);
        Assert.Equal("'" + TabName, (string)sheet[1]["name"]!);
        Assert.Equal(7.5, Convert.ToDouble(sheet[0]["value"], CultureInfo.InvariantCulture));

        var audit = await DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "customers.export").OrderByDescending(a => a.Id).Take(2).ToListAsync());
        Assert.Equal(["format=xlsx rows=2 filters=unitId", "format=csv rows=2 filters=unitId"], audit.Select(a => a.Details));

        // The export imports back unchanged: the import drops the guard's apostrophe again.
        var back = await CustomerImportTests.PostAsync(analyst, "dry-run", bytes, "text/csv");
        var report = await JsonAsync(back);
        Assert.Equal((0, 2, 0), (report.GetProperty("new").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("bad").GetInt32()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Export_WithoutExportRightOrBadInput_Refused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var exports = await DbAsync(app, db => db.AuditEntries.CountAsync(a => a.Action == "customers.export"));

        Assert.Equal(HttpStatusCode.Forbidden, (await handler.GetAsync(Url("/api/v1/customers/export"))).StatusCode);
        var bad = await analyst.GetAsync(Url("/api/v1/customers/export?format=pdf&sort=name;DROP"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["format", "sort"], (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(exports, await DbAsync(app, db => db.AuditEntries.CountAsync(a => a.Action == "customers.export")));
    }

    private static void AssertDefused(Func<string, string> cell)
    {
        Assert.Equal("'" + FormulaName, cell("name"));
        Assert.Equal("'" + PlusSegment, cell("segment"));
        Assert.Equal("'" + MinusTier, cell("tier"));
        Assert.Equal("'" + AtPhone, cell("phone"));
        Assert.Equal("'" + DdeAttribute, cell("attr:note"));
    }
}
