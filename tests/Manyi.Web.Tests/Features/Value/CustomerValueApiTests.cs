using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Reports.ReportsApiTests;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>Customer value K from the indirect measures on a hand example, for each basis; the policy's ETag; organisation-wide only.</summary>
[Collection(IndirectMeasuresGroup.Name)]
public class CustomerValueApiTests(IndirectMeasuresFixture fixture)
{
    private const double Tolerance = 0.005;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Compute_EachBasisOnAHandExample(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await AddCustomerAsync(app, home.Id, "A");
        var b = await AddCustomerAsync(app, home.Id, "B");
        var c = await AddCustomerAsync(app, home.Id, "C");
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        // Window 2031-01-01..2031-12-31 (12 months ending at asOf); 2030 is the previous window of the measured retention.
        var file = "customer,measure,periodStart,periodEnd,value\n"
            + $"{a.Code},sales,2031-01-01,2031-03-31,100\n"
            + $"{a.Code},sales,2031-04-01,2031-06-30,200\n"
            + $"{a.Code},profit,2031-01-01,2031-03-31,30\n"
            + $"{a.Code},profit,2031-04-01,2031-06-30,-10\n"
            + $"{a.Code},sales,2030-10-01,2030-12-31,999\n"
            + $"{b.Code},sales,2031-07-01,2031-09-30,50\n"
            + $"{b.Code},profit,2031-07-01,2031-09-30,40\n"
            + $"{c.Code},sales,2030-04-01,2030-06-30,10\n";
        using (var import = await admin.PostAsync(new Uri("/api/v1/customer-measures/import?mode=commit", UriKind.Relative), Csv(file)))
        {
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }

        // Revenue: K = Σ sales in the window. A = 100 + 200 = 300 (the 999 of 2030 is outside), B = 50; C has no 2031 figure.
        await PutPolicyAsync(admin, "revenue", null, 0.08, 3);
        var dry = await ComputeAsync(admin, "dry-run");
        Assert.False(dry.GetProperty("committed").GetBoolean());
        Assert.Equal(2, dry.GetProperty("customers").GetInt32());
        Assert.Equal(350m, dry.GetProperty("total").GetDecimal());
        Assert.Equal(50m, dry.GetProperty("min").GetDecimal());
        Assert.Equal(175m, dry.GetProperty("median").GetDecimal()); // (50 + 300) / 2
        Assert.Equal(300m, dry.GetProperty("max").GetDecimal());
        Assert.Equal("2031-01-01", dry.GetProperty("from").GetString());
        var before = await ValueAsync(admin, a.Id);
        Assert.Equal(before, await ValueAsync(admin, a.Id));
        var committed = await ComputeAsync(admin, "commit");
        Assert.True(committed.GetProperty("committed").GetBoolean());
        Assert.Equal(300m, await ValueAsync(admin, a.Id));
        Assert.Equal(50m, await ValueAsync(admin, b.Id));

        // Profit: A = 30 − 10 = 20, B = 40.
        await PutPolicyAsync(admin, "profit", null, 0.08, 3);
        await ComputeAsync(admin, "commit");
        Assert.Equal(20m, await ValueAsync(admin, a.Id));
        Assert.Equal(40m, await ValueAsync(admin, b.Id));

        // Present value with ρ = 0.5, d = 0.25, H = 2: PV = m + m·0.5/1.25 + m·0.25/1.5625 = m·(1 + 0.4 + 0.16) = 1.56·m.
        // A = 1.56·20 = 31.2, B = 1.56·40 = 62.4.
        await PutPolicyAsync(admin, "presentValue", 0.5, 0.25, 2);
        var pv = await ComputeAsync(admin, "commit");
        Assert.False(pv.GetProperty("retentionMeasured").GetBoolean());
        Assert.Equal(31.2, (double)(await ValueAsync(admin, a.Id))!, Tolerance);
        Assert.Equal(62.4, (double)(await ValueAsync(admin, b.Id))!, Tolerance);

        // Measured retention: active in 2030 = {A (999), C (10)}; of those active in 2031 = {A}: ρ = 1/2 — the same values.
        await PutPolicyAsync(admin, "presentValue", null, 0.25, 2);
        var measured = await ComputeAsync(admin, "dry-run");
        Assert.True(measured.GetProperty("retentionMeasured").GetBoolean());
        Assert.Equal(0.5, measured.GetProperty("retention").GetDouble(), 1e-12);
        Assert.Equal(93.6m, measured.GetProperty("total").GetDecimal());

        var policy = await (await admin.GetAsync(new Uri("/api/v1/customer-value/policy", UriKind.Relative))).JsonAsync();
        Assert.Equal("2031-12-31", policy.GetProperty("computedTo").GetString());
        Assert.Equal(2, policy.GetProperty("computedCustomers").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Policy_ETagValidationAndScope(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var unit = await app.AddUnitAsync(home.Id);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        using var read = await admin.GetAsync(new Uri("/api/v1/customer-value/policy", UriKind.Relative));
        var etag = read.Headers.ETag!.Tag;
        var body = Policy("profit", null, 0.08, 3);

        using (var missing = await admin.PutAsJsonAsync(new Uri("/api/v1/customer-value/policy", UriKind.Relative), body))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        }
        using (var stale = await Put(admin, body, "\"" + Guid.NewGuid() + "\""))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }
        using (var bad = await Put(admin, new { basis = "turnover", windowMonths = 0, discountRate = -1, horizonWindows = 3, standardValue = "Max", tiers = new[] { new { name = "gold", share = 0.5 } } }, etag))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var fields = await bad.ErrorFieldsAsync();
            Assert.Superset(new HashSet<string> { "basis", "windowMonths", "discountRate", "standardValue", "tiers" }, fields);
        }
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, unit);
        using (var forbidden = await Put(manager, body, etag))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        using (var forbidden = await manager.PostAsync(new Uri("/api/v1/customer-value/compute", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using (var forbidden = await Put(viewer, body, etag))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        using (var badQuery = await admin.PostAsync(new Uri("/api/v1/customer-value/compute?mode=now&asOf=soon", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
            Assert.Superset(new HashSet<string> { "mode", "asOf" }, await badQuery.ErrorFieldsAsync());
        }
    }

    private static object Policy(string basis, double? retention, double discount, int horizon) => new
    {
        basis, windowMonths = 12, discountRate = discount, horizonWindows = horizon, retentionRate = retention, standardValue = "Mean",
        tiers = new[] { new { name = "platinum", share = 0.01 }, new { name = "gold", share = 0.04 }, new { name = "iron", share = 0.15 }, new { name = "lead", share = 0.80 } },
    };

    private static async Task PutPolicyAsync(HttpClient client, string basis, double? retention, double discount, int horizon)
    {
        using var read = await client.GetAsync(new Uri("/api/v1/customer-value/policy", UriKind.Relative));
        using var put = await Put(client, Policy(basis, retention, discount, horizon), read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(read.Headers.ETag.Tag, put.Headers.ETag!.Tag);
    }

    private static async Task<HttpResponseMessage> Put(HttpClient client, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/v1/customer-value/policy", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> ComputeAsync(HttpClient client, string mode)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/customer-value/compute?mode={mode}&asOf=2031-12-31", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<decimal?> ValueAsync(HttpClient client, Guid customer)
    {
        var json = await (await client.GetAsync(new Uri($"/api/v1/customers/{customer}", UriKind.Relative))).JsonAsync();
        return json.GetProperty("value").ValueKind == JsonValueKind.Null ? null : json.GetProperty("value").GetDecimal();
    }
}
