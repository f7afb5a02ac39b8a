using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Manyi.Core.Collection;
using Manyi.Core.Surveys.Templates;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Surveys.SurveyData;

namespace Manyi.Web.Tests.Features.Surveys;

[Collection(SurveysGroup.Name)]
public class SurveyPagesTests(SurveysFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Analyst_CreatesFromTemplate_SeesQuestions_PreviewsInBothLanguages_AndEditsWithServerValidation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var list = await client.GetHtmlAsync("/surveys");
        // Default culture zh-CN: every template is offered with its Chinese name.
        Assert.All(QuestionnaireTemplates.All, t => Assert.Contains(WebUtility.HtmlEncode(t.Name.Zh), list, StringComparison.Ordinal));

        var token = await client.GetTokenAsync("/surveys");
        var created = await client.PostFormAsync("/surveys/from-template", ("Template", QuestionnaireTemplates.PowerUtility), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = Forms.PathOf(created.Headers.Location);
        var id = Guid.Parse(details["/surveys/".Length..]);
        var html = await client.GetHtmlAsync(details);
        Assert.Contains("complaint_handling", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode("当 complained 为 1 时显示"), html, StringComparison.Ordinal);
        Assert.Contains($"/surveys/{id}/edit", html, StringComparison.Ordinal);

        var zh = await client.GetHtmlAsync($"/surveys/{id}/preview");
        Assert.Contains(WebUtility.HtmlEncode("供电服务满意度调查"), zh, StringComparison.Ordinal);
        var en = await client.GetHtmlAsync($"/surveys/{id}/preview?lang=en");
        Assert.Contains("Power supply satisfaction survey", en, StringComparison.Ordinal);

        // A bad definition: the page lists the problem by path and nothing changes.
        token = await client.GetTokenAsync($"/surveys/{id}/edit");
        var bad = await client.PostFormAsync($"/surveys/{id}/edit", ("Name", "x"),
            ("DefinitionJson", """{"title":{"zh":"x"},"pages":[{"questions":[{"code":"9a","type":"Csat","text":{"zh":"x"}}]}]}"""), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("definition.pages[0].questions[0].code", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notJson = await client.PostFormAsync($"/surveys/{id}/edit", ("Name", "x"), ("DefinitionJson", "{oops"), ("__RequestVerificationToken", token));
        Assert.Contains("id=\"issues\"", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var version = await JsonAsync(await client.GetAsync(Url($"/api/v1/questionnaires/{id}/versions/1")));
        Assert.Equal("供电服务满意度调查", version.GetProperty("definition").GetProperty("title").GetProperty("zh").GetString());

        // After an answer the page says a new version will be made, and saving makes version 2.
        await AddWaveWithResponsesAsync(app, id, 1, (ResponseStatus.Complete, new(StringComparer.Ordinal) { ["overall"] = "5" }));
        var edit = await client.GetHtmlAsync($"/surveys/{id}/edit");
        Assert.Contains(WebUtility.HtmlEncode("保存将生成第 2 版"), edit, StringComparison.Ordinal);
        token = await client.GetTokenAsync($"/surveys/{id}/edit");
        var saved = await client.PostFormAsync($"/surveys/{id}/edit", ("Name", "供电 2027"),
            ("DefinitionJson", """{"title":{"zh":"新版"},"pages":[{"questions":[{"code":"overall","type":"Csat","required":true,"text":{"zh":"总体满意吗？"}}]}]}"""), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/surveys/{id}?version=2", Forms.PathOf(saved.Headers.Location));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task IndicatorTree_AndAhpForm_ShowWeightsAndConsistency(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var saved = await JsonAsync(await client.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = "supplier-iatf16949", name = Name("供应商") }));
        var systemId = saved.GetProperty("questionnaire").GetProperty("indicatorSystemId").GetGuid();
        var tree = await client.GetHtmlAsync($"/surveys/indicators/{systemId}");
        Assert.Contains("0.3", tree, StringComparison.Ordinal); // quality's entered weight
        Assert.Contains($"/surveys/indicators/{systemId}/weights?parent=supplier", tree, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode("供应商"), await client.GetHtmlAsync("/surveys/indicators"), StringComparison.Ordinal);

        // Five children product, quality, packaging, delivery, service; every judgement 1 → equal weights 0.2, CR = 0.
        var path = $"/surveys/indicators/{systemId}/weights?parent=supplier";
        var token = await client.GetTokenAsync(path);
        var fields = new List<(string, string)> { ("Parent", "supplier"), ("Method", "ahp"), ("__RequestVerificationToken", token) };
        for (var i = 0; i < 5; i++)
        {
            for (var j = i + 1; j < 5; j++)
            {
                fields.Add(($"Judgement[{i}-{j}]", "1"));
            }
        }
        var ok = await client.PostFormAsync(path, [.. fields]);
        var html = await ok.Content.ReadAsStringAsync();
        Assert.Contains("id=\"consistency-ratio\">CR = 0.000", html, StringComparison.Ordinal);
        Assert.Contains("<code>quality</code> = 0.2", html, StringComparison.Ordinal);

        // A fraction that is not a number is refused before anything is computed.
        fields[3] = ("Judgement[0-1]", "x/3");
        Assert.Contains("id=\"issues\"", await (await client.PostFormAsync(path, [.. fields])).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Readers (case handler) see the tree but not the weights form.
        using var reader = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.DoesNotContain("/weights?parent=", await reader.GetHtmlAsync($"/surveys/indicators/{systemId}"), StringComparison.Ordinal);
        var refused = await reader.GetAsync(Url(path));
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, refused.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(Url($"/surveys/{Guid.NewGuid()}"))).StatusCode);
    }

    [Fact]
    public void Resources_BothLanguagesHaveTheSameKeys_AndEveryKeyThePagesUseExists()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        var web = Path.Combine(dir!.FullName, "src", "Manyi.Web");
        HashSet<string> Keys(string file) =>
            XDocument.Load(Path.Combine(web, "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var en = Keys("SurveysResource.resx");
        var zh = Keys("SurveysResource.zh-CN.resx");
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
        var used = Directory.EnumerateFiles(Path.Combine(web, "Pages", "Surveys"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"[Ss]\[""([A-Za-z]+\.[A-Za-z0-9-]+)""").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(zh));
        // Keys built from enum names: every question type, weight method, Kano answer and triple part.
        Assert.All(Enum.GetNames<Manyi.Core.Surveys.QuestionType>(), t => Assert.Contains("QuestionType." + t, zh));
        Assert.All(Enum.GetNames<Manyi.Core.Surveys.WeightMethod>(), m => Assert.Contains("WeightMethod." + m, zh));
        Assert.All(Manyi.Core.Surveys.AnswerCheck.KanoAnswers, a => Assert.Contains("Kano." + a, zh));
        Assert.All(Manyi.Core.Surveys.AnswerCheck.TripleParts, p => Assert.Contains("Part." + p, zh));
    }
}
