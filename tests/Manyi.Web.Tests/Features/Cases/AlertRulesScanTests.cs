using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Manyi.Web.Tests.Features.Cases.ClockData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>The alert scan of the case clock and the alert rules API: one case per tripping response, rules scoped by wave and unit.</summary>
[Collection(CaseClockGroup.Name)]
public sealed class AlertRulesScanTests(CaseClockFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Scan_OpensOneCasePerTrippingResponse_NamingEveryRule_AndNeverTwice(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var otherUnit = await UnitAsync(app);
        var owner = await UserAsync(app);
        var customer = await WaveData.CustomerAsync(app, unit);
        await DbAsync(app, db => db.Customers.Where(c => c.Id == customer.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, owner)));
        var wave = await WaveAsync(app, unit.Id);
        var otherWave = await WaveAsync(app, unit.Id);
        var nps = await RuleAsync(app, AlertRuleKind.NpsDetractor, wave.Wave, name: "detractor", priority: CasePriority.Urgent);
        await RuleAsync(app, AlertRuleKind.NegativeKeywords, wave.Wave, name: "words");
        await RuleAsync(app, AlertRuleKind.CsatAtMost, otherWave.Wave, name: "other wave csat");
        await RuleAsync(app, AlertRuleKind.CsatAtMost, wave.Wave, unit: otherUnit.Id, name: "other unit csat");

        var now = new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
        var at = now.AddMinutes(-1);
        // Detractor (3) with a complaint in the why: trips both rules of the wave → one case naming both.
        var both = await ResponseAsync(app, wave, customer, unit.Id, at, new() { ["recommend"] = "3", ["recommend.why"] = "客服态度差，太差了", ["satisfaction"] = "4" });
        // A promoter with CSAT 1: only the CSAT rules would trip, and they are for another wave / another unit → no case.
        var scoped = await ResponseAsync(app, wave, customer, unit.Id, at, new() { ["recommend"] = "10", ["satisfaction"] = "1" });
        // A passive (7) writing "prudent" contains no whole-word "rude": no case.
        var quiet = await ResponseAsync(app, wave, customer, unit.Id, at, new() { ["recommend"] = "7", ["recommend.why"] = "the form was prudent", ["satisfaction"] = "3" });

        var clock = new FakeTimeProvider(now);
        var caseClock = Clock(app, clock);
        await caseClock.RunOnceAsync(CancellationToken.None);
        await caseClock.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        await caseClock.RunOnceAsync(CancellationToken.None);

        var cases = await DbAsync(app, db => db.Cases.AsNoTracking().Where(c => c.ResponseId == both || c.ResponseId == scoped || c.ResponseId == quiet).ToListAsync());
        var alert = Assert.Single(cases);
        Assert.Equal(both, alert.ResponseId);
        Assert.Equal((CaseKind.Alert, "survey", CasePriority.Urgent, nps, wave.Wave), (alert.Kind, alert.Channel, alert.Priority, alert.AlertRuleId, (Guid)alert.WaveId!));
        Assert.Equal((customer.Id, unit.Id, owner), ((Guid)alert.CustomerId!, alert.UnitId, (Guid)alert.OwnerId!));
        Assert.Contains("recommend = 3 (detractor)", alert.Subject, StringComparison.Ordinal);
        Assert.Contains("detractor: recommend = 3 (detractor)", alert.Description, StringComparison.Ordinal);
        Assert.Contains("words: recommend.why contains \"太差\", \"态度差\"", alert.Description, StringComparison.Ordinal);
        Assert.Null(alert.ReceivedBy);
        Assert.Contains(await NoticesAsync(app, alert.Id), n => n.UserId == owner && n.Kind == NotificationKind.CaseAssigned);

        // The dry run through the API shows the same trips for the stored response.
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var test = await WaveData.JsonOf(await analyst.GetAsync(WaveData.Url($"/api/v1/alert-rules/test?responseId={both}")));
        Assert.Equal(alert.Id, test.GetProperty("caseId").GetGuid());
        Assert.Equal(["detractor", "words"], test.GetProperty("trips").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
        Assert.Equal(0, (await WaveData.JsonOf(await analyst.GetAsync(WaveData.Url($"/api/v1/alert-rules/test?responseId={scoped}")))).GetProperty("trips").GetArrayLength());
        Assert.Contains("responseId", await WaveData.ErrorsAsync(await analyst.GetAsync(WaveData.Url("/api/v1/alert-rules/test?responseId=x' OR 1=1 --"))));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Api_ValidatesByField_ScopesUnitManagers_AndRefusesWithoutWriting(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var mine = await UnitAsync(app);
        var theirs = await UnitAsync(app);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var before = await DbAsync(app, db => db.AlertRules.CountAsync());
        var bad = await admin.PostAsJsonAsync(WaveData.Url("/api/v1/alert-rules"), new
        {
            name = "", kind = "csatAtMost", threshold = 9, unitId = Guid.NewGuid(), waveId = Guid.NewGuid(), categoryId = Guid.NewGuid(), keywords = new[] { "x" },
        });
        Assert.Equal(["categoryId", "keywords", "name", "threshold", "unitId", "waveId"], (await WaveData.ErrorsAsync(bad)).Order(StringComparer.Ordinal));
        Assert.Contains("kind", await WaveData.ErrorsAsync(await admin.PostAsJsonAsync(WaveData.Url("/api/v1/alert-rules"), new { name = "n" })));
        Assert.Contains("threshold", await WaveData.ErrorsAsync(await admin.PostAsJsonAsync(WaveData.Url("/api/v1/alert-rules"), new { name = "n", kind = "npsDetractor", threshold = 6 })));
        Assert.Contains("keywords", await WaveData.ErrorsAsync(await admin.PostAsJsonAsync(WaveData.Url("/api/v1/alert-rules"),
            new { name = "n", kind = "negativeKeywords", keywords = Enumerable.Range(0, 51).Select(i => "w" + i) })));
        Assert.Equal(before, await DbAsync(app, db => db.AlertRules.CountAsync()));

        var created = await admin.PostAsJsonAsync(WaveData.Url("/api/v1/alert-rules"), new { name = "负面词", kind = "negativeKeywords", unitId = theirs.Id, keywords = new[] { "投诉", "rude" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await WaveData.JsonOf(created)).GetProperty("id").GetGuid();

        // A unit manager of another unit: the rule is not there (404), and cannot be aimed at that unit.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(WaveData.Url($"/api/v1/alert-rules/{id}"))).StatusCode);
        Assert.DoesNotContain((await WaveData.JsonOf(await manager.GetAsync(WaveData.Url("/api/v1/alert-rules")))).EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        var put = await admin.PutAsJsonAsync(WaveData.Url($"/api/v1/alert-rules/{id}"), new { name = "负面词", kind = "negativeKeywords", unitId = theirs.Id, active = false });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await WaveData.JsonOf(put)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(WaveData.Url($"/api/v1/alert-rules/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(WaveData.Url($"/api/v1/alert-rules/{id}"))).StatusCode);
    }
}
