using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Responses.ResponsesTestData;

namespace Manyi.Web.Tests.Features.Responses;

/// <summary>POST /api/v1/waves/{waveId}/responses/import: checked like every channel, nothing stored until clean or accepted, idempotent per file.</summary>
public sealed class ResponseImportTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, Guid waveId, string mode, string csv, bool bom = false, bool? acceptGoodRows = null)
    {
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "answers.csv");
        var query = $"mode={mode}" + (acceptGoodRows is { } a ? $"&acceptGoodRows={a.ToString().ToLowerInvariant()}" : string.Empty);
        return await client.PostAsync(Url($"/api/v1/waves/{waveId}/responses/import?{query}"), form);
    }

    private static async Task<HttpClient> KeyClientAsync(ManyiWebFactory app)
    {
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, "import-" + Guid.NewGuid().ToString("N")[..6], "submit-responses");
        return app.ClientWithKey(key);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task FileWithBadRows_NamesEveryBadRow_StoresNothingUntilAccepted_AndReimportStoresNothingNew(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var customer = await app.CustomerAsync(home.Id);
        var (waveId, _) = await app.NpsWaveAsync();
        using var client = await KeyClientAsync(app);
        // Line 1 header. Line 2 good; line 3 NPS 12 (0–10); line 4 satisfaction missing (required); line 5 unknown customer;
        // line 6 good with a customer and a time; line 7 bad date.
        var csv = "recommend,recommend.why,satisfaction,customer,submitted_at,external_reference\n"
            + "9,服务好,5,,,\n"
            + "12,,3,,,\n"
            + "7,,,,,\n"
            + "8,,4,NO-SUCH,,\n"
            + $"10,,5,{customer.Code},2026-11-01T08:00:00Z,T-1\n"
            + "6,,2,,yesterday,\n";

        using var dry = await ImportAsync(client, waveId, "dry-run", csv, bom: true);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await dry.JsonAsync();
        Assert.Equal(6, report.GetProperty("rows").GetInt32());
        Assert.Equal(2, report.GetProperty("new").GetInt32());
        Assert.Equal(4, report.GetProperty("bad").GetInt32());
        var issues = report.GetProperty("issues").EnumerateArray()
            .Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString(), i.GetProperty("reasonCode").GetString())).ToList();
        Assert.Equal([(3, "recommend", "out-of-scale"), (4, "satisfaction", "required"), (5, "customer", "customer-unknown"), (7, "submitted_at", "not-a-date")], issues);
        Assert.Equal(0, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));

        using var refused = await ImportAsync(client, waveId, "commit", csv, bom: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));

        using var accepted = await ImportAsync(client, waveId, "commit", csv, bom: true, acceptGoodRows: true);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var stored = await app.DbAsync(db => db.Responses.AsNoTracking().Where(r => r.WaveId == waveId).OrderBy(r => r.IdempotencyKey).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, r => Assert.Equal(ResponseChannel.Import, r.Channel));
        var withCustomer = Assert.Single(stored, r => r.CustomerId == customer.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), withCustomer.SubmittedAt);
        Assert.Equal("T-1", withCustomer.ExternalReference);
        Assert.Equal(home.Id, withCustomer.UnitId);

        using var again = await ImportAsync(client, waveId, "commit", csv, bom: true, acceptGoodRows: true);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.JsonAsync();
        Assert.Equal(0, second.GetProperty("new").GetInt32());
        Assert.Equal(2, second.GetProperty("alreadyStored").GetInt32());
        Assert.Equal(2, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CleanFile_WithoutBom_IsStoredInOneCommit_BadHeaderAndBadUploadsAreRefused(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, versionId) = await app.NpsWaveAsync();
        using var client = await KeyClientAsync(app);

        using var ok = await ImportAsync(client, waveId, "commit", "satisfaction,recommend\r\n4,9\r\n5,10\r\n3,0\r\n");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, (await ok.JsonAsync()).GetProperty("new").GetInt32());
        Assert.Equal(3, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
        Assert.True(await app.DbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == versionId).Select(v => v.HasResponses).SingleAsync()));

        using var badHeader = await ImportAsync(client, waveId, "dry-run", "recommend,satisfaction,bogus\n9,5,1\n");
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.StatusCode);
        Assert.Contains("bogus", (await badHeader.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);

        using var raw = new StringContent("recommend,satisfaction\n9,5\n", Encoding.UTF8);
        raw.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var rawBody = await client.PostAsync(Url($"/api/v1/waves/{waveId}/responses/import"), raw);
        Assert.Equal(HttpStatusCode.OK, rawBody.StatusCode);

        using var wrongType = new StringContent("x", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync(Url($"/api/v1/waves/{waveId}/responses/import"), wrongType)).StatusCode);
        using var badMode = await ImportAsync(client, waveId, "now", "recommend\n1\n");
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.True((await badMode.JsonAsync()).GetProperty("errors").TryGetProperty("mode", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync(client, Guid.NewGuid(), "dry-run", "recommend\n1\n")).StatusCode);
        Assert.Equal(3, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task SignedInBrowser_MultipartWithoutAntiforgeryToken_IsRefused(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var response = await ImportAsync(analyst, waveId, "commit", "recommend,satisfaction\n9,5\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
    }
}
