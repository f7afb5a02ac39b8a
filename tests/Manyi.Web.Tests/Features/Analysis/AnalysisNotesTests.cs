using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Analysis;

/// <summary>The analysis notes reach a page in the reader's language and the API in English.</summary>
[Collection(DriversGroup.Name)]
public partial class AnalysisNotesTests(DriversFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DriversPage_TooFewAnswers_ShowsTheNoteInTheRequestLanguage(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HeadOfficeAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        int[] satisfaction = [5, 3, 1], q1 = [4, 2, 3];
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 3).Select(i => new SeedResponse(Cells(("satisfaction", satisfaction[i]), ("q1", q1[i])), home.Id)));

        // Only q1 of the 4 rated attributes is answered: 0 complete rows, Manyi.Analytics refuses (needs 6), Drivers.NotComputable frames its English message.
        using var zh = await app.CreateClientAsAsync(Roles.Analyst);
        zh.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var zhPage = await zh.GetAsync(new Uri($"/analysis/{wave.Id}/drivers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, zhPage.StatusCode);
        var zhHtml = await zhPage.Content.ReadAsStringAsync();
        Assert.Contains("<li>无法计算关键驱动因素：key-driver analysis of 4 predictor(s) needs at least 6 complete rows", zhHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Key drivers cannot be computed", zhHtml, StringComparison.Ordinal);

        using var en = await app.CreateClientAsAsync(Roles.Analyst);
        en.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var enPage = await en.GetAsync(new Uri($"/analysis/{wave.Id}/drivers", UriKind.Relative));
        var enHtml = await enPage.Content.ReadAsStringAsync();
        Assert.Contains("<li>Key drivers cannot be computed: key-driver analysis of 4 predictor(s)", enHtml, StringComparison.Ordinal);

        // The API keeps the English sentence whatever the request language.
        using var api = await zh.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/analysis/drivers", UriKind.Relative));
        var json = await api.JsonAsync();
        Assert.StartsWith("Key drivers cannot be computed: key-driver analysis", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task IndexNote_CellBoundToAParentIndicator_InTheReadersLanguage_OnPageAndReport_EnglishInTheApi(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HeadOfficeAsync();
        // q4 is bound to "overall", the root of the indicator system, not one of its base indicators i1…i4.
        var definition = ScoresQuestionnaire();
        definition = definition with
        {
            Pages = [definition.Pages[0] with { Questions = [.. definition.Pages[0].Questions.Select(q => q.Code == "q4" ? q with { Indicator = "overall" } : q)] }],
        };
        var wave = await app.AddWaveAsync(definition, ScoresIndicators());
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 3).Select(i => new SeedResponse(Cells(("satisfaction", 4), ("q1", 3), ("q4", 5)), home.Id)));
        const string Chinese = "题目 'q4' 绑定到 'overall'，它不是指标体系的末级指标；不计入指数。";
        const string English = "Cell 'q4' is bound to 'overall', which is not a base indicator of the indicator system; it is left out of the index.";

        using var zh = await app.CreateClientAsAsync(Roles.Analyst);
        zh.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var zhIndex = WebUtility.HtmlDecode(await zh.GetStringAsync(new Uri($"/analysis/{wave.Id}/index", UriKind.Relative)));
        Assert.Contains(Chinese, zhIndex, StringComparison.Ordinal);
        Assert.DoesNotContain(English, zhIndex, StringComparison.Ordinal);
        var zhReport = WebUtility.HtmlDecode(await zh.GetStringAsync(new Uri($"/reports/wave/{wave.Id}", UriKind.Relative)));
        Assert.Contains(Chinese, zhReport, StringComparison.Ordinal);

        using var en = await app.CreateClientAsAsync(Roles.Analyst);
        en.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var enIndex = WebUtility.HtmlDecode(await en.GetStringAsync(new Uri($"/analysis/{wave.Id}/index", UriKind.Relative)));
        Assert.Contains(English, enIndex, StringComparison.Ordinal);

        // The live results API keeps the English sentence whatever the request language.
        using var api = await zh.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/results", UriKind.Relative));
        var json = await api.JsonAsync();
        Assert.Equal(English, Assert.Single(json.GetProperty("notes").EnumerateArray()).GetString());
    }

    [Fact]
    public void EveryKey_HasAnEnglishAndAChineseTemplate_WithTheSamePlaceholders()
    {
        var keys = typeof(AnalysisNoteKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(keys.Count >= 30, "about 30 kinds of note");
        var english = Templates("AnalysisNotesResource.resx");
        var chinese = Templates("AnalysisNotesResource.zh-CN.resx");
        foreach (var key in keys)
        {
            Assert.True(english.ContainsKey(key), $"{key} in .resx");
            Assert.True(chinese.ContainsKey(key), $"{key} in .zh-CN.resx");
            Assert.Equal(Placeholders(english[key]), Placeholders(chinese[key]));
            Assert.NotEqual(string.Empty, chinese[key]);
        }
        Assert.Equal(keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Fewer than 5 complete answers: the weights are suppressed.", AnalysisNote.Of(AnalysisNoteKeys.DriversSuppressed, 5).English);
    }

    private static Dictionary<string, string> Templates(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Manyi.Web", "Resources", file)))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return XDocument.Load(Path.Combine(dir.FullName, "src", "Manyi.Web", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);
    }

    private static List<string> Placeholders(string template) => [.. Placeholder().Matches(template).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
