using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Responses.ResponsesTestData;

namespace Manyi.Web.Tests.Features.Responses;

/// <summary>POST /api/v1/waves/{waveId}/responses: one stored response per idempotency key, validation, scope; list and read.</summary>
public sealed class TransactionalApiTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly object GoodAnswers = new { answers = new Dictionary<string, object> { ["recommend"] = 9, ["recommend.why"] = "快", ["satisfaction"] = "4" } };

    private static HttpRequestMessage Post(Guid waveId, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url($"/api/v1/waves/{waveId}/responses")) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    private static async Task<HttpClient> SubmitterAsync(ManyiWebFactory app)
    {
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, "pos-" + Guid.NewGuid().ToString("N")[..6], "submit-responses", "read-data");
        return app.ClientWithKey(key);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task FiftyConcurrentPosts_OfOneKey_StoreExactlyOneResponse_AndAllAnswerWithItsId(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        using var client = await SubmitterAsync(app);
        const string key = "ticket-4711";

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var request = Post(waveId, GoodAnswers, key);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Text: text, Replayed: response.Headers.TryGetValues("Idempotency-Replayed", out var v) && v.Single() == "true");
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{a.StatusCode}: {a.Text}"));
        // Exactly one request created the row; the 49 others were answered as replays of it.
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(49, answers.Count(a => a.StatusCode == HttpStatusCode.OK && a.Replayed));
        var ids = answers.Select(a => JsonDocument.Parse(a.Text).RootElement.GetProperty("id").GetGuid()).Distinct().ToList();
        var id = Assert.Single(ids);
        var stored = await app.DbAsync(db => db.Responses.AsNoTracking().Where(r => r.WaveId == waveId).ToListAsync());
        var row = Assert.Single(stored);
        Assert.Equal(id, row.Id);
        Assert.Equal("api:ticket-4711", row.IdempotencyKey);
        Assert.Equal(ResponseStatus.Complete, row.Status);
        Assert.Equal(ResponseChannel.Api, row.Channel);
        Assert.Equal("9", row.Answers["recommend"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task StoredRow_HoldsEveryFieldAsSubmitted(DatabaseProvider provider)
    {
        // On PostgreSQL the row goes in by binary COPY, on SQLite by EF's INSERT: both must read back through the EF model alike.
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        var unit = await app.HomeUnitAsync();
        using var client = await SubmitterAsync(app);
        var body = new
        {
            answers = new Dictionary<string, object> { ["recommend"] = 3, ["recommend.why"] = "等待时间太长 \"quoted\"", ["satisfaction"] = "2" },
            unitId = unit.Id, externalReference = "repair-88", language = "en",
        };
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var request = Post(waveId, body, "copy-check-1");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var row = await app.DbAsync(db => db.Responses.AsNoTracking().SingleAsync(r => r.WaveId == waveId && r.ExternalReference == "repair-88"));
        Assert.Equal(ResponseChannel.Api, row.Channel);
        Assert.Equal(ResponseStatus.Complete, row.Status);
        Assert.Equal(unit.Id, row.UnitId);
        Assert.Equal("en", row.Language);
        Assert.Null(row.CustomerId);
        Assert.Equal(new Dictionary<string, string> { ["recommend"] = "3", ["recommend.why"] = "等待时间太长 \"quoted\"", ["satisfaction"] = "2" }, row.Answers);
        Assert.NotNull(row.SubmittedAt);
        Assert.InRange(row.SubmittedAt!.Value, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(TimeSpan.Zero, row.SubmittedAt.Value.Offset);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Submit_CreatesThenReplays_RefusesOtherAnswersUnderTheSameKey_AndFreezesTheVersion(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, versionId) = await app.NpsWaveAsync();
        using var client = await SubmitterAsync(app);

        using var first = await client.SendAsync(Post(waveId, GoodAnswers, "k-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/responses/{id}", first.Headers.Location!.OriginalString);
        Assert.True(await app.DbAsync(db => db.QuestionnaireVersions.Where(v => v.Id == versionId).Select(v => v.HasResponses).SingleAsync()));

        using var again = await client.SendAsync(Post(waveId, GoodAnswers, "k-1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replayed").Single());
        Assert.Equal(id, (await again.JsonAsync()).GetProperty("id").GetGuid());

        using var other = await client.SendAsync(Post(waveId, new { answers = new { recommend = 3, satisfaction = 2 } }, "k-1"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
        Assert.Equal("9", (await app.DbAsync(db => db.Responses.SingleAsync(r => r.WaveId == waveId))).Answers["recommend"]);

        using var read = await client.GetAsync(Url($"/api/v1/responses/{id}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("快", (await read.JsonAsync()).GetProperty("answers").GetProperty("recommend.why").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadRequests_AreValidationProblemsNamingTheField_AndStoreNothing(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        using var client = await SubmitterAsync(app);

        using var noKey = await client.SendAsync(Post(waveId, GoodAnswers, null));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.True((await noKey.JsonAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        using var tooLong = await client.SendAsync(Post(waveId, GoodAnswers, new string('k', 201)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        // NPS is 0–10 and CSAT 1–5 (AnswerCheck.ScaleOf); 11 is off the scale, "x" no number, satisfaction missing but required.
        using var bad = await client.SendAsync(Post(waveId, new { answers = new { recommend = 11, satisfaction = (string?)null, unknown = "1" } }, "bad-1"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.Contains("from 0 to 10", errors.GetProperty("answers.recommend")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("answers.satisfaction", out _));
        Assert.True(errors.TryGetProperty("answers.unknown", out _));

        using var empty = await client.PostAsync(Url($"/api/v1/waves/{waveId}/responses"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var unknownWave = await client.SendAsync(Post(Guid.NewGuid(), GoodAnswers, "x-1"));
        Assert.Equal(HttpStatusCode.NotFound, unknownWave.StatusCode);

        var (closedWave, _) = await app.NpsWaveAsync(WaveStatus.Closed);
        using var closed = await client.SendAsync(Post(closedWave, GoodAnswers, "c-1"));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);

        Assert.Equal(0, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId || r.WaveId == closedWave)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_SubmitsAndReadsOnlyInTheirUnits_OtherIdsAre404(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var mine = await app.AddUnitAsync(home.Id);
        var theirs = await app.AddUnitAsync(home.Id);
        var (myWave, _) = await app.NpsWaveAsync(unitId: mine);
        var (theirWave, _) = await app.NpsWaveAsync(unitId: theirs);
        var (orgWave, _) = await app.NpsWaveAsync();
        var theirCustomer = await app.CustomerAsync(theirs);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);

        using var ok = await manager.SendAsync(Post(myWave, GoodAnswers, "m-1"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        using var otherWave = await manager.SendAsync(Post(theirWave, GoodAnswers, "m-2"));
        Assert.Equal(HttpStatusCode.NotFound, otherWave.StatusCode);
        using var otherCustomer = await manager.SendAsync(Post(orgWave, new { answers = new { recommend = 5, satisfaction = 3 }, customerId = theirCustomer.Id }, "m-3"));
        Assert.Equal(HttpStatusCode.BadRequest, otherCustomer.StatusCode);
        Assert.True((await otherCustomer.JsonAsync()).GetProperty("errors").TryGetProperty("customerId", out _));

        using var adminPost = await admin.SendAsync(Post(theirWave, GoodAnswers, "a-1"));
        Assert.Equal(HttpStatusCode.Created, adminPost.StatusCode);
        var theirId = (await adminPost.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/responses/{theirId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/waves/{theirWave}/responses"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Url($"/api/v1/responses/{theirId}"))).StatusCode);

        using var list = await manager.GetAsync(Url($"/api/v1/waves/{myWave}/responses?status=complete&channel=api&sort=-submittedAt"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(1, (await list.JsonAsync()).GetProperty("total").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_FiltersAndSortsFromAWhitelist_InjectionIsRefused(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        using var client = await SubmitterAsync(app);
        for (var i = 0; i < 3; i++)
        {
            using var r = await client.SendAsync(Post(waveId, new { answers = new { recommend = i, satisfaction = 3 } }, "l-" + i));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        using var page = await client.GetAsync(Url($"/api/v1/waves/{waveId}/responses?pageSize=2&sort=submittedAt"));
        var body = await page.JsonAsync();
        Assert.Equal(3, body.GetProperty("total").GetInt32());
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
        using var none = await client.GetAsync(Url($"/api/v1/waves/{waveId}/responses?channel=import"));
        Assert.Equal(0, (await none.JsonAsync()).GetProperty("total").GetInt32());

        foreach (var (query, field) in new[] { ("sort=submittedAt;DROP TABLE \"Responses\"", "sort"), ("sort=answers", "sort"), ("status=1", "status"), ("channel=x' OR '1'='1", "channel"), ("from=yesterday", "from"), ("pageSize=100000", "pageSize") })
        {
            using var refused = await client.GetAsync(Url($"/api/v1/waves/{waveId}/responses?{query}"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        Assert.Equal(3, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Quota_OfTheCustomersSegment_RefusesOnceReached(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var plan = new SamplePlan { TargetResponses = 10, Strata = [new SampleStratum { Segment = "vip", Population = 100, Allocated = 2, Quota = 2 }] };
        var (waveId, _) = await app.NpsWaveAsync(plan: plan);
        using var client = await SubmitterAsync(app);
        var vips = new[] { await app.CustomerAsync(home.Id, "vip"), await app.CustomerAsync(home.Id, "vip"), await app.CustomerAsync(home.Id, "vip") };
        var other = await app.CustomerAsync(home.Id, "mass");

        // Quota 2: the first two VIP answers are taken, the third refused; another segment has no quota.
        var codes = new List<HttpStatusCode>();
        foreach (var (customer, i) in vips.Select((c, i) => (c, i)))
        {
            using var r = await client.SendAsync(Post(waveId, new { answers = new { recommend = 8, satisfaction = 4 }, customerCode = customer.Code }, "q-" + i));
            codes.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict], codes);
        using var mass = await client.SendAsync(Post(waveId, new { answers = new { recommend = 8, satisfaction = 4 }, customerCode = other.Code }, "q-m"));
        Assert.Equal(HttpStatusCode.Created, mass.StatusCode);
        // A replay of an answer already taken is not refused by the quota.
        using var replay = await client.SendAsync(Post(waveId, new { answers = new { recommend = 8, satisfaction = 4 }, customerCode = vips[0].Code }, "q-0"));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
    }
}
