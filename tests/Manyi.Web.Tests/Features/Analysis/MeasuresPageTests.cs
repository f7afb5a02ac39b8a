using System.Net;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Core.Users;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Analysis;

/// <summary>The measure analysis pages render their tables, encode question texts and answer 404 for a wave the caller may not see.</summary>
[Collection(MeasuresGroup.Name)]
public class MeasuresPageTests(MeasuresFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_RenderTablesEncodeTextAnd404ForOthers(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        const string Evil = "<script>alert('x')</script>";
        QuestionOption[] terms = [.. Enumerable.Range(0, 5).Select(i => new QuestionOption("s" + i, new("s" + i)))];
        var wave = await app.AddWaveAsync(new QuestionnaireDefinition
        {
            Title = new("测试", "Test"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question { Code = "t1", Type = QuestionType.Triple, Text = new(Evil, Evil), ScaleMin = 1, ScaleMax = 5 },
                        new Question { Code = "l1", Type = QuestionType.Triple, Text = new("语言", "Terms"), Options = terms },
                        new Question { Code = "k1", Type = QuestionType.Kano, Text = new("功能", "Feature") },
                        new Question { Code = "s1", Type = QuestionType.Servqual, Dimension = "tangibles", Text = new("设施", "Facilities"), ScaleMin = 1, ScaleMax = 7 },
                    ],
                },
            ],
        }, minimumN: 2);
        await app.AddResponsesAsync(wave, [.. Enumerable.Range(0, 4).Select(i => new SeedResponse(Cells(
            ("t1.importance", 3), ("t1.perception", 3 + (i % 2)), ("t1.expectation", 4),
            ("l1.importance", "s3"), ("l1.perception", "s2"), ("l1.expectation", "s3"),
            ("k1.functional", "like"), ("k1.dysfunctional", i < 2 ? "dislike" : "neutral"),
            ("s1.expectation", 6), ("s1.perception", 5))))]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        foreach (var (page, table) in new[] { ("overview", "table-overview"), ("index", "table-index"), ("ratios", "table-ratios"), ("linguistic", "table-linguistic"), ("kano", "table-kano"), ("servqual", "table-servqual") })
        {
            using var response = await analyst.GetAsync(Url($"/analysis/{wave.Id}/{page}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"id=\"{table}\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"trace\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Evil, html, StringComparison.Ordinal);
            using var unknown = await analyst.GetAsync(Url($"/analysis/{Guid.NewGuid()}/{page}"));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using var landing = await analyst.GetAsync(Url("/analysis"));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        var list = await landing.Content.ReadAsStringAsync();
        Assert.Contains(wave.Name, list, StringComparison.Ordinal);
        Assert.Contains($"/analysis/{wave.Id}/servqual", list, StringComparison.Ordinal);

        // A unit manager of another unit does not see the wave of a unit that is not theirs.
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var waveOfA = await app.AddWaveAsync(new QuestionnaireDefinition { Title = new("A"), Pages = [new QuestionPage { Questions = [new Question { Code = "q", Type = QuestionType.Scale, Text = new("q") }] }] }, waveUnitId: a);
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, b);
        using var notMine = await managerOfB.GetAsync(Url($"/analysis/{waveOfA.Id}/overview"));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        var theirs = await (await managerOfB.GetAsync(Url("/analysis"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(waveOfA.Name, theirs, StringComparison.Ordinal);
    }
}
