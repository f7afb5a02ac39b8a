using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Customers;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Reports.ReportsApiTests;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>Group measures: dry run writes nothing, bad rows carry line/column/reason, a refused file writes nothing, acceptGoodRows
/// writes the good rows, re-import replaces by (unit, segment, measure, periodStart), unit scope on import, list and delete; the JSON
/// batches validate like the files; a churn event that is the latest figure sets the customer's status to Lost (audited).</summary>
[Collection(IndirectMeasuresGroup.Name)]
public class IndirectMeasuresApiTests(IndirectMeasuresFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task GroupImport_DryRunCommitReimportScopeAndDelete(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var mine = await app.AddUnitAsync(home.Id);
        var theirs = await app.AddUnitAsync(home.Id);
        var mineCode = await UnitCodeAsync(app, mine);
        var theirsCode = await UnitCodeAsync(app, theirs);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var file = "unit,segment,measure,periodStart,periodEnd,value\n"
            + $"{mineCode},,market-share,2027-01-01,2027-03-31,12.5\n"
            + $"{mineCode},key-account,returning-customers,2027-01-01,2027-03-31,40\n"
            + $"NOPE,,market-share,2027-01-01,2027-03-31,1\n"
            + $"{mineCode},,Market Share,2027-01-01,2027-03-31,1\n"
            + $"{mineCode},,market-share,2027-04-01,2027-03-01,1\n"
            + $"{mineCode},,market-share,2027-04-01,2027-06-30,1,5\n"
            + $"{mineCode},,market-share,2027-01-01,2027-03-31,13\n";
        using (var dry = await admin.PostAsync(new Uri("/api/v1/group-measures/import", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var report = await dry.JsonAsync();
            Assert.False(report.GetProperty("committed").GetBoolean());
            Assert.Equal(2, report.GetProperty("new").GetInt32());
            Assert.Equal(5, report.GetProperty("bad").GetInt32());
            var issues = report.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString(), i.GetProperty("reasonCode").GetString())).ToList();
            Assert.Contains((4, "unit", "unknownUnit"), issues);
            Assert.Contains((5, "measure", "badMeasure"), issues);
            Assert.Contains((6, "periodEnd", "badPeriod"), issues);
            Assert.Contains((7, "", "rowTooWide"), issues);
            Assert.Contains((8, "periodStart", "duplicate"), issues);
        }
        Assert.Equal(0, await CountAsync(admin, mineCode));
        using (var refused = await admin.PostAsync(new Uri("/api/v1/group-measures/import?mode=commit", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }
        Assert.Equal(0, await CountAsync(admin, mineCode));
        using (var accepted = await admin.PostAsync(new Uri("/api/v1/group-measures/import?mode=commit&acceptGoodRows=true", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal(2, (await accepted.JsonAsync()).GetProperty("new").GetInt32());
        }
        Assert.Equal(2, await CountAsync(admin, mineCode));

        // Re-import the same keys: replaced, not added; a JSON batch validates the same way.
        var again = "unit,segment,measure,periodStart,periodEnd,value\n"
            + $"{mineCode},,market-share,2027-01-01,2027-03-31,14\n"
            + $"{mineCode},key-account,returning-customers,2027-01-01,2027-03-31,40\n"
            + $"{theirsCode},,market-share,2027-01-01,2027-03-31,9\n";
        using (var reimport = await admin.PostAsync(new Uri("/api/v1/group-measures/import?mode=commit", UriKind.Relative), Csv(again)))
        {
            Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
            var report = await reimport.JsonAsync();
            Assert.Equal((1, 1, 1), (report.GetProperty("new").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32()));
        }
        using (var list = await admin.GetAsync(new Uri($"/api/v1/group-measures?unit={mineCode}&measure=market-share", UriKind.Relative)))
        {
            var page = await list.JsonAsync();
            Assert.Equal(1, page.GetProperty("total").GetInt32());
            Assert.Equal(14, page.GetProperty("items")[0].GetProperty("value").GetDouble());
        }
        using (var batch = await admin.PostAsJsonAsync(new Uri("/api/v1/group-measures?mode=commit", UriKind.Relative),
            new { items = new object[] { new { unit = mineCode, measure = "market-share", periodStart = "2027-04-01", periodEnd = "2027-06-30", value = 15.5 }, new { unit = mineCode, measure = "market-share", periodStart = "x" } } }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, batch.StatusCode);
            var issues = (await batch.JsonAsync()).GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString())).ToList();
            Assert.Contains((2, "periodStart"), issues);
            Assert.Contains((2, "value"), issues);
        }
        using (var empty = await admin.PostAsJsonAsync(new Uri("/api/v1/group-measures", UriKind.Relative), new { items = Array.Empty<object>() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("items", await empty.ErrorFieldsAsync());
        }

        // A unit manager of "mine": sees only its unit's rows, may not import for the other unit or the organisation, gets 404 deleting theirs.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine);
        Assert.Equal(2, await CountAsync(manager, null));
        Assert.Equal(0, await CountAsync(manager, theirsCode));
        var foreign = "unit,segment,measure,periodStart,periodEnd,value\n"
            + $"{theirsCode},,market-share,2027-04-01,2027-06-30,1\n"
            + ",,market-share,2027-04-01,2027-06-30,1\n";
        using (var refused = await manager.PostAsync(new Uri("/api/v1/group-measures/import", UriKind.Relative), Csv(foreign)))
        {
            var issues = (await refused.JsonAsync()).GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("reasonCode").GetString())).ToList();
            Assert.Equal([(2, "unknownUnit"), (3, "unknownUnit")], issues);
        }
        var theirsId = await IdAsync(admin, theirsCode);
        using (var notFound = await manager.DeleteAsync(new Uri($"/api/v1/group-measures/{theirsId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }
        using (var deleted = await admin.DeleteAsync(new Uri($"/api/v1/group-measures/{theirsId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        Assert.Equal(0, await CountAsync(admin, theirsCode));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "group-measure.delete" && a.Subject == theirsId));
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using var forbidden = await viewer.PostAsync(new Uri("/api/v1/group-measures/import", UriKind.Relative), Csv(again));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CustomerBatch_ChurnEventAsLatestFigureSetsLost(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var lost = await AddCustomerAsync(app, home.Id, "Lost");
        var back = await AddCustomerAsync(app, home.Id, "Came back");
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var items = new object[]
        {
            new { customer = lost.Code, measure = "sales", periodStart = "2028-01-01", periodEnd = "2028-03-31", value = 100.0 },
            new { customer = lost.Code, measure = "churn", periodStart = "2028-04-01", periodEnd = "2028-06-30", value = 1.0 },
            new { customer = back.Code, measure = "churn", periodStart = "2028-01-01", periodEnd = "2028-03-31", value = 1.0 },
            new { customer = back.Code, measure = "sales", periodStart = "2028-04-01", periodEnd = "2028-06-30", value = 50.0 },
        };
        using (var dry = await admin.PostAsJsonAsync(new Uri("/api/v1/customer-measures", UriKind.Relative), new { items }))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            Assert.Equal(4, (await dry.JsonAsync()).GetProperty("new").GetInt32());
        }
        Assert.Equal(CustomerStatus.Active, await StatusAsync(app, lost.Id));
        using (var commit = await admin.PostAsJsonAsync(new Uri("/api/v1/customer-measures?mode=commit", UriKind.Relative), new { items }))
        {
            Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        }
        Assert.Equal(CustomerStatus.Lost, await StatusAsync(app, lost.Id));
        Assert.Equal(CustomerStatus.Active, await StatusAsync(app, back.Id));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var subject = lost.Id.ToString("D");
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "customer.update" && a.Subject == subject));
    }

    internal static async Task<string> UnitCodeAsync(ManyiWebFactory app, Guid unitId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Units.Where(u => u.Id == unitId).Select(u => u.Code).SingleAsync();
    }

    private static async Task<CustomerStatus> StatusAsync(ManyiWebFactory app, Guid customerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Customers.Where(c => c.Id == customerId).Select(c => c.Status).SingleAsync();
    }

    private static async Task<int> CountAsync(HttpClient client, string? unit)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/group-measures?from=2027-01-01&to=2027-12-31" + (unit is null ? "" : "&unit=" + unit), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("total").GetInt32();
    }

    private static async Task<string> IdAsync(HttpClient client, string unit)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/group-measures?unit=" + unit, UriKind.Relative));
        return (await response.JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
    }
}
