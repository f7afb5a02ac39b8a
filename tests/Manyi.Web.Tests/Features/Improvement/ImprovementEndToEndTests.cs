using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Tests.Features.Analysis;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>
/// The issue's acceptance: a satisfaction trap between two waves → a finding → an action from it → started, completed → a third wave
/// → the effect check with the Welch result checked by hand. Also reminders on a fake clock, unit scope, validation and ETags.
/// </summary>
[Collection(ActionsGroup.Name)]
public class ImprovementEndToEndTests(ActionsFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>
    /// Six customers of one unit: two key accounts (K = 1000, segment "key") and four small ones (K = 100, segment "small"); overall =
    /// the CSAT question (1–5, on 0–100: 1 → 0, 2 → 25, 4 → 75, 5 → 100). W1: key 5 5, small 2 2 2 2. W2: key 2 2, small 5 5 5 5:
    /// plain mean 3 → 4 (rises), K_o = 2400/6 = 400, weighted (1/6)Σ(K/K_o)·D 4.5 → 2.5 (falls): a trap. W3 (after the action):
    /// key 5 4, small 5 4 5 4.
    /// Effect on overall (W2 → W3), 0–100: before 25 25 100 100 100 100, mean 75, SS = 2·50² + 4·25² = 7500, s² = 1500;
    /// after 100 75 100 75 100 75, mean 87.5, SS = 6·12.5² = 937.5, s² = 187.5. Welch: SE² = 1500/6 + 187.5/6 = 250 + 31.25 = 281.25,
    /// t = 12.5/√281.25 = 0.745356, df = 281.25²/(250²/5 + 31.25²/5) = 79101.5625/12695.3125 = 6.230769, p = 2·(1 − T_df(t)).
    /// overall:weighted (K_o = 400 in both waves): W2 D' = 2.5·25 (×2), 0.25·100 (×4) → (125 + 100)/6 = 37.5; W3 D' = 2.5·100,
    /// 2.5·75, 0.25·(100 + 75 + 100 + 75) → (437.5 + 87.5)/6 = 87.5.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task TrapFinding_Action_EffectCheck_GivesTheHandFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var unit = await app.AddUnitAsync(home.Id);
        var w2 = await app.AddWaveAsync(ScoresQuestionnaire(), minimumN: 5);
        var w1 = await app.AddSiblingWaveAsync(w2, daysEarlier: 90);
        var keys = new[] { await app.AddValuedCustomerAsync(unit, "key", 1000), await app.AddValuedCustomerAsync(unit, "key", 1000) };
        var smalls = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            smalls.Add(await app.AddValuedCustomerAsync(unit, "small", 100));
        }
        var customers = keys.Concat(smalls).ToList();
        async Task Answer(Manyi.Core.Collection.Wave wave, int[] scores) =>
            await app.AddResponsesAsync(wave, customers.Select((c, i) => new SeedResponse(Cells(("recommend", 8), ("satisfaction", scores[i]), ("q1", 3)), unit, c)));
        await Answer(w1, [5, 5, 2, 2, 2, 2]);
        await Answer(w2, [2, 2, 5, 5, 5, 5]);

        var (ownerId, _) = await app.CreateUserAsync(Roles.UnitManager, unit);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var findings = await (await admin.GetAsync(Url($"/api/v1/waves/{w2.Id}/findings?unitId={unit}"))).JsonAsync();
        var trap = findings.EnumerateArray().Single(f => f.GetProperty("key").GetString()!.StartsWith("trap:", StringComparison.Ordinal));
        Assert.Equal($"trap:{w2.Id}:{w1.Id}", trap.GetProperty("key").GetString());

        var deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        using var created = await admin.PostAsJsonAsync(Url("/api/v1/actions/from-finding"),
            new { waveId = w2.Id, findingKey = trap.GetProperty("key").GetString(), unitId = unit, ownerId, deadline, cost = 12000.50m });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var action = await created.JsonAsync();
        var id = action.GetProperty("id").GetGuid();
        Assert.Equal("trap", action.GetProperty("source").GetString());
        Assert.Equal(w2.Id, action.GetProperty("baselineWaveId").GetGuid());
        Assert.Equal(w1.Id, action.GetProperty("againstWaveId").GetGuid());
        Assert.Equal(trap.GetProperty("summary").GetString(), action.GetProperty("findingSummary").GetString());
        Assert.Equal(["overall", "overall:weighted"], action.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
        Assert.Matches(@"^IA-\d{8}-\d{4}$", action.GetProperty("number").GetString());

        using (var early = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/effect-check"), new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }
        using (var start = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/start"), new { }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            Assert.Equal("inProgress", (await start.JsonAsync()).GetProperty("status").GetString());
        }
        using (var noOutcome = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/complete"), new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
            Assert.True((await noOutcome.JsonAsync()).GetProperty("errors").TryGetProperty("outcome", out _));
        }
        using (var complete = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/complete"), new { outcome = "Key account managers visit both key accounts monthly." }))
        {
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
            Assert.Equal("done", (await complete.JsonAsync()).GetProperty("status").GetString());
        }
        using (var noWave = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/effect-check"), new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, noWave.StatusCode);
        }

        var w3 = await app.AddSiblingWaveAsync(w2, daysEarlier: -8);
        await Answer(w3, [5, 4, 5, 4, 5, 4]);
        using var checkedResponse = await admin.PostAsJsonAsync(Url($"/api/v1/actions/{id}/effect-check"), new { });
        Assert.Equal(HttpStatusCode.OK, checkedResponse.StatusCode);
        var result = await checkedResponse.JsonAsync();
        Assert.Equal("checked", result.GetProperty("status").GetString());
        var effect = result.GetProperty("effect");
        Assert.Equal(w2.Id, effect.GetProperty("beforeWaveId").GetGuid());
        Assert.Equal(w3.Id, effect.GetProperty("afterWaveId").GetGuid());
        var items = effect.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, StringComparer.Ordinal);

        var overall = items["overall"];
        Assert.Equal(75, overall.GetProperty("before").GetDouble(), 9);
        Assert.Equal(87.5, overall.GetProperty("after").GetDouble(), 9);
        Assert.Equal(12.5, overall.GetProperty("change").GetDouble(), 9);
        Assert.Equal(6, overall.GetProperty("beforeN").GetInt32());
        double se2 = (1500.0 / 6) + (187.5 / 6), t = 12.5 / Math.Sqrt(se2), df = se2 * se2 / ((250.0 * 250 / 5) + (31.25 * 31.25 / 5));
        Assert.Equal(0.745356, t, 5);
        Assert.Equal(6.230769, df, 5);
        var p = 2 * (1 - StudentT.CDF(0, 1, df, t));
        Assert.Equal(p, overall.GetProperty("pValue").GetDouble(), 3);
        Assert.Equal("WelchT", overall.GetProperty("test").GetString());
        Assert.False(overall.GetProperty("significant").GetBoolean());

        var weighted = items["overall:weighted"];
        Assert.Equal(37.5, weighted.GetProperty("before").GetDouble(), 9);
        Assert.Equal(87.5, weighted.GetProperty("after").GetDouble(), 9);
        Assert.Equal(50, weighted.GetProperty("change").GetDouble(), 9);

        // The PDCA board of the unit shows it in Act; the audit has every step.
        var board = await (await admin.GetAsync(Url($"/api/v1/actions/board?unitId={unit}"))).JsonAsync();
        Assert.Contains(board.GetProperty("act").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var audited = await db.AuditEntries.Where(e => e.Subject == ImprovementActions.Subject(id)).Select(e => e.Action).ToListAsync();
        Assert.Equal(
            new[] { "action.complete", "action.create", "action.effect-check", "action.start" },
            audited.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_Update_Scope_Validation_ETag(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var (ownerA, _) = await app.CreateUserAsync(Roles.UnitManager, a);
        var (viewerUser, _) = await app.CreateUserAsync(Roles.Viewer);
        using var managerA = await app.CreateClientAsAsync(Roles.UnitManager, a);
        using var managerB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);

        using (var invalid = await managerA.PostAsJsonAsync(Url("/api/v1/actions"),
            new { unitId = b, title = " ", ownerId = viewerUser, indicators = new[] { "overall", "nonsense key" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = (await invalid.JsonAsync()).GetProperty("errors");
            foreach (var field in new[] { "unitId", "title", "deadline", "indicators[1]", "questionnaireId" })
            {
                Assert.True(errors.TryGetProperty(field, out _), field);
            }
        }
        using (var badOwner = await managerA.PostAsJsonAsync(Url("/api/v1/actions"), new { unitId = a, title = "T", ownerId = viewerUser, deadline }))
        {
            Assert.True((await badOwner.JsonAsync()).GetProperty("errors").TryGetProperty("ownerId", out _));
        }
        using var created = await managerA.PostAsJsonAsync(Url("/api/v1/actions"),
            new { unitId = a, title = "Shorten the queue", ownerId = ownerA, deadline, cost = 500m, indicators = new[] { "measure:sales" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;

        // B's manager does not see A's action at all.
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync(Url($"/api/v1/actions/{id}"))).StatusCode);
        using (var foreign = await managerB.PostAsJsonAsync(Url($"/api/v1/actions/{id}/start"), new { }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
        var listB = await (await managerB.GetAsync(Url("/api/v1/actions"))).JsonAsync();
        Assert.DoesNotContain(listB.GetProperty("items").EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync(Url($"/api/v1/actions/board?unitId={a}"))).StatusCode);

        // Update with the ETag; a second update with the old one is refused with 412.
        var body = new { title = "Shorten the queue at the counter", ownerId = ownerA, deadline = deadline.AddDays(5), cost = 800m, indicators = new[] { "measure:sales", "measure:repeat-purchases" } };
        using (var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/actions/{id}")) { Content = JsonContent.Create(body) })
        {
            put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
            using var updated = await managerA.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            Assert.Equal(2, (await updated.JsonAsync()).GetProperty("indicators").GetArrayLength());
        }
        using (var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/actions/{id}")) { Content = JsonContent.Create(body) })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await managerA.SendAsync(stale)).StatusCode);
        }
        using (var reopen = await managerA.PostAsJsonAsync(Url($"/api/v1/actions/{id}/reopen"), new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reopen.StatusCode);
            Assert.True((await reopen.JsonAsync()).GetProperty("errors").TryGetProperty("status", out _));
        }
        var listA = await (await managerA.GetAsync(Url($"/api/v1/actions?unitId={a}&status=planned"))).JsonAsync();
        Assert.Contains(listA.GetProperty("items").EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await managerA.GetAsync(Url("/api/v1/actions?status=nope"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Reminder_IsWrittenOnce_WithinTheReminderDays(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var unit = await app.AddUnitAsync(home.Id);
        var (owner, _) = await app.CreateUserAsync(Roles.UnitManager, unit);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, unit);
        var deadline = new DateOnly(2031, 3, 10);
        using var created = await manager.PostAsJsonAsync(Url("/api/v1/actions"), new { unitId = unit, title = "Call back", ownerId = owner, deadline });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 6, 8, 0, 0, TimeSpan.Zero));
        var reminders = new ActionReminders(
            app.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new ImprovementOptions { ReminderDays = 3 }), clock, NullLogger<ActionReminders>.Instance);
        await reminders.RunOnceAsync(default);
        async Task<int> Notices()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            return await db.Notifications.CountAsync(n => n.ActionId == id && n.UserId == owner && n.Kind == NotificationKind.ActionDeadline);
        }
        Assert.Equal(0, await Notices()); // 4 days before: not yet
        clock.Advance(TimeSpan.FromDays(1));
        await reminders.RunOnceAsync(default);
        Assert.Equal(1, await Notices()); // 3 days before
        clock.Advance(TimeSpan.FromHours(1));
        await reminders.RunOnceAsync(default);
        Assert.Equal(1, await Notices()); // once
        var action = await (await manager.GetAsync(Url($"/api/v1/actions/{id}"))).JsonAsync();
        Assert.Equal(JsonValueKind.String, action.GetProperty("reminderSentAt").ValueKind);

        var number = action.GetProperty("number").GetString()!;
        var (zh, en) = Manyi.Web.Features.Cases.NotificationMailer.Text(NotificationKind.ActionDeadline, number, null);
        Assert.Contains(number, zh, StringComparison.Ordinal);
        Assert.StartsWith("Improvement action " + number, en, StringComparison.Ordinal);
    }
}
