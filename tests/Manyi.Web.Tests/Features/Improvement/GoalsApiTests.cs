using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Customers;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>/api/v1/goals: status against target on hand-worked data, every status value, validation, ETag, audit, unit scope, roles, dashboard.</summary>
[Collection(GoalsGroup.Name)]
public sealed class GoalsApiTests(GoalsFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Hand example (ResultsTestData.ScoresQuestionnaire; NPS = 100·(promoters − detractors)/n; CSAT = % of 4 and 5 on 1–5; overall =
    /// mean of the CSAT answers on 0–100 = (x − 1)/4·100). Unit A, submitted in the last hour: recommend 10 9 7 3, satisfaction 5 4 3 2
    /// → NPS = 100·(2 − 1)/4 = 25, CSAT = 2/4 = 50 %, overall = (100 + 75 + 50 + 25)/4 = 62.5. Unit A, submitted 45 days ago:
    /// recommend 10 10 10 0, satisfaction 5 5 4 1 → NPS = 100·(3 − 1)/4 = 50, CSAT = 3/4 = 75 %. Unit B (all 1 and 0) is outside A.
    /// Sales of A's customers 100 and 250 in the running period (999 outside it) → 350 from 2 figures; B's customer 5000 is outside A.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Status_OnHandWorkedData_GivesEveryStatus(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 1);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        int[] nps = [10, 9, 7, 3], csat = [5, 4, 3, 2], pastNps = [10, 10, 10, 0], pastCsat = [5, 5, 4, 1];
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 4).Select(i => new SeedResponse(Cells(("recommend", nps[i]), ("satisfaction", csat[i])), a)), now.AddHours(-1));
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 4).Select(i => new SeedResponse(Cells(("recommend", pastNps[i]), ("satisfaction", pastCsat[i])), a)), now.AddDays(-45));
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 4).Select(_ => new SeedResponse(Cells(("recommend", 0), ("satisfaction", 1)), b)), now.AddHours(-1));
        var customerA1 = await app.AddCustomerAsync(a, "S");
        var customerA2 = await app.AddCustomerAsync(a, "S");
        var customerB = await app.AddCustomerAsync(b, "S");
        await WaveData.DbAsync(app, async db =>
        {
            void Figure(Guid customer, double value, DateOnly start, DateOnly end) => db.CustomerMeasures.Add(new CustomerMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, CustomerId = customer, Measure = CustomerMeasure.Sales, PeriodStart = start, PeriodEnd = end,
                Value = value, ImportedAt = now,
            });
            Figure(customerA1, 100, today.AddDays(-5), today.AddDays(-5));
            Figure(customerA2, 250, today.AddDays(-3), today);
            Figure(customerA1, 999, today.AddDays(-40), today.AddDays(-35));
            Figure(customerB, 5000, today.AddDays(-5), today);
            return await db.SaveChangesAsync();
        });

        var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var running = (Day(today.AddDays(-10)), Day(today.AddDays(10)));
        var past = (Day(today.AddDays(-60)), Day(today.AddDays(-30)));
        async Task<JsonElement> Goal(string indicator, double target, string direction, (string Start, string End) period, bool survey = true) =>
            await CreateAsync(admin, new
            {
                name = "目标 " + indicator, unitId = a, indicator, questionnaireId = survey ? wave.QuestionnaireId : (Guid?)null, target, direction,
                periodStart = period.Start, periodEnd = period.End,
            });

        var onTrack = await Goal("nps", 20, "atLeast", running);
        Assert.Equal(25, onTrack.GetProperty("value").GetDouble(), 9);
        Assert.Equal(5, onTrack.GetProperty("gap").GetDouble(), 9);
        Assert.Equal(4, onTrack.GetProperty("n").GetInt32());
        Assert.Equal("onTrack", onTrack.GetProperty("status").GetString());
        Assert.Equal(wave.Id, onTrack.GetProperty("waveId").GetGuid());

        var behind = await Goal("overall", 70, "atLeast", running);
        Assert.Equal(62.5, behind.GetProperty("value").GetDouble(), 9);
        Assert.Equal(-7.5, behind.GetProperty("gap").GetDouble(), 9);
        Assert.Equal("behind", behind.GetProperty("status").GetString());

        var met = await Goal("csat", 75, "atLeast", past);
        Assert.Equal(75, met.GetProperty("value").GetDouble(), 9);
        Assert.Equal("met", met.GetProperty("status").GetString());

        var notMet = await Goal("nps", 40, "atMost", past);
        Assert.Equal(50, notMet.GetProperty("value").GetDouble(), 9);
        Assert.Equal("notMet", notMet.GetProperty("status").GetString());

        var future = await Goal("nps", 40, "atLeast", (Day(today.AddDays(30)), Day(today.AddDays(60))));
        Assert.Equal("noData", future.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, future.GetProperty("value").ValueKind);

        var sales = await Goal("measure:sales", 300, "atLeast", running, survey: false);
        Assert.Equal(350, sales.GetProperty("value").GetDouble(), 9);
        Assert.Equal(2, sales.GetProperty("n").GetInt32());
        Assert.Equal("onTrack", sales.GetProperty("status").GetString());
        var noFigures = await Goal("measure:churn", 1, "atMost", running, survey: false);
        Assert.Equal("noData", noFigures.GetProperty("status").GetString());

        // The list filters by status and unit; the dashboard shows the running goals of the caller's units.
        var behindList = await admin.GetFromJsonAsync<JsonElement>(Url($"/api/v1/goals?unitId={a}&status=behind"));
        Assert.Equal([behind.GetProperty("id").GetGuid()], behindList.EnumerateArray().Select(g => g.GetProperty("id").GetGuid()));
        var overlapping = await admin.GetFromJsonAsync<JsonElement>(Url($"/api/v1/goals?unitId={a}&from={past.Item1}&to={past.Item2}"));
        Assert.Equal(2, overlapping.GetArrayLength());
        var dashboard = await admin.GetFromJsonAsync<JsonElement>(Url("/api/v1/dashboard"));
        var shown = dashboard.GetProperty("manager").GetProperty("goals").EnumerateArray().Select(g => g.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(onTrack.GetProperty("id").GetGuid(), shown);
        Assert.DoesNotContain(met.GetProperty("id").GetGuid(), shown);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Goal_IsReplacedWithIfMatch_Deleted_AndAudited_AndScopedToTheUnitManagersUnits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var body = new { name = "销售额", unitId = a, indicator = "measure:sales", target = 1000.5, periodStart = "2026-01-01", periodEnd = "2026-03-31" };
        var created = await CreateAsync(analyst, body);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("atLeast", created.GetProperty("direction").GetString());

        var get = await analyst.GetAsync(Url($"/api/v1/goals/{id}"));
        var etag = get.Headers.ETag!;
        var change = body with { name = "销售额 Q1" };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await analyst.PutAsJsonAsync(Url($"/api/v1/goals/{id}"), change)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/goals/{id}")) { Content = JsonContent.Create(change) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{Guid.NewGuid()}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.SendAsync(stale)).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/goals/{id}")) { Content = JsonContent.Create(change) };
        put.Headers.IfMatch.Add(etag);
        var replaced = await analyst.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("销售额 Q1", (await WaveData.JsonOf(replaced)).GetProperty("name").GetString());

        // A manager of B sees neither A's goal nor the organisation's; it cannot set goals for A or for the organisation.
        var managerB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync(Url($"/api/v1/goals/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.DeleteAsync(Url($"/api/v1/goals/{id}"))).StatusCode);
        Assert.DoesNotContain(id.ToString(), await managerB.GetStringAsync(Url("/api/v1/goals")), StringComparison.Ordinal);
        Assert.Equal(["unitId"], await WaveData.ErrorsAsync(await managerB.PostAsJsonAsync(Url("/api/v1/goals"), body)));
        Assert.Equal(["unitId"], await WaveData.ErrorsAsync(await managerB.PostAsJsonAsync(Url("/api/v1/goals"), new { body.name, body.indicator, body.target, body.periodStart, body.periodEnd })));
        var own = await CreateAsync(managerB, body with { unitId = b });
        Assert.Contains(own.GetProperty("id").GetGuid().ToString(), await managerB.GetStringAsync(Url("/api/v1/goals")), StringComparison.Ordinal);

        // Readers and case handlers may not set goals.
        var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(Url($"/api/v1/goals/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(Url("/api/v1/goals"), body)).StatusCode);
        var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.DeleteAsync(Url($"/api/v1/goals/{id}"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync(Url($"/api/v1/goals/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/goals/{id}"))).StatusCode);
        var audits = await WaveData.DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(e => e.Subject == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal([GoalsApi.AuditCreate, GoalsApi.AuditDelete, GoalsApi.AuditUpdate], audits.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadInput_IsRefused_NamingTheField_AndNothingIsWritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 1);
        var admin = await app.CreateClientAsAsync(Roles.Administrator);
        async Task<HashSet<string>> Errors(object body) => await WaveData.ErrorsAsync(await admin.PostAsJsonAsync(Url("/api/v1/goals"), body));
        var q = wave.QuestionnaireId;
        var before = await WaveData.DbAsync(app, db => db.Goals.CountAsync());

        Assert.Superset(new HashSet<string> { "name", "indicator", "periodStart", "periodEnd" }, await Errors(new { }));
        Assert.Equal(["indicator"], await Errors(new { name = "x", indicator = "bogus", target = 1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["questionnaireId"], await Errors(new { name = "x", indicator = "nps", target = 1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["questionnaireId"], await Errors(new { name = "x", indicator = "nps", questionnaireId = Guid.NewGuid(), target = 1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["questionnaireId"], await Errors(new { name = "x", indicator = "measure:sales", questionnaireId = q, target = 1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["target"], await Errors(new { name = "x", indicator = "nps", questionnaireId = q, target = 101, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["target"], await Errors(new { name = "x", indicator = "csat", questionnaireId = q, target = -1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["target"], await Errors(new { name = "x", indicator = "cell:q1", questionnaireId = q, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["periodEnd"], await Errors(new { name = "x", indicator = "nps", questionnaireId = q, target = 1, periodStart = "2026-02-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["unitId"], await Errors(new { name = "x", indicator = "nps", questionnaireId = q, target = 1, unitId = Guid.NewGuid(), periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["name"], await Errors(new { name = new string('x', 201), indicator = "nps", questionnaireId = q, target = 1, periodStart = "2026-01-01", periodEnd = "2026-01-31" }));
        Assert.Equal(["status"], await WaveData.ErrorsAsync(await admin.GetAsync(Url("/api/v1/goals?status=great"))));
        var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(Url("/api/v1/goals"), empty)).StatusCode);
        Assert.Equal(before, await WaveData.DbAsync(app, db => db.Goals.CountAsync()));

        // NPS may be negative; the organisation-wide goal is for administrators and analysts.
        var negative = await CreateAsync(admin, new { name = "NPS", indicator = "nps", questionnaireId = q, target = -20, periodStart = "2026-01-01", periodEnd = "2026-01-31" });
        Assert.Equal(JsonValueKind.Null, negative.GetProperty("unitId").ValueKind);
        Assert.Equal(home.OrganisationId, await WaveData.DbAsync(app, db => db.Goals.Where(g => g.Id == negative.GetProperty("id").GetGuid()).Select(g => g.OrganisationId).SingleAsync()));
    }

    /// <summary>Creates a goal; fails unless 201.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/goals"), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await WaveData.JsonOf(response);
    }
}
