using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;
using static Manyi.Web.Tests.Features.Monitoring.MonitoringTestData;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>/api/v1/projects: readings derived from cases, validation, unit scope, idempotent readings, XSS-safe notes, templates.</summary>
[Collection(MonitoringGroup.Name)]
public sealed class MonitoringApiTests(MonitoringFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CasesOfTheCustomer_AreIssueAndResponseTimeReadings(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var (handler, handlerId, _) = await UserAsync(app, Roles.CaseHandler);
        // B = 80 (manual), W = 70, α = 1 (the latest reading counts alone). Issues: 4 → 0, 0 → 100; response: 24 h → 0, 0 h → 100.
        var project = await NewProjectAsync(handler, new
        {
            name = "Key account", customerId = customer.Id, baselineSource = "manual", baselineValue = 80, baselineNote = "last year's survey",
            smoothingAlpha = 1,
            stages = new[]
            {
                new
                {
                    key = "q1", name = "Q1",
                    factors = new[] { Factor("issues", "issues", 0.4, 4, 0), Factor("response", "responseTime", 0.2, 24, 0), Factor("pulse", "pulse", 0.4, 1, 5) },
                },
            },
        });
        var id = project.Summary.Id;
        Assert.Equal(handlerId, project.Summary.OwnerId);

        async Task<Guid> ComplaintAsync() => (await OpenAsync(handler, new { channel = "phone", kind = "complaint", unitId = unit.Id, customerId = customer.Id, subject = "停电" })).Id;

        // Complaint 1: 1 issue → 100·(1 − 4)/(0 − 4) = 75: S = 0.4·75 + 0.2·80 + 0.4·80 = 30 + 16 + 32 = 78.
        var first = await ComplaintAsync();
        var detail = await ProjectAsync(handler, id);
        Assert.Equal(78, detail.Summary.Estimate!.Value, 1e-6);
        var reading = Assert.Single(detail.Readings);
        Assert.Equal((FactorSource.Issues, 1.0, first), (reading.Source, reading.RawValue, reading.SourceId!.Value));
        Assert.Null(reading.RecordedById);

        // Its first response, at once: the mean first-response time is (almost) 0 business hours → ≈ 100: S ≈ 30 + 20 + 32 = 82.
        await ActAsync(handler, first, "respond", new { note = "called back" });
        detail = await ProjectAsync(handler, id);
        var response = Assert.Single(detail.Readings, r => r.Source == FactorSource.ResponseTime);
        Assert.InRange(response.RawValue, 0, 0.1);
        Assert.Equal(82, detail.Summary.Estimate!.Value, 0.1);

        // Complaints 2 and 3: 3 issues → 25: S ≈ 0.4·25 + 20 + 32 = 62 < 70: alert and recovery case, which is not an issue itself.
        await ComplaintAsync();
        await ComplaintAsync();
        detail = await ProjectAsync(handler, id);
        Assert.Equal(62, detail.Summary.Estimate!.Value, 0.1);
        var alert = Assert.Single(detail.Alerts);
        Assert.Equal("issues", alert.Causes[0].FactorKey);
        Assert.Equal(3, detail.Readings.Count(r => r.Source == FactorSource.Issues));
        Assert.Equal(3, detail.Readings.Where(r => r.Source == FactorSource.Issues).Max(r => r.RawValue));
        Assert.Equal(CaseKind.Recovery, await DbAsync(app, db => db.Cases.Where(c => c.Id == alert.CaseId).Select(c => c.Kind).FirstAsync()));

        // Issues and response times are not entered by hand.
        Assert.Equal(["factorKey"], await ErrorsAsync(await handler.PostAsJsonAsync(Url($"/api/v1/projects/{id}/readings"), new { factorKey = "issues", value = 0 })));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_NamesBadFields_AndWritesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var (_, viewerId, _) = await UserAsync(app, Roles.Viewer);
        var before = await DbAsync(app, db => db.ServiceProjects.CountAsync());

        Assert.Equal(["baselineSource", "customerId", "name", "stages"], await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/projects"), new { })));
        var bad = await handler.PostAsJsonAsync(Url("/api/v1/projects"), new
        {
            name = "x", customerId = customer.Id, ownerId = viewerId, baselineSource = "manual", baselineValue = 120, smoothingAlpha = 0, minimumPairs = 0,
            stages = new object[]
            {
                new { key = "Bad Key", name = "A", factors = new[] { Factor("a", "pulse", 0.5, 1, 1), Factor("a", "pulse", 0.5, 1, 5) } },
                new { key = "b", name = "B", factors = new[] { Factor("a", "pulse", 0.5, 1, 5), Factor("c", "manual", 0.6, 0, 100) } },
            },
        });
        Assert.Equal(
            ["baselineNote", "baselineValue", "minimumPairs", "ownerId", "smoothingAlpha", "stages[0].factors[0].best", "stages[0].factors[1].key", "stages[0].key", "stages[1].factors"],
            await ErrorsAsync(bad));
        // The customer has no survey answers: a history baseline is refused, naming baselineSource.
        Assert.Equal(["baselineSource"], await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/projects"), new
        {
            name = "x", customerId = customer.Id, baselineSource = "customerHistory", templateKey = "implementation",
        })));
        Assert.Equal(["templateKey"], await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/projects"), new
        {
            name = "x", customerId = customer.Id, baselineSource = "openingSurvey", baselineValue = 75, templateKey = "nope",
        })));
        Assert.Equal(before, await DbAsync(app, db => db.ServiceProjects.CountAsync()));

        // A template in the request's language.
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/projects"))
        {
            Content = JsonContent.Create(new { name = "实施", customerId = customer.Id, baselineSource = "openingSurvey", baselineValue = 75, templateKey = "implementation" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var created = await handler.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = (await created.Content.ReadFromJsonAsync<ProjectDetail>(Json))!;
        Assert.Equal(5, project.Stages.Count);
        Assert.Equal("启动", project.Stages[0].Name);
        Assert.Equal((75.0, 65.0), (project.Summary.Baseline!.Value, project.Summary.Warning!.Value));
        Assert.Equal(BaselineSource.OpeningSurvey, project.BaselineSource);

        var templates = (await handler.GetFromJsonAsync<List<TemplateDto>>(Url("/api/v1/project-templates"), Json))!;
        Assert.Equal(["implementation", "key-account-year"], templates.Select(t => t.Key));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitScope_IdempotentReadings_AndSafeNotes(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var other = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var (manager, _, _) = await UserAsync(app, Roles.UnitManager, other.Id);
        var (ownManager, _, _) = await UserAsync(app, Roles.UnitManager, unit.Id);
        var project = await NewProjectAsync(handler, new
        {
            name = "<b>bold</b> project", customerId = customer.Id, baselineSource = "manual", baselineValue = 80, baselineNote = "n",
            stages = new[] { new { key = "s1", name = "S1", factors = new[] { Factor("rating", "manual", 1, 0, 100) } } },
        });
        var id = project.Summary.Id;

        // A manager of another unit: 404 and not in the list; the unit's own manager sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/projects/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync(Url($"/api/v1/projects/{id}/readings"), new { factorKey = "rating", value = 50, note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/projects/{id}/series"))).StatusCode);
        Assert.DoesNotContain((await manager.GetFromJsonAsync<ProjectPage>(Url("/api/v1/projects?pageSize=200"), Json))!.Items, p => p.Id == id);
        Assert.Contains((await ownManager.GetFromJsonAsync<ProjectPage>(Url($"/api/v1/projects?unitId={unit.Id}"), Json))!.Items, p => p.Id == id);
        Assert.Equal(["alert", "status"], await ErrorsAsync(await handler.GetAsync(Url("/api/v1/projects?status=done&alert=maybe"))));

        // The same externalKey twice: one reading.
        const string note = "<script>alert('x')</script>";
        var a = await ReadingAsync(handler, id, "rating", 50, note: note, externalKey: "erp-1");
        var b = await ReadingAsync(handler, id, "rating", 90, note: note, externalKey: "erp-1");
        Assert.Equal(a.Id, b.Id);
        Assert.Single((await ProjectAsync(handler, id)).Readings);
        // A manual rating needs its note.
        Assert.Equal(["note"], await ErrorsAsync(await handler.PostAsJsonAsync(Url($"/api/v1/projects/{id}/readings"), new { factorKey = "rating", value = 50 })));

        // Notes and names come back as JSON string values (application/json, never HTML), exactly as entered: the pages encode them.
        var raw = await handler.GetAsync(Url($"/api/v1/projects/{id}"));
        Assert.Equal("application/json", raw.Content.Headers.ContentType!.MediaType);
        var detail = (await raw.Content.ReadFromJsonAsync<ProjectDetail>(Json))!;
        Assert.Equal(note, detail.Readings[0].Note);
        Assert.Equal("<b>bold</b> project", detail.Summary.Name);

        // Cancelled: no more readings.
        Assert.Equal(ProjectStatus.Cancelled, (await PostOkAsync<ProjectDetail>(handler, $"/api/v1/projects/{id}/cancel", new { })).Summary.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await handler.PostAsJsonAsync(Url($"/api/v1/projects/{id}/readings"), new { factorKey = "rating", value = 50, note = "x" })).StatusCode);
    }
}
