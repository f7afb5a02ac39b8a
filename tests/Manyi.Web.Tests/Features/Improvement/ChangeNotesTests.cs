using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Tests.Features.Respond;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>/api/v1/change-notes and the respondent landing page: lifecycle, the next-wave rule, withdrawal, encoding, validation, roles.</summary>
[Collection(GoalsGroup.Name)]
public sealed class ChangeNotesTests(GoalsFixture fixture)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task PublishedNote_ShowsOnTheNextWave_NotOnTheSameWave_NotWhenWithdrawn_AndIsEncoded(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        // Wave 2 is running when the note is published; wave 3 of the same questionnaire is created afterwards.
        var wave2 = await app.AddWaveAsync();
        var point2 = await app.AddPointAsync(wave2);
        var questionnaireId = await WaveData.DbAsync(app, db => db.Waves.Where(w => w.Id == wave2.Id).Select(w => w.QuestionnaireId).SingleAsync());
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var created = await CreateAsync(analyst, new
        {
            questionnaireId,
            youSaid = new { zh = "营业厅排队太久<script>alert(1)</script>", en = "Queues were too long" },
            weDid = new { zh = "增加了两个窗口", en = "We opened two more counters" },
        });
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("draft", created.GetProperty("state").GetString());
        var published = await PostAsync(analyst, $"/api/v1/change-notes/{id}/publish");
        Assert.Equal("published", published.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync(Url($"/api/v1/change-notes/{id}/publish"), null)).StatusCode);

        var wave3 = await AddLaterWaveAsync(app, wave2.Id);
        var point3 = await app.AddPointAsync(wave3);
        using var browser = new RespondentBrowser(app);
        var (status, html, _) = await browser.GetAsync("/s/" + point2.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("change-notes", html, StringComparison.Ordinal);

        using var next = new RespondentBrowser(app);
        (status, html, _) = await next.GetAsync("/s/" + point3.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"change-notes\"", html, StringComparison.Ordinal);
        Assert.Contains("增加了两个窗口", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        // Before the first question.
        Assert.True(html.IndexOf("id=\"change-notes\"", StringComparison.Ordinal) < html.IndexOf("id=\"q-", StringComparison.Ordinal));
        using var english = new RespondentBrowser(app);
        (_, html, _) = await english.GetAsync("/s/" + point3.Token + "?lang=en");
        Assert.Contains("We opened two more counters", html, StringComparison.Ordinal);
        Assert.Contains("You said, we did", html, StringComparison.Ordinal);
        // The embed page shares the body.
        var embed = await app.AddPointAsync(wave3, CollectionPointKind.Embed);
        using var framed = new RespondentBrowser(app);
        (_, html, _) = await framed.GetAsync("/e/" + embed.Token);
        Assert.Contains("增加了两个窗口", html, StringComparison.Ordinal);

        var withdrawn = await PostAsync(analyst, $"/api/v1/change-notes/{id}/withdraw");
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        using var later = new RespondentBrowser(app);
        (_, html, _) = await later.GetAsync("/s/" + point3.Token);
        Assert.DoesNotContain("增加了两个窗口", html, StringComparison.Ordinal);
        // A withdrawn note is neither deleted nor changed.
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.DeleteAsync(Url($"/api/v1/change-notes/{id}"))).StatusCode);
        var audits = await WaveData.DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(e => e.Subject == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal([ChangeNotesApi.AuditCreate, ChangeNotesApi.AuditPublish, ChangeNotesApi.AuditWithdraw], audits.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Draft_IsReplacedWithIfMatch_AndDeleted_BadInputNamesTheField_RolesAreChecked(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync();
        var questionnaireId = await WaveData.DbAsync(app, db => db.Waves.Where(w => w.Id == wave.Id).Select(w => w.QuestionnaireId).SingleAsync());
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<HashSet<string>> Errors(object body) => await WaveData.ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/change-notes"), body));

        Assert.Superset(new HashSet<string> { "questionnaireId", "youSaid.zh", "weDid.zh" }, await Errors(new { }));
        Assert.Equal(["questionnaireId"], await Errors(new { questionnaireId = Guid.NewGuid(), youSaid = new { zh = "a" }, weDid = new { zh = "b" } }));
        Assert.Equal(["actionId"], await Errors(new { questionnaireId, actionId = Guid.NewGuid(), youSaid = new { zh = "a" }, weDid = new { zh = "b" } }));
        Assert.Equal(["youSaid.zh"], await Errors(new { questionnaireId, youSaid = new { zh = new string('长', 1001) }, weDid = new { zh = "b" } }));
        Assert.Equal(["weDid.en"], await Errors(new { questionnaireId, youSaid = new { zh = "a" }, weDid = new { zh = "b", en = new string('x', 1001) } }));
        Assert.Equal(["state"], await WaveData.ErrorsAsync(await analyst.GetAsync(Url("/api/v1/change-notes?state=secret"))));

        var body = new { questionnaireId, youSaid = new { zh = "等待时间长" }, weDid = new { zh = "延长了营业时间" } };
        var created = await CreateAsync(analyst, body);
        var id = created.GetProperty("id").GetGuid();
        var etag = (await analyst.GetAsync(Url($"/api/v1/change-notes/{id}"))).Headers.ETag!;
        var change = new { questionnaireId, youSaid = new { zh = "等待时间长" }, weDid = new { zh = "周六也营业" } };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await analyst.PutAsJsonAsync(Url($"/api/v1/change-notes/{id}"), change)).StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/change-notes/{id}")) { Content = JsonContent.Create(change) };
        put.Headers.IfMatch.Add(etag);
        var replaced = await analyst.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("周六也营业", (await WaveData.JsonOf(replaced)).GetProperty("weDid").GetProperty("zh").GetString());
        var stale = new HttpRequestMessage(HttpMethod.Delete, Url($"/api/v1/change-notes/{id}"));
        stale.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.SendAsync(stale)).StatusCode);

        // Every role reads; only administrators and analysts write; unknown ids are 404.
        var manager = await app.CreateClientAsAsync(Roles.UnitManager, (await app.HeadOfficeAsync()).Id);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Url($"/api/v1/change-notes/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync(Url("/api/v1/change-notes"), body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync(Url($"/api/v1/change-notes/{id}/publish"), null)).StatusCode);
        var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.DeleteAsync(Url($"/api/v1/change-notes/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsync(Url($"/api/v1/change-notes/{Guid.NewGuid()}/withdraw"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync(Url($"/api/v1/change-notes/{id}/withdraw"), null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync(Url($"/api/v1/change-notes/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/change-notes/{id}"))).StatusCode);
    }

    /// <summary>A later wave of the same questionnaire and version, created now (after what the test did before).</summary>
    private static async Task<TestWave> AddLaterWaveAsync(ManyiWebFactory app, Guid earlierId) =>
        await WaveData.DbAsync(app, async db =>
        {
            var earlier = await db.Waves.AsNoTracking().SingleAsync(w => w.Id == earlierId);
            var now = DateTimeOffset.UtcNow.AddSeconds(1);
            var wave = new Wave
            {
                Id = Guid.NewGuid(), OrganisationId = earlier.OrganisationId, QuestionnaireId = earlier.QuestionnaireId, QuestionnaireVersionId = earlier.QuestionnaireVersionId,
                Name = "Wave 3", Status = WaveStatus.Open, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            };
            db.Waves.Add(wave);
            await db.SaveChangesAsync();
            return new TestWave(wave.Id, wave.OrganisationId, wave.QuestionnaireVersionId, null);
        });

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/change-notes"), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await WaveData.JsonOf(response);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        var response = await client.PostAsync(Url(path), null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await WaveData.JsonOf(response);
    }
}
