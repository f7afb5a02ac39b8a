using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Surveys.Templates;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Surveys.SurveyData;

namespace Manyi.Web.Tests.Features.Surveys;

[Collection(SurveysGroup.Name)]
public class QuestionnairesApiTests(SurveysFixture fixture)
{
    private static object Definition(string title, string code = "satisfaction") => new
    {
        title = new { zh = title, en = "Survey" },
        pages = new[] { new { questions = new object[] { new { code, type = "Csat", required = true, text = new { zh = "满意吗？", en = "Satisfied?" } } } } },
    };

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Templates_AreListed_AndEachCreatesItsQuestionnaireAndIndicatorSystemInOneCall(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var templates = await JsonAsync(await client.GetAsync(Url("/api/v1/questionnaires/templates")));
        Assert.Equal(QuestionnaireTemplates.All.Select(t => t.Key), templates.EnumerateArray().Select(t => t.GetProperty("key").GetString()));

        foreach (var template in QuestionnaireTemplates.All)
        {
            var response = await client.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = template.Key });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var saved = await JsonAsync(response);
            var questionnaire = saved.GetProperty("questionnaire");
            Assert.Equal(template.Key, questionnaire.GetProperty("templateKey").GetString());
            Assert.Equal(1, saved.GetProperty("version").GetInt32());
            var systemId = questionnaire.GetProperty("indicatorSystemId");
            Assert.Equal(template.Indicators is not null, systemId.ValueKind == JsonValueKind.String);
            if (template.Indicators is not null)
            {
                var system = await JsonAsync(await client.GetAsync(Url($"/api/v1/indicator-systems/{systemId.GetGuid()}")));
                Assert.Equal(template.Indicators.Nodes.Count, system.GetProperty("definition").GetProperty("nodes").GetArrayLength());
            }
            var version = await JsonAsync(await client.GetAsync(Url($"/api/v1/questionnaires/{questionnaire.GetProperty("id").GetGuid()}/versions/1")));
            Assert.Equal(template.Questionnaire.Questions.Count(), version.GetProperty("definition").GetProperty("pages").EnumerateArray().Sum(p => p.GetProperty("questions").GetArrayLength()));
        }

        // The same template twice: the second indicator system gets its own name.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = "acsi" })).StatusCode);
        var unknown = await client.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("template", (await ErrorsAsync(unknown)).Keys);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Save_WithoutAnswersReplacesInPlace_WithAnswersMakesTheNextVersion_AndTheAnsweredOneIsUnchanged(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var created = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { name = Name("Q"), definition = Definition("第一稿") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("questionnaire").GetProperty("id").GetGuid();

        // No answers yet: the edit replaces version 1 (200).
        var inPlace = await client.PutAsJsonAsync(Url($"/api/v1/questionnaires/{id}"), new { definition = Definition("第二稿") });
        Assert.Equal(HttpStatusCode.OK, inPlace.StatusCode);
        var body = await JsonAsync(inPlace);
        Assert.Equal((1, false), (body.GetProperty("version").GetInt32(), body.GetProperty("newVersion").GetBoolean()));
        Assert.Equal("第二稿", await TitleAsync(client, id, 1));

        // An answer arrives for version 1: the next edit makes version 2 (201, Location of the version); version 1 stays.
        await AddWaveWithResponsesAsync(app, id, 1, (ResponseStatus.Complete, new(StringComparer.Ordinal) { ["satisfaction"] = "4" }));
        var next = await client.PutAsJsonAsync(Url($"/api/v1/questionnaires/{id}"), new { definition = Definition("第三稿", "overall") });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal($"/api/v1/questionnaires/{id}/versions/2", next.Headers.Location!.OriginalString);
        Assert.Equal(2, (await JsonAsync(next)).GetProperty("version").GetInt32());
        Assert.Equal("第二稿", await TitleAsync(client, id, 1));
        Assert.Equal("第三稿", await TitleAsync(client, id, 2));
        var questionnaire = await JsonAsync(await client.GetAsync(Url($"/api/v1/questionnaires/{id}")));
        Assert.Equal(2, questionnaire.GetProperty("latestVersion").GetInt32());
        Assert.Equal([(2, false), (1, true)], questionnaire.GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("hasResponses").GetBoolean())));

        // Version 2 has no answers: edited in place again.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync(Url($"/api/v1/questionnaires/{id}"), new { definition = Definition("第四稿", "overall") })).StatusCode);
        Assert.Equal("第四稿", await TitleAsync(client, id, 2));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url($"/api/v1/questionnaires/{id}/versions/3"))).StatusCode);
    }

    private static async Task<string?> TitleAsync(HttpClient client, Guid id, int number) =>
        (await JsonAsync(await client.GetAsync(Url($"/api/v1/questionnaires/{id}/versions/{number}")))).GetProperty("definition").GetProperty("title").GetProperty("zh").GetString();

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadDefinitions_AreRefusedNamingThePath_AndNothingIsWritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var name = Name("Q");
        var badCode = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { name, definition = Definition("问卷", "1st") });
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("definition.pages[0].questions[0].code", (await ErrorsAsync(badCode)).Keys);
        var wrongType = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { name, definition = new { title = new { zh = "x" }, pages = new[] { new { questions = new[] { new { code = "a", type = "Slider", text = new { zh = "x" } } } } } } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("definition", (await ErrorsAsync(wrongType)).Keys);
        var empty = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var list = await JsonAsync(await client.GetAsync(Url("/api/v1/questionnaires")));
        Assert.DoesNotContain(list.EnumerateArray(), q => q.GetProperty("name").GetString() == name);

        // Binding a question to an indicator needs a system that has it as a base indicator.
        var unbound = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new
        {
            name, definition = new { title = new { zh = "x" }, pages = new[] { new { questions = new[] { new { code = "a", type = "Csat", indicator = "speed", text = new { zh = "x" } } } } } },
        });
        Assert.Contains("definition.pages[0].questions[0].indicator", (await ErrorsAsync(unbound)).Keys);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task OtherOrganisationsQuestionnaires_AreNotFound_AndReadersMayReadButNotWrite(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var (otherSystem, other) = await OtherOrganisationAsync(app);
        // Another organisation's indicator system cannot be bound: refused naming the field.
        var foreignSystem = await analyst.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { name = Name("Q"), indicatorSystemId = otherSystem, definition = Definition("问卷") });
        Assert.Equal(HttpStatusCode.BadRequest, foreignSystem.StatusCode);
        Assert.Contains("indicatorSystemId", (await ErrorsAsync(foreignSystem)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/questionnaires/{other}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/questionnaires/{other}/versions/1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PutAsJsonAsync(Url($"/api/v1/questionnaires/{other}"), new { definition = Definition("改") })).StatusCode);
        var list = await JsonAsync(await analyst.GetAsync(Url("/api/v1/questionnaires")));
        Assert.DoesNotContain(list.EnumerateArray(), q => q.GetProperty("id").GetGuid() == other);

        var mine = (await JsonAsync(await analyst.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = QuestionnaireTemplates.BankCounter }))).GetProperty("questionnaire").GetProperty("id").GetGuid();
        var head = await app.HeadOfficeAsync();
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, head.Id);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Url($"/api/v1/questionnaires/{mine}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync(Url($"/api/v1/questionnaires/{mine}"), new { definition = Definition("改") })).StatusCode);
    }
}
