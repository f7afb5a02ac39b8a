using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>/api/v1/waves: create, read, replace with ETag, status transitions, unit scope.</summary>
[Collection(WavesGroup.Name)]
public sealed class WavesApiTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Wave_Lifecycle_CreateUpdateOpenClose(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var questionnaire = await QuestionnaireAsync(app);
        var wave = await WaveAsync(analyst, questionnaire, samplePlan: new { population = 1000, strata = Array.Empty<object>() });
        var id = wave.GetProperty("id").GetGuid();
        Assert.Equal("draft", wave.GetProperty("status").GetString());
        Assert.Equal(1, wave.GetProperty("questionnaireVersion").GetInt32());
        Assert.Equal(278, wave.GetProperty("samplePlan").GetProperty("targetResponses").GetInt32()); // the FPC case of SamplePlanTests
        Assert.Equal(90, wave.GetProperty("quietPeriodDays").GetInt32());

        var get = await analyst.GetAsync(Url($"/api/v1/waves/{id}"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var etag = get.Headers.ETag!;

        // Replace: without If-Match 428, with a stale one 412, with the current one 200 and a new ETag.
        var body = new { name = "改名", questionnaireId = questionnaire, quietPeriodDays = 30 };
        Assert.Equal((HttpStatusCode)428, (await analyst.PutAsJsonAsync(Url($"/api/v1/waves/{id}"), body)).StatusCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/waves/{id}")) { Content = JsonContent.Create(body) })
        {
            stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{Guid.NewGuid()}\""));
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await analyst.SendAsync(stale)).StatusCode);
        }
        using (var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/waves/{id}")) { Content = JsonContent.Create(body) })
        {
            put.Headers.IfMatch.Add(etag);
            var updated = await analyst.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            Assert.NotEqual(etag, updated.Headers.ETag);
            var json = await JsonOf(updated);
            Assert.Equal("改名", json.GetProperty("name").GetString());
            Assert.Equal(30, json.GetProperty("quietPeriodDays").GetInt32());
            etag = updated.Headers.ETag!;
        }

        // Open fixes the questionnaire version: a later version cannot be swapped in.
        var opened = await analyst.PostAsync(Url($"/api/v1/waves/{id}/open"), null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("open", (await JsonOf(opened)).GetProperty("status").GetString());
        await AddVersionAsync(app, questionnaire, 2);
        using (var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/waves/{id}")) { Content = JsonContent.Create(new { name = "x", questionnaireId = questionnaire, version = 2 }) })
        {
            put.Headers.IfMatch.Add(opened.Headers.ETag!);
            Assert.Equal(["version"], await ErrorsAsync(await analyst.SendAsync(put)));
        }
        Assert.Equal(1, await DbAsync(app, db => db.Waves.Where(w => w.Id == id).Join(db.QuestionnaireVersions, w => w.QuestionnaireVersionId, v => v.Id, (w, v) => v.Number).SingleAsync()));

        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync(Url($"/api/v1/waves/{id}/open"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync(Url($"/api/v1/waves/{id}/close"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync(Url($"/api/v1/waves/{id}/close"), null)).StatusCode);
        Assert.Equal(WaveStatus.Closed, await DbAsync(app, db => db.Waves.Where(w => w.Id == id).Select(w => w.Status).SingleAsync()));

        // A new wave without a version takes the latest (2).
        var latest = await WaveAsync(analyst, questionnaire);
        Assert.Equal(2, latest.GetProperty("questionnaireVersion").GetInt32());

        // Filter by status; a status outside the whitelist is refused.
        var closed = await analyst.GetFromJsonAsync<List<WaveRow>>(Url("/api/v1/waves?status=closed"));
        Assert.Contains(closed!, w => w.Id == id);
        Assert.DoesNotContain(closed!, w => w.Status != "closed");
        Assert.Equal(["status"], await ErrorsAsync(await analyst.GetAsync(Url("/api/v1/waves?status=open'--"))));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Wave_BadInput_IsRefusedNamingEachField_AndNothingIsWritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var before = await DbAsync(app, db => db.Waves.CountAsync());
        Assert.Equal(["name", "questionnaireId"], (await ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/waves"), new { }))).Order(StringComparer.Ordinal));

        var questionnaire = await QuestionnaireAsync(app);
        var response = await analyst.PostAsJsonAsync(Url("/api/v1/waves"), new
        {
            name = "x", questionnaireId = questionnaire, version = 9, unitId = Guid.NewGuid(), opensAt = "2026-03-01T00:00:00Z", closesAt = "2026-02-01T00:00:00Z",
            reminderAfterDays = 0, maxReminders = -1, quietPeriodDays = -1, minimumN = 0,
        });
        Assert.Equal(["closesAt", "maxReminders", "minimumN", "quietPeriodDays", "reminderAfterDays", "unitId", "version"], (await ErrorsAsync(response)).Order(StringComparer.Ordinal));

        // The sample plan's fields are named under samplePlan.
        response = await analyst.PostAsJsonAsync(Url("/api/v1/waves"), new { name = "x", questionnaireId = questionnaire, samplePlan = new { margin = 2 } });
        Assert.Equal(["samplePlan.margin"], await ErrorsAsync(response));

        // Another organisation's questionnaire is unknown here.
        var (otherOrganisation, _, _, _) = await Security.SecurityTestData.OtherOrganisationAsync(app);
        var foreign = await QuestionnaireAsync(app, otherOrganisation);
        Assert.Equal(["questionnaireId"], await ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/waves"), new { name = "x", questionnaireId = foreign })));
        Assert.Equal(before, await DbAsync(app, db => db.Waves.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_SeesOwnAndOrganisationWideWaves_AndGets404ForOthers(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var questionnaire = await QuestionnaireAsync(app);
        var mine = await UnitAsync(app);
        var below = await UnitAsync(app, mine.Id);
        var other = await UnitAsync(app);
        var own = (await WaveAsync(analyst, questionnaire, below.Id)).GetProperty("id").GetGuid();
        var wide = (await WaveAsync(analyst, questionnaire)).GetProperty("id").GetGuid();
        var foreign = (await WaveAsync(analyst, questionnaire, other.Id)).GetProperty("id").GetGuid();
        var point = await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{foreign}/points"), new { kind = "qr", name = "大厅" });
        var pointId = (await JsonOf(point)).GetProperty("id").GetGuid();

        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine.Id);
        var list = await manager.GetFromJsonAsync<List<WaveRow>>(Url("/api/v1/waves"));
        Assert.Contains(list!, w => w.Id == own);
        Assert.Contains(list!, w => w.Id == wide);
        Assert.DoesNotContain(list!, w => w.Id == foreign);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Url($"/api/v1/waves/{own}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/waves/{foreign}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/waves/{foreign}/points"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/waves/{foreign}/points/{pointId}/qr.png"))).StatusCode);
        // Filtering by the other unit's id shows nothing either.
        Assert.Empty((await manager.GetFromJsonAsync<List<WaveRow>>(Url($"/api/v1/waves?unitId={other.Id}")))!);
    }

    private sealed record WaveRow(Guid Id, string Status);
}
