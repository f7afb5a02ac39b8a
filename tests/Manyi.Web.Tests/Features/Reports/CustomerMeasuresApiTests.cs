using System.Net;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Reports.ReportsApiTests;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>Import and list of customer measures: dry run writes nothing, bad lines carry reason codes, a refused file writes
/// nothing, acceptGoodRows writes the good ones, re-import updates by customer/measure/periodStart, unit scope on the list.</summary>
[Collection(ReportsGroup.Name)]
public class CustomerMeasuresApiTests(ReportsFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_DryRunCommitReimportAndReasonCodes(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var other = await app.AddUnitAsync(home.Id);
        var customer = await AddCustomerAsync(app, home.Id, "Alpha");
        var elsewhere = await AddCustomerAsync(app, other, "Gamma");
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var file = "customer,measure,periodStart,periodEnd,value\n"
            + $"{customer.Code},on-time-delivery,2026-01-01,2026-03-31,96.5\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,150\n"
            + $"NOPE,ppm,2026-01-01,2026-03-31,1\n"
            + $"{customer.Code},PPM!,2026-01-01,2026-03-31,1\n"
            + $"{customer.Code},ppm,2026-04-01,2026-03-01,1\n"
            + $"{customer.Code},ppm,2026-04-01,2026-06-30,abc\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,160\n";

        using (var dry = await admin.PostAsync(new Uri("/api/v1/customer-measures/import", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var report = await dry.JsonAsync();
            Assert.False(report.GetProperty("committed").GetBoolean());
            Assert.Equal(2, report.GetProperty("new").GetInt32());
            Assert.Equal(5, report.GetProperty("bad").GetInt32());
            var codes = report.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("reasonCode").GetString())).ToList();
            Assert.Contains((4, "unknownCustomer"), codes);
            Assert.Contains((5, "badMeasure"), codes);
            Assert.Contains((6, "badPeriod"), codes);
            Assert.Contains((7, "badNumber"), codes);
            Assert.Contains((8, "duplicate"), codes);
        }
        Assert.Equal(0, await CountAsync(admin, customer.Code));
        using (var refused = await admin.PostAsync(new Uri("/api/v1/customer-measures/import?mode=commit", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }
        Assert.Equal(0, await CountAsync(admin, customer.Code));
        using (var accepted = await admin.PostAsync(new Uri("/api/v1/customer-measures/import?mode=commit&acceptGoodRows=true", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal(2, (await accepted.JsonAsync()).GetProperty("new").GetInt32());
        }
        Assert.Equal(2, await CountAsync(admin, customer.Code));

        // Re-import: the same customer, measure and period start is updated, not added.
        var again = "customer,measure,periodStart,periodEnd,value\n"
            + $"{customer.Code},ppm,2026-01-01,2026-03-31,140\n"
            + $"{customer.Code},on-time-delivery,2026-01-01,2026-03-31,96.5\n"
            + $"{elsewhere.Code},ppm,2026-01-01,2026-03-31,10\n";
        using (var reimport = await admin.PostAsync(new Uri("/api/v1/customer-measures/import?mode=commit", UriKind.Relative), Csv(again)))
        {
            Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
            var report = await reimport.JsonAsync();
            Assert.Equal(1, report.GetProperty("new").GetInt32());
            Assert.Equal(1, report.GetProperty("updated").GetInt32());
            Assert.Equal(1, report.GetProperty("unchanged").GetInt32());
        }
        using (var list = await admin.GetAsync(new Uri($"/api/v1/customer-measures?customer={customer.Code}&measure=ppm", UriKind.Relative)))
        {
            var page = await list.JsonAsync();
            Assert.Equal(1, page.GetProperty("total").GetInt32());
            Assert.Equal(140, page.GetProperty("items")[0].GetProperty("value").GetDouble());
        }

        // A unit manager of the other unit lists only its customers' measures; bad query values name the field.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, other);
        Assert.Equal(0, await CountAsync(manager, customer.Code));
        Assert.Equal(1, await CountAsync(manager, elsewhere.Code));
        using var bad = await admin.GetAsync(new Uri("/api/v1/customer-measures?from=yesterday&pageSize=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = await bad.ErrorFieldsAsync();
        Assert.Contains("from", fields);
        Assert.Contains("pageSize", fields);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using var forbidden = await viewer.PostAsync(new Uri("/api/v1/customer-measures/import", UriKind.Relative), Csv(again));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static async Task<int> CountAsync(HttpClient client, string code)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/customer-measures?customer={code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("total").GetInt32();
    }
}
