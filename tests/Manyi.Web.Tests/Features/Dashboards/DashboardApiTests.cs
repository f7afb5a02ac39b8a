using System.Net;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Cases;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Dashboards;

/// <summary>
/// GET /api/v1/dashboard and the home page per role on a fresh app (the main questionnaire is the one with the most responses in
/// the whole database, so this test owns its app). Expected figures by hand below.
/// </summary>
public sealed class DashboardApiTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Dashboard_ShowsEachRoleItsParts_WithinItsUnits(DatabaseProvider provider)
    {
        Database.SkipIfUnavailable(provider);
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var a = await CaseTestData.UnitAsync(app, "DASH-A");
        var b = await CaseTestData.UnitAsync(app, "DASH-B");
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 3);
        // Unit A, n = 4: NPS answers 10, 9, 7, 3 → 2 promoters, 1 detractor → NPS = (2 − 1) / 4 = 25.
        // CSAT 5, 4, 3, 2 → top two boxes 2 of 4 = 50 (percent). Items constant: q1 = 5, q2 = 4, q3 = 3, q4 = 1 → scores 100, 75, 50, 0
        // → index = 0.4·100 + 0.3·75 + 0.2·50 + 0.1·0 = 72.5.
        int[] npsA = [10, 9, 7, 3];
        int[] csatA = [5, 4, 3, 2];
        await app.AddResponsesAsync(wave, npsA.Select((n, i) => new SeedResponse(Cells(("recommend", n), ("satisfaction", csatA[i]), ("q1", 5), ("q2", 4), ("q3", 3), ("q4", 1)), a.Id)));
        // Unit B, n = 2 (< minimum n 3): suppressed in the ranking. Both detractors.
        await app.AddResponsesAsync(wave, new[] { 0, 0 }.Select(n => new SeedResponse(Cells(("recommend", n), ("satisfaction", 1), ("q1", 1), ("q2", 1), ("q3", 1), ("q4", 1)), b.Id)));

        var (handlerClient, handlerId, _) = await CaseTestData.UserAsync(app, Roles.CaseHandler);
        var now = DateTimeOffset.UtcNow;
        var alertA = await CaseAsync(app, a.Id, CaseKind.Alert, "<script>alert(1)</script> 低分", handlerId, now.AddHours(-1));
        await CaseAsync(app, b.Id, CaseKind.Alert, "B 的预警", null, now.AddHours(-1));

        // Unit manager of A: the trend and ranking over A only; A's alert and breach, not B's.
        var (manager, _, _) = await CaseTestData.UserAsync(app, Roles.UnitManager, a.Id);
        var m = await DashboardAsync(manager);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("handler").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("analyst").ValueKind);
        var part = m.GetProperty("manager");
        var point = Assert.Single(part.GetProperty("trend").EnumerateArray());
        Assert.Equal(4, point.GetProperty("n").GetInt64());
        Assert.Equal(25, point.GetProperty("nps").GetDouble(), 6);
        Assert.Equal(50, point.GetProperty("csat").GetDouble(), 6);
        Assert.Equal(72.5, point.GetProperty("index").GetDouble(), 6);
        var npsCi = point.GetProperty("npsInterval");
        Assert.True(npsCi.GetProperty("low").GetDouble() < 25 && npsCi.GetProperty("high").GetDouble() > 25);
        var rankA = Assert.Single(part.GetProperty("units").EnumerateArray());
        Assert.Equal(a.Id, rankA.GetProperty("unitId").GetGuid());
        Assert.Equal(1, rankA.GetProperty("rank").GetInt32());
        Assert.Equal(1, part.GetProperty("openAlerts").GetInt32());
        Assert.Equal(alertA, Assert.Single(part.GetProperty("alerts").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(1, part.GetProperty("slaBreaches").GetInt32());

        // Administrator: manager and analyst parts over everything. NPS over 6: 2 promoters, 3 detractors → −16.67; B suppressed.
        var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var d = await DashboardAsync(admin);
        Assert.Equal(JsonValueKind.Null, d.GetProperty("handler").ValueKind);
        var all = Assert.Single(d.GetProperty("manager").GetProperty("trend").EnumerateArray());
        Assert.Equal(6, all.GetProperty("n").GetInt64());
        Assert.Equal(-100.0 / 6, all.GetProperty("nps").GetDouble(), 6);
        var ranks = d.GetProperty("manager").GetProperty("units").EnumerateArray().ToList();
        Assert.Equal([a.Id, b.Id], ranks.Select(r => r.GetProperty("unitId").GetGuid()));
        Assert.True(ranks[1].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ranks[1].GetProperty("index").ValueKind);
        Assert.Equal(2, d.GetProperty("manager").GetProperty("openAlerts").GetInt32());
        var active = Assert.Single(d.GetProperty("analyst").GetProperty("waves").EnumerateArray());
        Assert.Equal(6, active.GetProperty("responses").GetInt64());
        Assert.Equal($"/analysis/{wave.Id}/overview", active.GetProperty("analysisUrl").GetString());

        // Handler: my cases by due time, overdue marked.
        var h = await DashboardAsync(handlerClient);
        Assert.Equal(JsonValueKind.Null, h.GetProperty("manager").ValueKind);
        var mine = h.GetProperty("handler");
        Assert.Equal((1, 1), (mine.GetProperty("open").GetInt32(), mine.GetProperty("overdue").GetInt32()));
        var line = Assert.Single(mine.GetProperty("cases").EnumerateArray());
        Assert.True(line.GetProperty("overdue").GetBoolean());
        Assert.Equal("resolution", line.GetProperty("breach").GetString());

        // Analyst: the active waves only.
        var analyst = await DashboardAsync(await app.CreateClientAsAsync(Roles.Analyst));
        Assert.Equal(JsonValueKind.Null, analyst.GetProperty("manager").ValueKind);
        Assert.Single(analyst.GetProperty("analyst").GetProperty("waves").EnumerateArray());

        // The home page: free text encoded, the numbers in the tables.
        var home = await manager.GetStringAsync(WaveData.Url("/"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", home, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", home, StringComparison.Ordinal);
        Assert.Contains("id=\"table-trend\"", home, StringComparison.Ordinal);
        Assert.Contains("72.5", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(WaveData.Url("/api/v1/dashboard"))).StatusCode);
    }

    private static async Task<JsonElement> DashboardAsync(HttpClient client)
    {
        var response = await client.GetAsync(WaveData.Url("/api/v1/dashboard"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await WaveData.JsonOf(response);
    }

    private static async Task<Guid> CaseAsync(ManyiWebFactory app, Guid unitId, CaseKind kind, string subject, Guid? owner, DateTimeOffset resolutionDue)
    {
        var organisationId = await CaseTestData.OrganisationAsync(app);
        var id = Guid.NewGuid();
        var received = resolutionDue.AddHours(-8);
        await CaseTestData.DbAsync(app, async db =>
        {
            db.Cases.Add(new Case
            {
                Id = id, OrganisationId = organisationId, Number = "D" + id.ToString("N")[..10], Kind = kind, Channel = "survey", Status = CaseStatus.InProgress,
                UnitId = unitId, Subject = subject, OwnerId = owner, ReceivedAt = received, ClockStartedAt = received,
                FirstResponseDueAt = received.AddHours(1), FirstRespondedAt = received.AddMinutes(30), ResolutionDueAt = resolutionDue,
                CreatedAt = received, UpdatedAt = received,
            });
            await db.SaveChangesAsync();
        });
        return id;
    }
}
