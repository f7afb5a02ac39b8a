using System.Net;
using System.Text;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Results;

[Collection(ResultsGroup.Name)]
public class ResultsApiTests(ResultsFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>
    /// Ten responses worked out by hand (branch A: six, branch B: four; two of A by kiosk).
    /// recommend 10 9 9 8 7 6 5 10 3 9 → promoters (9–10) 5, passives (7–8) 2, detractors (0–6) 3 → NPS = 100·(5 − 3)/10 = 20.
    /// satisfaction 5 4 4 3 2 5 5 1 4 3 → top-2 (4, 5) = 6 of 10 → CSAT 60 %.
    /// q1 5 5 4 4 3 3 2 2 1 1 → mean 3, score 100·(3 − 1)/4 = 50; q3 all 5 → score 100; q2 answered 3 times (&lt; minimum n 5) → suppressed;
    /// q4 never answered. Index over i1 0.4, i2 0.3, i3 0.2, i4 0.1 with i2 and i4 missing: (0.4·50 + 0.2·100)/(0.4 + 0.2) = 66.67.
    /// Margin of error, population 100, n 10, p 0.5, 95 %: 1.959964·√(0.25/10 · 90/99) (Cochran 1977 with FPC) = 0.29551.
    /// </summary>
    private static async Task<(Wave Wave, Guid BranchA, Guid BranchB)> HandWaveAsync(ManyiWebFactory app)
    {
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var plan = new SamplePlan { Confidence = 0.95, Population = 100, TargetResponses = 40, Strata = [new SampleStratum { Segment = "residential", Allocated = 25, Population = 60 }, new SampleStratum { Segment = "commercial", Allocated = 15, Population = 40 }] };
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), plan);
        int[] nps = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9];
        int[] csat = [5, 4, 4, 3, 2, 5, 5, 1, 4, 3];
        int[] q1 = [5, 5, 4, 4, 3, 3, 2, 2, 1, 1];
        var responses = new List<SeedResponse>();
        for (var i = 0; i < 10; i++)
        {
            var unit = i < 6 ? a : b;
            // Responses 0–3 are residential customers of A (0 and 1 answered an invitation), 4–9 commercial.
            var customer = await app.AddCustomerAsync(unit, i < 4 ? "residential" : "commercial");
            Guid? invitation = i < 2 ? await app.AddInvitationAsync(wave, customer, InvitationStatus.Responded) : null;
            responses.Add(new SeedResponse(
                Cells(("recommend", nps[i]), ("recommend.why", i == 0 ? "=HYPERLINK(\"http://x\")" : null), ("satisfaction", csat[i]), ("q1", q1[i]), ("q2", i < 3 ? 4 : null), ("q3", 5)),
                unit, customer, i is 4 or 5 ? ResponseChannel.Kiosk : ResponseChannel.Link, invitation));
        }
        // Two more residential invitations that went out (one e-mail sent, one personal link handed out), one that failed, one e-mail not yet sent.
        await app.AddInvitationAsync(wave, await app.AddCustomerAsync(a, "residential"), InvitationStatus.Sent);
        await app.AddInvitationAsync(wave, await app.AddCustomerAsync(a, "residential"), InvitationStatus.Pending, InvitationChannel.Link);
        await app.AddInvitationAsync(wave, await app.AddCustomerAsync(a, "residential"), InvitationStatus.Failed);
        await app.AddInvitationAsync(wave, await app.AddCustomerAsync(a, "residential"), InvitationStatus.Pending);
        await app.AddResponsesAsync(wave, responses);
        return (wave, a, b);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task GetResults_HandWorkedWave_GivesTheHandFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, _) = await HandWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var response = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/results"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = await response.JsonAsync();

        Assert.Equal(10, r.GetProperty("responses").GetInt64());
        Assert.Equal(40, r.GetProperty("targetResponses").GetInt32());
        Assert.Equal(0.25, r.GetProperty("targetProgress").GetDouble(), 12);
        Assert.Equal(1.959963984540054 * Math.Sqrt(0.25 / 10 * 90 / 99), r.GetProperty("marginOfError").GetDouble(), 9);

        var nps = Assert.Single(r.GetProperty("nps").EnumerateArray().ToList());
        Assert.Equal(5, nps.GetProperty("promoters").GetInt64());
        Assert.Equal(2, nps.GetProperty("passives").GetInt64());
        Assert.Equal(3, nps.GetProperty("detractors").GetInt64());
        Assert.Equal(20, nps.GetProperty("nps").GetDouble(), 9);
        var csat = Assert.Single(r.GetProperty("csat").EnumerateArray().ToList());
        Assert.Equal(60, csat.GetProperty("csat").GetDouble(), 9);

        var items = r.GetProperty("questions").EnumerateArray().SelectMany(q => q.GetProperty("items").EnumerateArray()).ToDictionary(i => i.GetProperty("cell").GetString()!);
        Assert.Equal(3, items["q1"].GetProperty("mean").GetDouble(), 12);
        Assert.Equal(50, items["q1"].GetProperty("score").GetDouble(), 12);
        Assert.True(items["q2"].GetProperty("suppressed").GetBoolean());
        Assert.Equal(3, items["q2"].GetProperty("n").GetInt64());
        Assert.Equal(JsonValueKind.Null, items["q2"].GetProperty("mean").ValueKind);
        Assert.Equal(10, items["q4"].GetProperty("missing").GetInt64());

        var index = r.GetProperty("index");
        Assert.Equal("indicator-system", index.GetProperty("method").GetString());
        Assert.Equal((0.4 * 50 + 0.2 * 100) / 0.6, index.GetProperty("score").GetDouble(), 9);
        Assert.Equal(["i2", "i4"], index.GetProperty("excluded").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));

        // Invitations that went out: 2 responded + 1 sent + 1 personal link = 4 (the failed one and the unsent e-mail do not count);
        // all residential; 2 answered → response rate 50 %. Commercial: 6 responses, no invitations, allocated 15.
        Assert.Equal(4, r.GetProperty("invitations").GetInt64());
        Assert.Equal(0.5, r.GetProperty("responseRate").GetDouble(), 12);
        var segments = r.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!);
        Assert.Equal(4, segments["residential"].GetProperty("responses").GetInt64());
        Assert.Equal(0.5, segments["residential"].GetProperty("responseRate").GetDouble(), 12);
        Assert.Equal(25, segments["residential"].GetProperty("allocated").GetInt32());
        Assert.Equal(6, segments["commercial"].GetProperty("responses").GetInt64());
        Assert.Equal(JsonValueKind.Null, segments["commercial"].GetProperty("responseRate").ValueKind);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task GetResults_Filters_NarrowTheResponsesAndBadValuesAreRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, a, _) = await HandWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<JsonElement> Get(string query)
        {
            using var response = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/results?{query}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.JsonAsync();
        }
        Assert.Equal(6, (await Get($"unitId={a}")).GetProperty("responses").GetInt64());
        Assert.Equal(4, (await Get("segment=residential")).GetProperty("responses").GetInt64());
        Assert.Equal(2, (await Get("channel=kiosk")).GetProperty("responses").GetInt64());
        // Responses were submitted from one hour ago, a minute apart: a window far in the future holds none; and n = 0 suppresses the NPS.
        var none = await Get("from=2100-01-01&to=2100-02-01");
        Assert.Equal(0, none.GetProperty("responses").GetInt64());
        Assert.True(none.GetProperty("nps")[0].GetProperty("suppressed").GetBoolean());
        Assert.Equal(10, (await Get("from=2000-01-01")).GetProperty("responses").GetInt64());

        foreach (var (query, field) in new[] { ("channel=kiosk'%20OR%201=1--", "channel"), ("channel=3", "channel"), ("from=yesterday", "from"), ("unitId=x", "unitId"), ("from=2026-02-01&to=2026-01-01", "to") })
        {
            using var bad = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/results?{query}"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(field, await bad.ErrorFieldsAsync());
        }
        // A segment is compared as a value, never pasted into SQL: an injection attempt matches nothing and changes nothing.
        Assert.Equal(0, (await Get("segment=" + Uri.EscapeDataString("x' OR '1'='1"))).GetProperty("responses").GetInt64());
        Assert.Equal(10, (await Get(string.Empty)).GetProperty("responses").GetInt64());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task GetResults_UnitManager_SeesOnlyTheirUnitsAnd404Otherwise(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, a, b) = await HandWaveAsync(app);
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        using var mine = await managerOfB.GetAsync(Url($"/api/v1/waves/{wave.Id}/results"));
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var r = await mine.JsonAsync();
        // Branch B holds responses 6–9: n = 4 < minimum n 5, so NPS is suppressed.
        Assert.Equal(4, r.GetProperty("responses").GetInt64());
        Assert.True(r.GetProperty("nps")[0].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("nps")[0].GetProperty("nps").ValueKind);

        using var otherUnit = await managerOfB.GetAsync(Url($"/api/v1/waves/{wave.Id}/results?unitId={a}"));
        Assert.Equal(HttpStatusCode.NotFound, otherUnit.StatusCode);
        using var unknown = await managerOfB.GetAsync(Url($"/api/v1/waves/{Guid.NewGuid()}/results"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // A wave of branch A is not branch B's manager's at all.
        var waveOfA = await app.AddWaveAsync(ScoresQuestionnaire(), waveUnitId: a);
        using var notMine = await managerOfB.GetAsync(Url($"/api/v1/waves/{waveOfA.Id}/results"));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);

        // A wave of another organisation is 404 even for an administrator of the first.
        var (otherOrganisation, otherUnitId, _, _) = await app.OtherOrganisationAsync();
        var foreign = await app.AddWaveAsync(ScoresQuestionnaire());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            await db.Waves.Where(w => w.Id == foreign.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.OrganisationId, otherOrganisation).SetProperty(w => w.UnitId, otherUnitId));
        }
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        using var foreignResults = await admin.GetAsync(Url($"/api/v1/waves/{foreign.Id}/results"));
        Assert.Equal(HttpStatusCode.NotFound, foreignResults.StatusCode);
        using var foreignExport = await admin.GetAsync(Url($"/api/v1/waves/{foreign.Id}/responses/export"));
        Assert.Equal(HttpStatusCode.NotFound, foreignExport.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Export_CsvAndXlsx_OneRowPerResponseEveryCellGuardedAndAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, _) = await HandWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var csv = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/responses/export?format=csv"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("response_id,submitted_at,channel,customer,segment,unit,staff,recommend,recommend.why,satisfaction,q1,q2,q3,q4", lines[0]);
        Assert.Equal(11, lines.Length);
        // The first response (oldest) holds the formula: exported behind an apostrophe, quoted because it contains quotes and a comma-free text.
        Assert.Contains("'=HYPERLINK", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains(",=", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));
        Assert.EndsWith(",10,\"'=HYPERLINK(\"\"http://x\"\")\",5,5,4,5,", lines[1], StringComparison.Ordinal);

        using var xlsx = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/responses/export?format=xlsx"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(10, rows.Count);
        Assert.Equal(10.0, Convert.ToDouble(rows[0]["recommend"], System.Globalization.CultureInfo.InvariantCulture));

        using var bad = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/responses/export?format=pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("format", await bad.ErrorFieldsAsync());
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using var refused = await viewer.GetAsync(Url($"/api/v1/waves/{wave.Id}/responses/export"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var subject = "wave:" + wave.Id.ToString("D");
        var audits = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "responses.export" && e.Subject == subject).Select(e => e.Details).ToListAsync();
        Assert.Equal(["format=csv rows=10 filters=none", "format=xlsx rows=10 filters=none"], audits.Order(StringComparer.Ordinal));
    }
}
