using System.Net;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Reports.ReportsApiTests;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>
/// The customer- and group-measure imports share one row core; these pin every message they give, word for word and in order
/// (written down from the imports before they were merged), so the shared core keeps both files' wording: the examples differ
/// (on-time-delivery/ppm/98.5 against market-share/12.5), and only the group import clips long echoed cells to 60 characters.
/// </summary>
[Collection(IndirectMeasuresGroup.Name)]
public class MeasureFileMessagesTests(IndirectMeasuresFixture fixture)
{
    private static readonly string Long70 = new('z', 70);
    private static readonly string Clipped = new string('z', 60) + "…";
    private static readonly string Measure51 = new('a', 51);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CustomerImport_EveryMessageAsBefore(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var customer = await AddCustomerAsync(app, home.Id, "Messages");
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var file = "Customer,Measure,periodStart,periodEnd,Value\n"
            + ",,x,,\n"
            + $"NOPE,{Measure51},2026-01-01,2025-12-31,1,extra\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,abc\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,1\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,2\n"
            + $"{customer.Code},ppm,{Long70},2026-03-31,1\n";
        var issues = await IssuesAsync(admin, "/api/v1/customer-measures/import", file);
        (int, string, string?, string, string)[] expected =
        [
            (2, "Customer", "", "required", "the customer code is required"),
            (2, "Measure", "", "required", "the measure key is required (e.g. on-time-delivery, ppm)"),
            (2, "periodStart", "x", "badDate", "not a date yyyy-MM-dd"),
            (2, "periodEnd", "", "required", "periodEnd is required (yyyy-MM-dd)"),
            (2, "Value", "", "required", "the value is required"),
            (3, "", null, "rowTooWide", "the row has more cells than the header has columns"),
            (3, "Customer", "NOPE", "unknownCustomer", "no customer with this code in your units"),
            (3, "Measure", new string('a', 50) + "…", "badMeasure", "the measure key is lower-case letters, digits and hyphens, at most 50 characters (e.g. on-time-delivery, ppm)"),
            (3, "periodEnd", "2025-12-31", "badPeriod", "the period ends before it starts"),
            (4, "Value", "abc", "badNumber", "the value must be a number with a dot as decimal separator (e.g. 98.5)"),
            (6, "periodStart", "2026-01-01", "duplicate", "the same customer, measure and period start is on line 5"),
            (7, "periodStart", Long70, "badDate", "not a date yyyy-MM-dd"),
        ];
        Assert.Equal(expected, issues);

        Assert.Equal($"line 1, column 6: unknown column '{Long70}'; the columns are customer, measure, periodStart, periodEnd, value",
            await HeaderProblemAsync(admin, "/api/v1/customer-measures/import", $"customer,measure,periodStart,periodEnd,value,{Long70}\n"));
        Assert.Equal("line 1, column 2: column 'CUSTOMER' appears twice",
            await HeaderProblemAsync(admin, "/api/v1/customer-measures/import", "customer,CUSTOMER,measure,periodStart,periodEnd,value\n"));
        Assert.Equal("line 1: the header lacks the required column(s) periodend, value",
            await HeaderProblemAsync(admin, "/api/v1/customer-measures/import", "customer,measure,periodStart\n"));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task GroupImport_EveryMessageAsBefore(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var unit = await IndirectMeasuresApiTests.UnitCodeAsync(app, await app.AddUnitAsync(home.Id));
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var file = "Unit,segment,measure,periodStart,periodEnd,value\n"
            + ",,,x,,\n"
            + $"NOPE,{new string('s', 101)},{Measure51},2026-01-01,2025-12-31,1,extra\n"
            + $"{unit},,ppm,2026-01-01,2026-03-31,abc\n"
            + $"{unit},,ppm,2026-01-01,2026-03-31,1\n"
            + $"{unit},,ppm,2026-01-01,2026-03-31,2\n"
            + $"{unit},,ppm,{Long70},2026-03-31,1\n";
        var issues = await IssuesAsync(admin, "/api/v1/group-measures/import", file);
        (int, string, string?, string, string)[] expected =
        [
            (2, "measure", "", "required", "the measure key is required (e.g. market-share, returning-customers)"),
            (2, "periodStart", "x", "badDate", "not a date yyyy-MM-dd"),
            (2, "periodEnd", "", "required", "periodEnd is required (yyyy-MM-dd)"),
            (2, "value", "", "required", "the value is required"),
            (3, "", null, "rowTooWide", "the row has more cells than the header has columns"),
            (3, "Unit", "NOPE", "unknownUnit", "no unit with this code in your units"),
            (3, "segment", new string('s', 60) + "…", "badSegment", "the segment is at most 100 characters"),
            (3, "measure", Measure51, "badMeasure", "the measure key is lower-case letters, digits and hyphens, at most 50 characters (e.g. market-share)"),
            (3, "periodEnd", "2025-12-31", "badPeriod", "the period ends before it starts"),
            (4, "value", "abc", "badNumber", "the value must be a number with a dot as decimal separator (e.g. 12.5)"),
            (6, "periodStart", "2026-01-01", "duplicate", "the same unit, segment, measure and period start is on line 5"),
            (7, "periodStart", Clipped, "badDate", "not a date yyyy-MM-dd"),
        ];
        Assert.Equal(expected, issues);

        Assert.Equal($"line 1, column 7: unknown column '{Clipped}'; the columns are unit, segment, measure, periodStart, periodEnd, value",
            await HeaderProblemAsync(admin, "/api/v1/group-measures/import", $"unit,segment,measure,periodStart,periodEnd,value,{Long70}\n"));
        Assert.Equal("line 1, column 2: column 'UNIT' appears twice",
            await HeaderProblemAsync(admin, "/api/v1/group-measures/import", "unit,UNIT,segment,measure,periodStart,periodEnd,value\n"));
        Assert.Equal("line 1: the header lacks the required column(s) segment, value",
            await HeaderProblemAsync(admin, "/api/v1/group-measures/import", "unit,measure,periodStart,periodEnd\n"));
    }

    private static async Task<List<(int, string, string?, string, string)>> IssuesAsync(HttpClient client, string path, string file)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), Csv(file));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        return report.GetProperty("issues").EnumerateArray().Select(i => (
            i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString()!,
            i.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null,
            i.GetProperty("reasonCode").GetString()!, i.GetProperty("reason").GetString()!)).ToList();
    }

    private static async Task<string> HeaderProblemAsync(HttpClient client, string path, string file)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), Csv(file));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString()!;
    }
}
