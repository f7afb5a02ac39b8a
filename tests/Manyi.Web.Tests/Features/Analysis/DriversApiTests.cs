using System.Net;
using System.Text.Json;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using MathNet.Numerics.Distributions;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Analysis;

[Collection(DriversGroup.Name)]
public class DriversApiTests(DriversFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>
    /// Two waves worked by hand. Satisfaction (CSAT 1–5, top 2): before 5 4 4 3 2 5 5 1 4 3 → 6 of 10; after 5 5 4 4 4 5 5 4 2 3 → 8 of 10.
    /// z = (0.8 − 0.6)/√(0.7·0.3·(1/10 + 1/10)) = 0.9759 (pooled), p = 2Φ(−|z|) = 0.329 → not significant.
    /// q1: before 5 5 4 4 3 3 2 2 1 1 (mean 3, s² = 20/9); after 4 4 4 4 4 5 5 5 5 5 (mean 4.5, s² = 2.5/9);
    /// Welch t = 1.5/√(20/90 + 2.5/90) = 1.5/0.5 = 3 → significant at α = 0.05 (p &lt; 0.05 for any df ≥ 5 at t = 3).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Compare_HandWorkedWaves_GivesTheHandFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var after = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        var before = await app.AddSiblingWaveAsync(after, daysEarlier: 90);
        int[] csatBefore = [5, 4, 4, 3, 2, 5, 5, 1, 4, 3], csatAfter = [5, 5, 4, 4, 4, 5, 5, 4, 2, 3];
        int[] q1Before = [5, 5, 4, 4, 3, 3, 2, 2, 1, 1], q1After = [4, 4, 4, 4, 4, 5, 5, 5, 5, 5];
        await app.AddResponsesAsync(before, Enumerable.Range(0, 10).Select(i => new SeedResponse(Cells(("recommend", 8), ("satisfaction", csatBefore[i]), ("q1", q1Before[i])), home.Id)));
        await app.AddResponsesAsync(after, Enumerable.Range(0, 10).Select(i => new SeedResponse(Cells(("recommend", 9), ("satisfaction", csatAfter[i]), ("q1", q1After[i])), home.Id)));

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/analysis/compare");
        Assert.Equal(before.Id, r.GetProperty("againstWaveId").GetGuid());
        var measures = r.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, StringComparer.Ordinal);

        var csat = measures["satisfaction"].GetProperty("overall");
        Assert.Equal("csat", measures["satisfaction"].GetProperty("measure").GetString());
        Assert.Equal(0.6, csat.GetProperty("before").GetDouble(), 12);
        Assert.Equal(0.8, csat.GetProperty("after").GetDouble(), 12);
        var z = 0.2 / Math.Sqrt(0.7 * 0.3 * 0.2);
        Assert.Equal(z, csat.GetProperty("statistic").GetDouble(), 9);
        Assert.Equal(2 * Normal.CDF(0, 1, -z), csat.GetProperty("pValue").GetDouble(), 9);
        Assert.False(csat.GetProperty("significant").GetBoolean());

        var q1 = measures["q1"].GetProperty("overall");
        Assert.Equal("mean", measures["q1"].GetProperty("measure").GetString());
        Assert.Equal(1.5, q1.GetProperty("change").GetDouble(), 12);
        Assert.Equal(3.0, q1.GetProperty("statistic").GetDouble(), 9);
        Assert.True(q1.GetProperty("significant").GetBoolean());

        // NPS: every promoter after (9) against every passive before (8): +100 points.
        Assert.Equal(100, measures["recommend"].GetProperty("overall").GetProperty("change").GetDouble(), 9);
        Assert.True(measures.ContainsKey("index"));

        // The page offers the other wave of the questionnaire as "compare against", and marks the one chosen.
        var page = await analyst.GetStringAsync(Url($"/analysis/{after.Id}/compare"));
        Assert.Contains("id=\"compare-against\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{before.Id}\">", page, StringComparison.Ordinal);
        var chosen = await analyst.GetStringAsync(Url($"/analysis/{after.Id}/compare?against={before.Id}"));
        Assert.Contains($"<option value=\"{before.Id}\" selected=\"selected\">", chosen, StringComparison.Ordinal);

        // The earlier wave has nothing before it.
        var first = await GetAsync(analyst, $"/api/v1/waves/{before.Id}/analysis/compare");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("againstWaveId").ValueKind);
        Assert.Empty(first.GetProperty("measures").EnumerateArray());
    }

    /// <summary>
    /// Three customers of values K = 1, 2, 3 (K₀ = mean = 2, weights 0.5, 1, 1.5). Before: satisfaction 3, 3, 3 → plain 3,
    /// weighted (1.5 + 3 + 4.5)/3 = 3. After: 5, 4, 1 → plain 10/3, weighted (2.5 + 4 + 1.5)/3 = 8/3. ΔP = +1/3, ΔW = −1/3: a
    /// satisfaction trap, driven most by the most valuable customer (3 → 1).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Value_HandWorkedCustomers_FindsTheTrapAndItsCustomer(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var after = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 2);
        var before = await app.AddSiblingWaveAsync(after, daysEarlier: 30);
        var c1 = await app.AddValuedCustomerAsync(home.Id, "small", 1m);
        var c2 = await app.AddValuedCustomerAsync(home.Id, "small", 2m);
        var c3 = await app.AddValuedCustomerAsync(home.Id, "key", 3m, "<b>Key & Co</b>");
        Guid[] customers = [c1, c2, c3];
        int[] scoresBefore = [3, 3, 3], scoresAfter = [5, 4, 1];
        await app.AddResponsesAsync(before, Enumerable.Range(0, 3).Select(i => new SeedResponse(Cells(("satisfaction", scoresBefore[i]), ("q1", 3)), home.Id, customers[i])));
        await app.AddResponsesAsync(after, Enumerable.Range(0, 3).Select(i => new SeedResponse(Cells(("satisfaction", scoresAfter[i]), ("q1", 4)), home.Id, customers[i])));

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/analysis/value");
        Assert.Equal(2, r.GetProperty("standardValue").GetDouble(), 12);
        Assert.Equal(3, r.GetProperty("customers").GetInt32());
        var satisfaction = r.GetProperty("items").EnumerateArray().First(i => i.GetProperty("key").GetString() == "satisfaction");
        Assert.Equal(10.0 / 3, satisfaction.GetProperty("plain").GetDouble(), 12);
        Assert.Equal(8.0 / 3, satisfaction.GetProperty("weighted").GetDouble(), 12);
        var trap = r.GetProperty("trap");
        Assert.Equal(before.Id, trap.GetProperty("againstWaveId").GetGuid());
        Assert.True(trap.GetProperty("trap").GetBoolean());
        Assert.Equal(1.0 / 3, trap.GetProperty("plainChange").GetDouble(), 12);
        Assert.Equal(-1.0 / 3, trap.GetProperty("weightedChange").GetDouble(), 12);
        Assert.Equal(c3, trap.GetProperty("customers")[0].GetProperty("customerId").GetGuid());
        Assert.Equal("key", trap.GetProperty("segments")[0].GetProperty("segment").GetString());

        // Minimum as K₀: weights 1, 2, 3 → after (5 + 8 + 3)/3 = 16/3.
        var minimum = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/analysis/value?base=minimum");
        Assert.Equal(16.0 / 3, minimum.GetProperty("items").EnumerateArray().First(i => i.GetProperty("key").GetString() == "satisfaction").GetProperty("weighted").GetDouble(), 12);

        // The page names the customer, HTML-encoded (stored XSS).
        using var page = await analyst.GetAsync(Url($"/analysis/{after.Id}/value"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("&lt;b&gt;Key &amp; Co&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Key", html, StringComparison.Ordinal);
    }

    /// <summary>Trends: two waves in opening order; within the later one, 3 responses in January and 2 in February 2026 by month.</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Trends_WavesInOrderAndMonthsOfTheWave(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var latest = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 2);
        var earlier = await app.AddSiblingWaveAsync(latest, daysEarlier: 60);
        await app.AddResponsesAsync(earlier, Enumerable.Range(0, 2).Select(_ => new SeedResponse(Cells(("satisfaction", 2), ("recommend", 3)), home.Id)));
        // January: satisfaction 5, 4, 1 → CSAT 2/3; February: 5, 5 → 2/2.
        await app.AddResponsesAsync(latest, [.. new[] { 5, 4, 1 }.Select(s => new SeedResponse(Cells(("satisfaction", s), ("recommend", 10)), home.Id))], new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero));
        await app.AddResponsesAsync(latest, [.. new[] { 5, 5 }.Select(s => new SeedResponse(Cells(("satisfaction", s), ("recommend", 10)), home.Id))], new DateTimeOffset(2026, 2, 3, 8, 0, 0, TimeSpan.Zero));

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{latest.Id}/analysis/trends?by=month");
        Assert.Equal("month", r.GetProperty("by").GetString());
        var waves = r.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal([earlier.Id, latest.Id], waves.Select(w => w.GetProperty("waveId").GetGuid()));
        Assert.Equal(0, waves[0].GetProperty("csat").GetProperty("value").GetDouble(), 9);
        Assert.Equal(80, waves[1].GetProperty("csat").GetProperty("value").GetDouble(), 9);
        Assert.Equal(-100, waves[0].GetProperty("nps").GetProperty("value").GetDouble(), 9);
        var periods = r.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2026-01", "2026-02"], periods.Select(p => p.GetProperty("label").GetString()));
        Assert.Equal([3L, 2L], periods.Select(p => p.GetProperty("responses").GetInt64()));
        Assert.Equal(200.0 / 3, periods[0].GetProperty("csat").GetProperty("value").GetDouble(), 9);
        var band = periods[0].GetProperty("csat");
        Assert.True(band.GetProperty("low").GetDouble() < band.GetProperty("value").GetDouble());
        Assert.True(band.GetProperty("high").GetDouble() > band.GetProperty("value").GetDouble());

        var weeks = await GetAsync(analyst, $"/api/v1/waves/{latest.Id}/analysis/trends");
        // 2026-01-10 is a Saturday (week of Monday 5 January), 2026-02-03 a Tuesday (week of Monday 2 February).
        Assert.Equal(["2026-01-05", "2026-02-02"], weeks.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
    }

    /// <summary>PLS on the ACSI questionnaire template with answers generated from a latent satisfaction: constructs matched by code, every ACSI path estimated.</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pls_AcsiTemplate_EstimatesEveryPath(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var template = QuestionnaireTemplates.Find("acsi")!;
        var wave = await app.AddWaveAsync(template.Questionnaire, template.Indicators, minimumN: 5);
        var random = new Random(11);
        var cells = template.Questionnaire.Questions.Where(q => q.Type == QuestionType.Scale).Select(q => q.Code).ToList();
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 200).Select(_ =>
        {
            var level = random.NextDouble() * 6;
            var answers = cells.ToDictionary(c => c, c => (object?)Math.Clamp((int)Math.Round(2 + level + (random.NextDouble() * 3) - 1.5), 1, 10));
            var complained = random.Next(0, 4) == 0;
            answers["complained"] = complained ? "yes" : "no";
            if (!complained)
            {
                answers["complaint_handling"] = null;
            }
            return new SeedResponse(Cells([.. answers.Select(a => (a.Key, a.Value))]), home.Id);
        }).ToList());

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var r = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/pls?model=acsi");
        Assert.Equal("ACSI", r.GetProperty("model").GetString());
        Assert.Equal(200, r.GetProperty("n").GetInt32());
        Assert.True(r.GetProperty("imputed").GetInt32() > 0, "complaint handling is asked only of complainers; blanks are replaced by means");
        Assert.Equal(9, r.GetProperty("paths").GetArrayLength());
        var satisfaction = r.GetProperty("constructs").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Satisfaction");
        Assert.Equal("satisfaction", satisfaction.GetProperty("code").GetString());
        Assert.InRange(satisfaction.GetProperty("rSquared").GetDouble(), 0.3, 1);
        Assert.InRange(r.GetProperty("satisfactionIndex").GetDouble(), 0, 100);
        Assert.Equal(3, r.GetProperty("outer").EnumerateArray().Count(o => o.GetProperty("construct").GetString() == "Satisfaction"));

        // A questionnaire without an indicator system: 200 with an empty model and a note.
        var plain = await app.AddWaveAsync(ScoresQuestionnaire(), minimumN: 5);
        var none = await GetAsync(analyst, $"/api/v1/waves/{plain.Id}/analysis/pls");
        Assert.Empty(none.GetProperty("paths").EnumerateArray());
        Assert.NotEmpty(none.GetProperty("notes").EnumerateArray());

        using var page = await analyst.GetAsync(Url($"/analysis/{wave.Id}/pls"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"chart-pls\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadInput_ValidationProblemNamingTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), minimumN: 5);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        foreach (var (path, field) in new[]
        {
            ("drivers?from=yesterday", "from"), ("ipa?channel=pigeon", "channel"), ("value?against=abc", "against"), ("value?base=max", "base"),
            ("compare?against=1", "against"), ("trends?by=year", "by"), ("pls?model=xyz", "model"), ("pls?bootstrap=-3", "bootstrap"), ("pls?missing=drop", "missing"),
        })
        {
            using var response = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/analysis/{path}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), path);
        }
        // A segment is compared as a value, never pasted into SQL: an injection attempt matches nothing.
        var injected = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/drivers?segment={Uri.EscapeDataString("x' OR '1'='1")}");
        Assert.Equal(0, injected.GetProperty("responses").GetInt32());
        // Unknown wave and unknown comparison wave: 404.
        using var unknown = await analyst.GetAsync(Url($"/api/v1/waves/{Guid.NewGuid()}/analysis/drivers"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownAgainst = await analyst.GetAsync(Url($"/api/v1/waves/{wave.Id}/analysis/compare?against={Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, unknownAgainst.StatusCode);
    }

    /// <summary>A manager of branch B reads only B's responses, and gets 404 for a wave of branch A and for A as the unit filter.</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_SeesOnlyTheirUnitsAnd404Otherwise(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var shared = await app.AddWaveAsync(ScoresQuestionnaire(), minimumN: 1);
        await app.AddResponsesAsync(shared, [
            .. Enumerable.Range(0, 4).Select(i => new SeedResponse(Cells(("satisfaction", 5), ("recommend", 10)), a)),
            .. Enumerable.Range(0, 3).Select(i => new SeedResponse(Cells(("satisfaction", 1), ("recommend", 0)), b))]);
        var ofA = await app.AddWaveAsync(ScoresQuestionnaire(), waveUnitId: a);
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, b);

        var trends = await GetAsync(managerOfB, $"/api/v1/waves/{shared.Id}/analysis/trends");
        var point = Assert.Single(trends.GetProperty("waves").EnumerateArray().ToList());
        Assert.Equal(3, point.GetProperty("responses").GetInt64());
        Assert.Equal(0, point.GetProperty("csat").GetProperty("value").GetDouble(), 9);
        foreach (var page in new[] { "drivers", "ipa", "value", "compare", "trends", "pls" })
        {
            using var other = await managerOfB.GetAsync(Url($"/api/v1/waves/{ofA.Id}/analysis/{page}"));
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            using var filtered = await managerOfB.GetAsync(Url($"/api/v1/waves/{shared.Id}/analysis/{page}?unitId={a}"));
            Assert.Equal(HttpStatusCode.NotFound, filtered.StatusCode);
            using var html = await managerOfB.GetAsync(Url($"/analysis/{ofA.Id}/{page}"));
            Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        }
    }

    /// <summary>Every page renders for a wave with data, question texts HTML-encoded (stored XSS).</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_RenderWithEncodedQuestionTexts(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var definition = ScoresQuestionnaire();
        var evil = new LocalText("<script>alert(1)</script>", "<script>alert(1)</script>");
        definition = definition with
        {
            Pages = [definition.Pages[0] with { Questions = [.. definition.Pages[0].Questions.Select(q => q.Code == "q1" ? q with { Text = evil } : q)] }],
        };
        var wave = await app.AddWaveAsync(definition, ScoresIndicators(), minimumN: 5);
        var before = await app.AddSiblingWaveAsync(wave, 30);
        var random = new Random(3);
        SeedResponse Row() => new(Cells(("recommend", random.Next(0, 11)), ("satisfaction", random.Next(1, 6)), ("q1", random.Next(1, 6)), ("q2", random.Next(1, 6)), ("q3", random.Next(1, 6)), ("q4", random.Next(1, 6))), home.Id);
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 40).Select(_ => Row()).ToList());
        await app.AddResponsesAsync(before, Enumerable.Range(0, 40).Select(_ => Row()).ToList());
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        foreach (var page in new[] { "ipa", "drivers", "value", "compare", "trends", "pls" })
        {
            using var response = await analyst.GetAsync(Url($"/analysis/{wave.Id}/{page}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
            Assert.Contains("id=\"trace\"", html, StringComparison.Ordinal);
            if (page is "ipa" or "drivers" or "compare")
            {
                Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            }
        }
    }
}
