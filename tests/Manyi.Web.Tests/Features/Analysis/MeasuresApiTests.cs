using System.Net;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Analysis;

/// <summary>One app per provider shared by the measure analysis tests.</summary>
public sealed class MeasuresFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class MeasuresGroup : ICollectionFixture<MeasuresFixture>
{
    public const string Name = "analysis-measures";
}

/// <summary>The measure analysis API (docs/analysis.md) on small waves worked out by hand.</summary>
[Collection(MeasuresGroup.Name)]
public class MeasuresApiTests(MeasuresFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static QuestionnaireDefinition Definition(params Question[] questions) => new()
    {
        Title = new("测试", "Test"),
        Pages = [new QuestionPage { Questions = questions }],
    };

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>
    /// Ten responses: branch A six, branch B four (minimum n 5). recommend A 10 10 9 7 3 0, B 10 9 8 2 → promoters 5, passives 2,
    /// detractors 3 → NPS 100·(5 − 3)/10 = 20. q1 (1–5) A all 5, B all 1 → mean 3.4 → score 100·(3.4 − 1)/4 = 60 (equal-weight index,
    /// one item); branch A alone 100; branch B n = 4 &lt; 5 → suppressed. Customers: A residential, B commercial; responses of B by kiosk.
    /// </summary>
    private static async Task<(Wave Wave, Guid Home, Guid A, Guid B)> HeadlineWaveAsync(ManyiWebFactory app)
    {
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(Definition(
            new Question { Code = "recommend", Type = QuestionType.Nps, Text = new("推荐", "Recommend") },
            new Question { Code = "q1", Type = QuestionType.Scale, Text = new("一", "One") }));
        int[] nps = [10, 10, 9, 7, 3, 0, 10, 9, 8, 2];
        var responses = new List<SeedResponse>();
        for (var i = 0; i < 10; i++)
        {
            var unit = i < 6 ? a : b;
            var customer = await app.AddCustomerAsync(unit, i < 6 ? "residential" : "commercial");
            responses.Add(new SeedResponse(Cells(("recommend", nps[i]), ("q1", i < 6 ? 5 : 1)), unit, customer, i < 6 ? ResponseChannel.Link : ResponseChannel.Kiosk));
        }
        await app.AddResponsesAsync(wave, responses);
        return (wave, home.Id, a, b);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Overview_HandWorkedWave_GivesNpsIndexAndN(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, _, _) = await HeadlineWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/overview");
        Assert.Equal(10, r.GetProperty("responses").GetInt64());
        var nps = Assert.Single(r.GetProperty("nps").EnumerateArray().ToList());
        Assert.Equal(20, nps.GetProperty("nps").GetDouble(), 9);
        Assert.Equal(10, nps.GetProperty("n").GetInt64());
        Assert.False(nps.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Object, nps.GetProperty("confidenceInterval").ValueKind);
        Assert.Equal(60, r.GetProperty("index").GetProperty("score").GetDouble(), 9);
        Assert.Empty(r.GetProperty("csat").EnumerateArray());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Overview_UnitManager_SeesOnlyTheirUnitsAnd404Otherwise(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, a, b) = await HeadlineWaveAsync(app);
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        var r = await GetAsync(managerOfB, $"/api/v1/waves/{wave.Id}/analysis/overview");
        // Branch B: responses 6–9, n = 4 < 5 → the NPS is suppressed, no number shown.
        Assert.Equal(4, r.GetProperty("responses").GetInt64());
        Assert.True(r.GetProperty("nps")[0].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("nps")[0].GetProperty("nps").ValueKind);
        var index = await GetAsync(managerOfB, $"/api/v1/waves/{wave.Id}/analysis/index");
        Assert.Equal(4, index.GetProperty("responses").GetInt64());
        Assert.Equal(JsonValueKind.Null, index.GetProperty("score").ValueKind);
        Assert.All(index.GetProperty("units").EnumerateArray(), u => Assert.Equal(b, u.GetProperty("unitId").GetGuid()));

        foreach (var page in new[] { "overview", "index", "ratios", "linguistic", "kano", "servqual" })
        {
            using var other = await managerOfB.GetAsync(Url($"/api/v1/waves/{wave.Id}/analysis/{page}?unitId={a}"));
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            using var unknown = await managerOfB.GetAsync(Url($"/api/v1/waves/{Guid.NewGuid()}/analysis/{page}"));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Index_DrillsDownByUnitWithNAndSuppression(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, home, a, b) = await HeadlineWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/index?unitId={home}");
        Assert.Equal("equal-weights", r.GetProperty("method").GetString());
        Assert.Equal(60, r.GetProperty("score").GetDouble(), 9);
        var node = Assert.Single(r.GetProperty("nodes").EnumerateArray().ToList());
        Assert.Equal("q1", node.GetProperty("code").GetString());
        Assert.Equal(10, node.GetProperty("n").GetInt64());
        var units = r.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(6, units[a].GetProperty("n").GetInt64());
        Assert.Equal(100, units[a].GetProperty("index").GetDouble(), 9);
        Assert.Equal(4, units[b].GetProperty("n").GetInt64());
        Assert.True(units[b].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, units[b].GetProperty("index").ValueKind);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Filters_NarrowTheRowsAndBadValuesNameTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, a, _) = await HeadlineWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<long> N(string query) => (await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/overview?{query}")).GetProperty("responses").GetInt64();
        Assert.Equal(6, await N($"unitId={a}"));
        Assert.Equal(4, await N("segment=commercial"));
        Assert.Equal(4, await N("channel=kiosk"));
        Assert.Equal(0, await N("from=2100-01-01"));
        Assert.Equal(10, await N("from=2000-01-01"));
        // The segment is compared as a value: an injection attempt matches nothing.
        Assert.Equal(0, await N("segment=" + Uri.EscapeDataString("x' OR '1'='1")));
        Assert.Equal(10, await N(string.Empty));
        foreach (var (query, field) in new[] { ("channel=kiosk'%20OR%201=1--", "channel"), ("from=yesterday", "from"), ("unitId=x", "unitId"), ("points=tangibles=abc", "points") })
        {
            using var bad = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/analysis/servqual?{query}"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(field, await bad.ErrorFieldsAsync());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Cache_AppendsNewResponsesAndReloadsAfterDeletion(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (wave, _, a, _) = await HeadlineWaveAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<JsonElement> Overview() => await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/overview");
        Assert.Equal(10, (await Overview()).GetProperty("responses").GetInt64());
        // One more promoter: promoters 6, detractors 3, n 11 → NPS 100·3/11.
        await app.AddResponsesAsync(wave, [new SeedResponse(Cells(("recommend", 10), ("q1", 5)), a)], DateTimeOffset.UtcNow.AddMinutes(-1));
        var appended = await Overview();
        Assert.Equal(11, appended.GetProperty("responses").GetInt64());
        Assert.Equal(300.0 / 11, appended.GetProperty("nps")[0].GetProperty("nps").GetDouble(), 9);
        // Erasure: a response deleted (the earliest detractor, 0 of branch A) → count down → reloaded: promoters 6, detractors 2, n 10 → 40.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var responses = await db.Responses.Where(r => r.WaveId == wave.Id).ToListAsync();
            db.Responses.Remove(responses.First(r => r.Answers["recommend"] == "0"));
            await db.SaveChangesAsync();
        }
        var reloaded = await Overview();
        Assert.Equal(10, reloaded.GetProperty("responses").GetInt64());
        Assert.Equal(40, reloaded.GetProperty("nps")[0].GetProperty("nps").GetDouble(), 9);
    }

    /// <summary>
    /// t1 perception 4 4 5 3, expectation 5 5 5 5 → X̄ 4, Ȳ 5, F 0.8, gap −1, dissatisfied; t2 perception all 5, expectation all 4 →
    /// F 1.25, gap 1, delighted. Overall (equal weights) F = (0.8 + 1.25)/2 = 1.025 → satisfied (band 0.95–1.05), gap 0.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Ratios_HandWorked(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(Definition(
            new Question { Code = "t1", Type = QuestionType.Triple, Text = new("一", "One"), ScaleMin = 1, ScaleMax = 5 },
            new Question { Code = "t2", Type = QuestionType.Triple, Text = new("二", "Two"), ScaleMin = 1, ScaleMax = 5 }), minimumN: 2);
        int[] p1 = [4, 4, 5, 3];
        await app.AddResponsesAsync(wave, [.. p1.Select(p => new SeedResponse(Cells(
            ("t1.importance", 3), ("t1.perception", p), ("t1.expectation", 5), ("t2.importance", 3), ("t2.perception", 5), ("t2.expectation", 4))))]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/ratios");
        var items = r.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal(0.8, items["t1.perception"].GetProperty("ratio").GetDouble(), 12);
        Assert.Equal(-1, items["t1.perception"].GetProperty("gap").GetDouble(), 12);
        Assert.Equal("dissatisfied", items["t1.perception"].GetProperty("verdict").GetString());
        Assert.Equal(1.25, items["t2.perception"].GetProperty("ratio").GetDouble(), 12);
        Assert.Equal("delighted", items["t2.perception"].GetProperty("verdict").GetString());
        Assert.Equal(1.025, r.GetProperty("overallRatio").GetDouble(), 12);
        Assert.Equal(0, r.GetProperty("overallGap").GetDouble(), 12);
        Assert.Equal("satisfied", r.GetProperty("overallVerdict").GetString());

        // A model the questionnaire has no cells for: 200, empty, with a note.
        var kano = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/kano");
        Assert.Empty(kano.GetProperty("features").EnumerateArray());
        Assert.NotEmpty(kano.GetProperty("notes").EnumerateArray());
        var servqual = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/servqual");
        Assert.Empty(servqual.GetProperty("items").EnumerateArray());
        Assert.NotEmpty(servqual.GetProperty("notes").EnumerateArray());
    }

    /// <summary>
    /// Terms s0…s4. L1 importance all s4 (β 4), perception s2 s2 s3 s3 (β 2.5), expectation all s3 (β 3); L2 importance all s2 (β 2),
    /// perception and expectation all s4. ξ = 4/6, 2/6; d = 2.5/3, 4/4 = 1; Φ = (2.5/3)(4/6) + 1·(2/6) = 0.8889 → dissatisfied (&lt; 0.95).
    /// L1: d &lt; Φ → key improvement, ξ &gt; 1/2 → focus object; L2: general improvement, ordinary object; ranks L2 1, L1 2.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Linguistic_HandWorked(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        QuestionOption[] terms = [.. Enumerable.Range(0, 5).Select(i => new QuestionOption("s" + i, new("s" + i, "s" + i)))];
        var wave = await app.AddWaveAsync(Definition(
            new Question { Code = "l1", Type = QuestionType.Triple, Text = new("一", "One"), Options = terms },
            new Question { Code = "l2", Type = QuestionType.Triple, Text = new("二", "Two"), Options = terms }), minimumN: 2);
        string[] p1 = ["s2", "s2", "s3", "s3"];
        await app.AddResponsesAsync(wave, [.. p1.Select(p => new SeedResponse(Cells(
            ("l1.importance", "s4"), ("l1.perception", p), ("l1.expectation", "s3"), ("l2.importance", "s2"), ("l2.perception", "s4"), ("l2.expectation", "s4"))))]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/linguistic");
        var phi = 2.5 / 3 * (4.0 / 6) + 1 * (2.0 / 6);
        Assert.Equal(phi, r.GetProperty("overall").GetDouble(), 9);
        Assert.Equal("dissatisfied", r.GetProperty("verdict").GetString());
        Assert.Equal(0.5, r.GetProperty("weightCrossHair").GetDouble(), 12);
        var indicators = r.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal(2.5, indicators["l1"].GetProperty("perception").GetProperty("beta").GetDouble(), 12);
        Assert.Equal(4.0 / 6, indicators["l1"].GetProperty("weight").GetDouble(), 12);
        Assert.Equal(2.5 / 3, indicators["l1"].GetProperty("satisfaction").GetDouble(), 12);
        Assert.Equal("key", indicators["l1"].GetProperty("improvement").GetString());
        Assert.Equal("focus", indicators["l1"].GetProperty("objectClass").GetString());
        Assert.Equal(2, indicators["l1"].GetProperty("rank").GetInt32());
        Assert.Equal("general", indicators["l2"].GetProperty("improvement").GetString());
        Assert.Equal("ordinary", indicators["l2"].GetProperty("objectClass").GetString());
        Assert.Equal(1, indicators["l2"].GetProperty("rank").GetInt32());
    }

    /// <summary>
    /// k1 pairs: (like, dislike) ×2 → O, (like, neutral) → A, (neutral, dislike) → M (Kano evaluation table) → A 1, O 2, M 1, I 0:
    /// Better = (A + O)/(A + O + M + I) = 3/4, Worse = −(O + M)/4 = −3/4, category O (one-dimensional).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Kano_HandWorked(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(Definition(new Question { Code = "k1", Type = QuestionType.Kano, Text = new("功能", "Feature") }), minimumN: 2);
        (string F, string D)[] pairs = [("like", "dislike"), ("like", "dislike"), ("like", "neutral"), ("neutral", "dislike")];
        await app.AddResponsesAsync(wave, [.. pairs.Select(p => new SeedResponse(Cells(("k1.functional", p.F), ("k1.dysfunctional", p.D))))]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/kano");
        var feature = Assert.Single(r.GetProperty("features").EnumerateArray().ToList());
        Assert.Equal(4, feature.GetProperty("n").GetInt64());
        Assert.Equal(0.75, feature.GetProperty("better").GetDouble(), 12);
        Assert.Equal(-0.75, feature.GetProperty("worse").GetDouble(), 12);
        Assert.Equal("oneDimensional", feature.GetProperty("category").GetString());
        Assert.Equal(2, feature.GetProperty("counts").GetProperty("oneDimensional").GetInt64());
    }

    /// <summary>
    /// s1 (tangibles) E all 6, P all 5 → gap −1; s2 (reliability) E all 7, P 4 5 6 7 → P̄ 5.5, gap −1.5. Overall = mean of the
    /// dimension gaps = −1.25; with points tangibles 40, reliability 60: 0.4·(−1) + 0.6·(−1.5) = −1.3.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Servqual_HandWorkedAndWeighted(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(Definition(
            new Question { Code = "s1", Type = QuestionType.Servqual, Dimension = "tangibles", Text = new("设施", "Facilities"), ScaleMin = 1, ScaleMax = 7 },
            new Question { Code = "s2", Type = QuestionType.Servqual, Dimension = "reliability", Text = new("可靠", "Reliable"), ScaleMin = 1, ScaleMax = 7 }), minimumN: 2);
        int[] p2 = [4, 5, 6, 7];
        await app.AddResponsesAsync(wave, [.. p2.Select(p => new SeedResponse(Cells(("s1.expectation", 6), ("s1.perception", 5), ("s2.expectation", 7), ("s2.perception", p))))]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/servqual");
        Assert.Equal(-1.25, r.GetProperty("gap").GetDouble(), 12);
        var items = r.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal(-1, items["s1"].GetProperty("gap").GetDouble(), 12);
        Assert.Equal(5.5, items["s2"].GetProperty("perception").GetDouble(), 12);
        Assert.Equal(4, items["s2"].GetProperty("n").GetInt64());
        var dimensions = r.GetProperty("dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("dimension").GetString()!);
        Assert.Equal(-1.5, dimensions["reliability"].GetProperty("gap").GetDouble(), 12);
        var weighted = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/servqual?points=tangibles=40,reliability=60");
        Assert.Equal(-1.3, weighted.GetProperty("weightedGap").GetDouble(), 12);
        using var bad = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/analysis/servqual?points=tangibles=40,reliability=50"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("points", await bad.ErrorFieldsAsync());

        // The page takes the points from its form (one field per dimension) and shows the same weighted gap, −1.3.
        var page = await analyst.GetStringAsync(Url($"/analysis/{wave.Id}/servqual?points.tangibles=40&points.reliability=60"));
        Assert.Contains("<span class=\"tile-number\" id=\"servqual-weighted-gap\">-1.30</span>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"points-tangibles\" name=\"points.tangibles\" value=\"40\"", page, StringComparison.Ordinal);
        var refused = await analyst.GetStringAsync(Url($"/analysis/{wave.Id}/servqual?points.tangibles=40&points.reliability=50"));
        Assert.DoesNotContain("servqual-weighted-gap", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"analysis-notes\"", refused, StringComparison.Ordinal);
    }
}
