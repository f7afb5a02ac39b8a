using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Customers;
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

/// <summary>One app per provider for the leading-indicator tests (each test makes its own units and questionnaire).</summary>
public sealed class LeadingFixture : SharedApps;

/// <summary>
/// GET /api/v1/analysis/leading and /analysis/leading (product.md M1.11): a unit's satisfaction over 8 quarters and sales that
/// follow it two quarters later.
/// </summary>
public class LeadingIndicatorTests(LeadingFixture fixture) : IClassFixture<LeadingFixture>
{
    // Satisfaction per quarter 2024-Q1 … 2025-Q4: two answers on 1–5 each, 0–100 = 25·(x − 1):
    //   (2,2) 25, (3,3) 50, (2,3) 37.5, (4,4) 75, (3,4) 62.5, (5,5) 100, (4,5) 87.5, (3,3) 50.
    private static readonly (int A, int B)[] Answers = [(2, 2), (3, 3), (2, 3), (4, 4), (3, 4), (5, 5), (4, 5), (3, 3)];
    private static readonly double[] Satisfaction = [25, 50, 37.5, 75, 62.5, 100, 87.5, 50];

    // Sales: 1100 and 1200 in the first two quarters, then 1000 + 10·satisfaction of two quarters before:
    //   1250, 1500, 1375, 1750, 1625, 2000.
    private static readonly double[] Sales = [1100, 1200, 1250, 1500, 1375, 1750, 1625, 2000];

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private sealed record Seed(Guid Unit, Guid Other, Guid QuestionnaireId, string Query);

    /// <summary>A unit with two customers, a questionnaire with an overall question, 16 responses and the sales figures; noise elsewhere.</summary>
    private static async Task<Seed> SeedAsync(ManyiWebFactory app)
    {
        var home = await app.HomeUnitAsync();
        var unit = await app.AddUnitAsync(home.Id);
        var branch = await app.AddUnitAsync(unit);
        var other = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(new QuestionnaireDefinition
        {
            Title = new("满意度", "Satisfaction"),
            Pages = [new QuestionPage { Questions = [new Question { Code = "overall", Type = QuestionType.Scale, Text = new("总体", "Overall"), ScaleMin = 1, ScaleMax = 5 }] }],
        });
        var first = new DateTimeOffset(2024, 2, 10, 8, 0, 0, TimeSpan.Zero);
        for (var q = 0; q < 8; q++)
        {
            // One answer at the unit, one at its branch (the subtree counts), both in the middle of quarter q.
            await app.AddResponsesAsync(wave,
                [new SeedResponse(Cells(("overall", Answers[q].A)), unit), new SeedResponse(Cells(("overall", Answers[q].B)), branch)],
                first.AddMonths(3 * q));
            // Another unit's answers must not count.
            await app.AddResponsesAsync(wave, [new SeedResponse(Cells(("overall", 1)), other)], first.AddMonths(3 * q));
        }
        var mine = await app.AddCustomerAsync(unit, "retail");
        var theirs = await app.AddCustomerAsync(branch, "retail");
        var outsider = await app.AddCustomerAsync(other, "retail");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            (await db.Waves.SingleAsync(w => w.Id == wave.Id)).OpensAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var now = DateTimeOffset.UtcNow;
            CustomerMeasure Figure(Guid customer, DateOnly start, double value) => new()
            {
                Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, CustomerId = customer, Measure = CustomerMeasure.Sales,
                PeriodStart = start, PeriodEnd = start.AddMonths(1).AddDays(-1), Value = value, ImportedAt = now,
            };
            for (var q = 0; q < 8; q++)
            {
                // Split over the quarter's months and customers: 60 % in the first month (unit's customer), 40 % in the third (branch's);
                // in quarter 2 (2024-Q3) 250 of the 1250 come as a group figure of the unit.
                var start = new DateOnly(2024, 1, 1).AddMonths(3 * q);
                var total = q == 2 ? Sales[q] - 250 : Sales[q];
                db.CustomerMeasures.Add(Figure(mine, start, total * 0.6));
                db.CustomerMeasures.Add(Figure(theirs, start.AddMonths(2), total * 0.4));
                db.CustomerMeasures.Add(Figure(outsider, start, 99999));
            }
            db.GroupMeasures.Add(new GroupMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, UnitId = unit, Measure = CustomerMeasure.Sales,
                PeriodStart = new DateOnly(2024, 7, 1), PeriodEnd = new DateOnly(2024, 9, 30), Value = 250, ImportedAt = now,
            });
            // Outside the range and another measure: not counted.
            db.CustomerMeasures.Add(Figure(mine, new DateOnly(2023, 12, 1), 77777));
            db.CustomerMeasures.Add(WithMeasure(Figure(mine, new DateOnly(2024, 1, 1), 5), CustomerMeasure.Profit));
            await db.SaveChangesAsync();
        }
        return new Seed(unit, other, wave.QuestionnaireId,
            $"unitId={unit}&questionnaireId={wave.QuestionnaireId}&measure=sales&grain=quarter&from=2024-01-01&to=2025-12-31&maxLag=3");
    }

    private static CustomerMeasure WithMeasure(CustomerMeasure measure, string key)
    {
        measure.Measure = key;
        return measure;
    }

    // Hand computation of r at each lag k (pairs satisfaction q, sales q + k):
    //   lag 2: sales(q + 2) = 1000 + 10·satisfaction(q) for q = 0…5 — an exact line, r = 1, p = 0.
    //   lag 0: 8 pairs, x̄ = 487.5/8 = 60.9375, ȳ = 11800/8 = 1475, Sxy = 30937.5, Sxx = 4511.71875, Syy = 651250
    //          → r = 30937.5/√(4511.71875·651250) = 0.570743.
    //   lag 1: 7 pairs (x_0…x_6, y_1…y_7), x̄ = 62.5, ȳ = 10700/7, Sxy = 30000, Sxx = 4375, Syy = 490535.714 → r = 0.647585.
    //   lag 3: 5 pairs (x_0…x_4, y_3…y_7), x̄ = 50, ȳ = 1650, Sxy = 6250, Sxx = 1562.5, Syy = 231250 → r = 0.328798.
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Leading_SalesFollowSatisfaction_StrongestAtLagTwo(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var seed = await SeedAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);

        using var response = await analyst.GetAsync(Url("/api/v1/analysis/leading?" + seed.Query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("quarter", body.GetProperty("grain").GetString());
        Assert.Equal("2024-01-01", body.GetProperty("from").GetString());
        Assert.Equal("2025-12-31", body.GetProperty("to").GetString());
        var periods = body.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(8, periods.Count);
        Assert.Equal("2024-Q1", periods[0].GetProperty("label").GetString());
        Assert.Equal("2025-Q4", periods[7].GetProperty("label").GetString());
        for (var q = 0; q < 8; q++)
        {
            Assert.Equal(Satisfaction[q], periods[q].GetProperty("satisfaction").GetDouble(), 1e-9);
            Assert.Equal(2, periods[q].GetProperty("responses").GetInt32());
            Assert.Equal(Sales[q], periods[q].GetProperty("measure").GetDouble(), 1e-6);
            Assert.Equal(q == 2 ? 3 : 2, periods[q].GetProperty("figures").GetInt32());
        }
        var lags = body.GetProperty("lags").EnumerateArray().ToList();
        Assert.Equal([8, 7, 6, 5], lags.Select(l => l.GetProperty("n").GetInt32()));
        Assert.Equal(0.570743, lags[0].GetProperty("r").GetDouble(), 1e-5);
        Assert.Equal(0.647585, lags[1].GetProperty("r").GetDouble(), 1e-5);
        Assert.Equal(1, lags[2].GetProperty("r").GetDouble(), 1e-9);
        Assert.Equal(0.328798, lags[3].GetProperty("r").GetDouble(), 1e-5);
        var strongest = body.GetProperty("strongest");
        Assert.Equal(2, strongest.GetProperty("lag").GetInt32());
        Assert.True(strongest.GetProperty("significant").GetBoolean());
        Assert.Equal(0, strongest.GetProperty("pValue").GetDouble());
        Assert.Contains("2", body.GetProperty("reading").GetString(), StringComparison.Ordinal);

        // Defaults: the organisation (everything the analyst sees) and the questionnaire with most responses still answer 200.
        using var defaults = await analyst.GetAsync(Url("/api/v1/analysis/leading"));
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        var plain = await defaults.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sales", plain.GetProperty("measure").GetString());
        Assert.Equal(4, plain.GetProperty("maxLag").GetInt32());
        Assert.Equal(12, plain.GetProperty("periods").GetArrayLength());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Leading_AnswersFallInTheOrganisationsCalendarDay_NotTheUtcDay(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        // The organisation's business calendar is the default one, Asia/Shanghai (UTC+8, no daylight saving time).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var organisationId = (await app.HomeUnitAsync()).OrganisationId;
            Assert.Equal("Asia/Shanghai", (await Manyi.Web.Features.Cases.CaseRules.LoadAsync(db, organisationId, CancellationToken.None)).Calendar.TimeZone);
        }
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        var wave = await app.AddWaveAsync(new QuestionnaireDefinition
        {
            Title = new("时区", "Time zone"),
            Pages = [new QuestionPage { Questions = [new Question { Code = "overall", Type = QuestionType.Scale, Text = new("总体", "Overall"), ScaleMin = 1, ScaleMax = 5 }] }],
        });
        // 2024-03-31 15:00 UTC = 23:00 on 31 March in Shanghai (Q1), answer 1 → 0; 2024-03-31 17:00 UTC = 01:00 on 1 April (Q2),
        // answer 5 → 100. Cut in UTC both would be Q1 (mean 50 of 2) and Q2 empty.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            (await db.Waves.SingleAsync(w => w.Id == wave.Id)).OpensAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            await db.SaveChangesAsync();
        }
        await app.AddResponsesAsync(wave, [new SeedResponse(Cells(("overall", 1)), unit)], new DateTimeOffset(2024, 3, 31, 15, 0, 0, TimeSpan.Zero));
        await app.AddResponsesAsync(wave, [new SeedResponse(Cells(("overall", 5)), unit)], new DateTimeOffset(2024, 3, 31, 17, 0, 0, TimeSpan.Zero));
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);

        var body = await analyst.GetFromJsonAsync<JsonElement>(
            Url($"/api/v1/analysis/leading?unitId={unit}&questionnaireId={wave.QuestionnaireId}&grain=quarter&from=2024-01-01&to=2024-06-30"));
        var periods = body.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2024-Q1", "2024-Q2"], periods.Select(p => p.GetProperty("label").GetString()));
        Assert.Equal([1, 1], periods.Select(p => p.GetProperty("responses").GetInt32()));
        Assert.Equal(0, periods[0].GetProperty("satisfaction").GetDouble(), 1e-9);
        Assert.Equal(100, periods[1].GetProperty("satisfaction").GetDouble(), 1e-9);

        // The range starts at Shanghai midnight too: from 1 April only the second answer counts.
        var april = await analyst.GetFromJsonAsync<JsonElement>(
            Url($"/api/v1/analysis/leading?unitId={unit}&questionnaireId={wave.QuestionnaireId}&grain=month&from=2024-04-01&to=2024-04-30"));
        Assert.Equal(1, april.GetProperty("periods")[0].GetProperty("responses").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Leading_UnitScopeAndValidation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var seed = await SeedAsync(app);

        // A manager of another unit gets 404 for this unit; the unit's own manager reads it.
        using (var otherManager = await app.CreateClientAsAsync(Roles.UnitManager, seed.Other))
        {
            using var notMine = await otherManager.GetAsync(Url("/api/v1/analysis/leading?" + seed.Query));
            Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
            using var page = await otherManager.GetAsync(Url("/analysis/leading?" + seed.Query));
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            // Without a unit the manager sees only its own unit: the other unit's one answer of 1 per quarter → 0.
            using var own = await otherManager.GetAsync(Url($"/api/v1/analysis/leading?questionnaireId={seed.QuestionnaireId}&from=2024-01-01&to=2024-03-31"));
            var body = await own.Content.ReadFromJsonAsync<JsonElement>();
            var period = body.GetProperty("periods")[0];
            Assert.Equal(0, period.GetProperty("satisfaction").GetDouble(), 1e-9);
            Assert.Equal(1, period.GetProperty("responses").GetInt32());
            Assert.Equal(99999, period.GetProperty("measure").GetDouble(), 1e-6);
        }
        using (var manager = await app.CreateClientAsAsync(Roles.UnitManager, seed.Unit))
        {
            using var mine = await manager.GetAsync(Url("/api/v1/analysis/leading?" + seed.Query));
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using (var unknownUnit = await analyst.GetAsync(Url($"/api/v1/analysis/leading?unitId={Guid.NewGuid()}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownUnit.StatusCode);
        }
        using (var unknownQuestionnaire = await analyst.GetAsync(Url($"/api/v1/analysis/leading?questionnaireId={Guid.NewGuid()}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownQuestionnaire.StatusCode);
        }
        foreach (var (query, field) in new[]
        {
            ("unitId=abc", "unitId"), ("questionnaireId=1", "questionnaireId"), ("measure=Sales!", "measure"), ("grain=week", "grain"),
            ("from=2024-13-01", "from"), ("to=yesterday", "to"), ("maxLag=-1", "maxLag"), ("maxLag=99", "maxLag"), ("maxLag=x", "maxLag"),
            ("from=2025-01-01&to=2024-01-01", "from"), ("grain=month&from=1990-01-01&to=2025-01-01", "to"),
        })
        {
            using var bad = await analyst.GetAsync(Url("/api/v1/analysis/leading?" + query));
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, query + " → " + bad.StatusCode.ToString() + " " + await bad.Content.ReadAsStringAsync());
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task LeadingPage_RendersTablesChartsAndTrace(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var seed = await SeedAsync(app);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);

        using var response = await viewer.GetAsync(Url("/analysis/leading?" + seed.Query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var id in new[] { "table-leading-series", "table-leading-lags", "chart-leading-series", "chart-leading-lags", "leading-data", "leading-reading", "trace" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("2025-Q4", html, StringComparison.Ordinal);
        Assert.Contains("87.50", html, StringComparison.Ordinal);

        using var bad = await viewer.GetAsync(Url("/analysis/leading?grain=week"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"leading-problems\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var landing = await viewer.GetAsync(Url("/analysis"));
        Assert.Contains("id=\"link-leading\"", await landing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
