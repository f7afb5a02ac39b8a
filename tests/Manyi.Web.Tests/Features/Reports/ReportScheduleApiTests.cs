using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Reports;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Reports.ReportScheduleData;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>/api/v1/report-definitions: the life of a saved report, If-Match, validation naming the field, audit, org scope.</summary>
[Collection(ReportScheduleGroup.Name)]
public sealed class ReportScheduleApiTests(ReportScheduleFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Definition_IsCreatedReadReplacedAndDeleted_WithIfMatch_AndAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await WaveAsync(app);
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var recipient = Recipient();
        var created = await CreateAsync(analyst, new
        {
            name = "周报 <b>华东</b>", kind = "wave", waveId = wave.Id, culture = "en", format = "csv", enabled = true,
            frequency = "weekly", dayOfWeek = "friday", timeOfDay = 570, timeZone = "Asia/Shanghai", recipients = new[] { recipient, recipient.ToUpperInvariant() },
        });
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("周报 <b>华东</b>", created.GetProperty("name").GetString());
        Assert.Equal("weekly", created.GetProperty("frequency").GetString());
        Assert.Equal("friday", created.GetProperty("dayOfWeek").GetString());
        Assert.Single(created.GetProperty("recipients").EnumerateArray());
        // The next run is a Friday at 09:30 Shanghai (01:30Z), within a week from now.
        var next = created.GetProperty("nextRunAt").GetDateTimeOffset();
        var local = next.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal((DayOfWeek.Friday, 9, 30), (local.DayOfWeek, local.Hour, local.Minute));
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(7));

        var get = await analyst.GetAsync(Url($"/api/v1/report-definitions/{id}"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var etag = get.Headers.ETag!;
        Assert.Contains(id.ToString(), await analyst.GetStringAsync(Url("/api/v1/report-definitions")), StringComparison.Ordinal);

        var change = new { name = "月报", kind = "wave", waveId = wave.Id, enabled = true, frequency = "monthly", dayOfMonth = 31, timeOfDay = 480, recipients = new[] { recipient } };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await analyst.PutAsJsonAsync(Url($"/api/v1/report-definitions/{id}"), change)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/report-definitions/{id}")) { Content = JsonContent.Create(change) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{Guid.NewGuid()}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.SendAsync(stale)).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/report-definitions/{id}")) { Content = JsonContent.Create(change) };
        put.Headers.IfMatch.Add(etag);
        var replaced = await analyst.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var body = await WaveData.JsonOf(replaced);
        Assert.Equal("monthly", body.GetProperty("frequency").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("dayOfWeek").ValueKind);
        var monthly = body.GetProperty("nextRunAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(DateTime.DaysInMonth(monthly.Year, monthly.Month), monthly.Day);
        Assert.Equal(8, monthly.Hour);

        // Another analyst of the organisation sees it; deleting it with the old ETag is refused.
        var other = await app.CreateClientAsAsync(Roles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Url($"/api/v1/report-definitions/{id}"))).StatusCode);
        var staleDelete = new HttpRequestMessage(HttpMethod.Delete, Url($"/api/v1/report-definitions/{id}"));
        staleDelete.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.SendAsync(staleDelete)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync(Url($"/api/v1/report-definitions/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/report-definitions/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.DeleteAsync(Url($"/api/v1/report-definitions/{id}"))).StatusCode);

        var audits = await WaveData.DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == id.ToString()).Select(a => new { a.Action, a.Details }).ToListAsync());
        Assert.Equal([ReportSchedulesApi.AuditCreate, ReportSchedulesApi.AuditDelete, ReportSchedulesApi.AuditUpdate], audits.Select(a => a.Action).Order(StringComparer.Ordinal));
        // Never the addresses.
        Assert.DoesNotContain(audits, a => a.Details?.Contains('@', StringComparison.Ordinal) == true);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadInput_IsRefused_NamingTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await WaveAsync(app);
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<HashSet<string>> Errors(object body) => await WaveData.ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/report-definitions"), body));

        Assert.Superset(new HashSet<string> { "name", "kind", "waveId" }, await Errors(new { }));
        Assert.Contains("recipients", await Errors(new { name = "x", kind = "wave", waveId = wave.Id, recipients = new[] { "not-an-address" } }));
        Assert.Contains("recipients", await Errors(new { name = "x", kind = "wave", waveId = wave.Id, recipients = new[] { "张三 <a@example.cn>" } }));
        Assert.Contains("recipients", await Errors(new { name = "x", kind = "wave", waveId = wave.Id, recipients = Enumerable.Range(0, 21).Select(i => $"p{i}@example.cn").ToArray() }));
        Assert.Contains("recipients", await Errors(new { name = "x", kind = "wave", waveId = wave.Id, enabled = true, dayOfWeek = "monday" }));
        // A wave that is not the caller's (unknown id) and a unit that is not.
        Assert.Equal(["waveId"], await Errors(new { name = "x", kind = "wave", waveId = Guid.NewGuid(), dayOfWeek = "monday" }));
        Assert.Equal(["unitId"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, unitId = Guid.NewGuid(), dayOfWeek = "monday" }));
        Assert.Equal(["waveId"], await Errors(new { name = "x", kind = "unitComparison", periodFrom = "2026-01-01", periodTo = "2026-03-31", dayOfWeek = "monday" }));
        Assert.Equal(["periodTo"], await Errors(new { name = "x", kind = "surveySummary", periodFrom = "2026-04-01", periodTo = "2026-03-31", waveId = wave.Id, dayOfWeek = "monday" }));
        Assert.Equal(["timeZone"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, dayOfWeek = "monday", timeZone = "Mars/Olympus" }));
        Assert.Equal(["timeOfDay"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, dayOfWeek = "monday", timeOfDay = 1440 }));
        Assert.Equal(["culture"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, dayOfWeek = "monday", culture = "fr" }));
        Assert.Equal(["dayOfWeek"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, frequency = "weekly" }));
        Assert.Equal(["dayOfMonth"], await Errors(new { name = "x", kind = "wave", waveId = wave.Id, frequency = "monthly", dayOfMonth = 32 }));
        Assert.Equal(["name"], await Errors(new { name = new string('x', 201), kind = "wave", waveId = wave.Id, dayOfWeek = "monday" }));

        // The summary report over a period needs no wave; a segment with SQL in it is only text.
        var injection = "x'; DROP TABLE \"ReportDefinitions\"; --";
        var summary = await CreateAsync(analyst, new { name = "年度总结", kind = "surveySummary", periodFrom = "2026-01-01", periodTo = "2026-12-31", segment = injection, frequency = "daily" });
        Assert.Equal(injection, summary.GetProperty("segment").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("nextRunAt").ValueKind);
        Assert.Contains(summary.GetProperty("id").GetGuid().ToString(), await analyst.GetStringAsync(Url("/api/v1/report-definitions")), StringComparison.Ordinal);

        // Empty bodies and unknown ids answer 400/404, never 500.
        var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        Assert.True((await analyst.PostAsync(Url("/api/v1/report-definitions"), empty)).StatusCode is HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsync(Url($"/api/v1/report-definitions/{Guid.NewGuid()}/send"), null)).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task OnlyExportingRoles_Reach_TheDefinitions(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await WaveAsync(app);
        var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var id = (await CreateAsync(admin, new { name = "x", kind = "wave", waveId = wave.Id, dayOfWeek = "monday" })).GetProperty("id").GetGuid();
        foreach (var role in new[] { Roles.UnitManager, Roles.CaseHandler, Roles.Viewer })
        {
            var client = await app.CreateClientAsAsync(role, (await app.HeadOfficeAsync()).Id);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url($"/api/v1/report-definitions/{id}"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url("/api/v1/report-definitions"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Url("/api/v1/report-definitions"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task SendNow_RecordsTheOutcome_AndIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await WaveAsync(app);
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var id = (await CreateAsync(analyst, new { name = "x", kind = "wave", waveId = wave.Id, dayOfWeek = "monday", recipients = new[] { Recipient() } })).GetProperty("id").GetGuid();
        var response = await analyst.PostAsync(Url($"/api/v1/report-definitions/{id}/send"), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = (await WaveData.JsonOf(response)).GetProperty("outcome").GetString();
        var stored = await (await analyst.GetAsync(Url($"/api/v1/report-definitions/{id}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(outcome, stored.GetProperty("lastOutcome").GetString());
        Assert.NotEqual(JsonValueKind.Null, stored.GetProperty("lastRunAt").ValueKind);
        Assert.True(await WaveData.DbAsync(app, db => db.AuditEntries.AnyAsync(a => a.Action == ReportSchedulesApi.AuditSend && a.Subject == id.ToString())));
    }
}
