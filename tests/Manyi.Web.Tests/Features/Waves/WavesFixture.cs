using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>One app per provider shared by the wave and contact tests (<see cref="SharedApps"/>), with a public base URL for links.</summary>
public sealed class WavesFixture() : SharedApps(new Dictionary<string, string>(StringComparer.Ordinal) { ["Manyi:PublicBaseUrl"] = WaveData.PublicBase });

[CollectionDefinition(Name)]
public sealed class WavesGroup : ICollectionFixture<WavesFixture>
{
    public const string Name = "waves";
}

/// <summary>Test data of the wave and contact tests, written directly to the database.</summary>
public static class WaveData
{
    public const string PublicBase = "https://survey.example.cn";

    public static string Code(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>A questionnaire of the NPS template with its version 1 (another feature builds the questionnaire API).</summary>
    public static async Task<Guid> QuestionnaireAsync(ManyiWebFactory app, Guid? organisationId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = organisationId ?? (await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync()).Id;
        var template = QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!;
        var questionnaire = new Questionnaire
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, Name = template.Name.Zh, TemplateKey = template.Key, LatestVersion = 1,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Questionnaires.Add(questionnaire);
        db.QuestionnaireVersions.Add(new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = template.Questionnaire, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return questionnaire.Id;
    }

    /// <summary>Adds version <paramref name="number"/> of a questionnaire.</summary>
    public static async Task AddVersionAsync(ManyiWebFactory app, Guid questionnaireId, int number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var template = QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!;
        db.QuestionnaireVersions.Add(new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaireId, Number = number, Definition = template.Questionnaire, CreatedAt = DateTimeOffset.UtcNow });
        var questionnaire = await db.Questionnaires.SingleAsync(q => q.Id == questionnaireId);
        questionnaire.LatestVersion = number;
        await db.SaveChangesAsync();
    }

    /// <summary>A new branch under the head office.</summary>
    public static async Task<Unit> UnitAsync(ManyiWebFactory app, Guid? parent = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var head = await db.Units.AsNoTracking().SingleAsync(u => u.ParentId == null && u.Code == "HQ");
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = head.OrganisationId, ParentId = parent ?? head.Id, Code = Code("U"), Name = "Branch", Kind = UnitKind.Branch };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    /// <summary>A customer of <paramref name="unit"/>.</summary>
    public static async Task<Customer> CustomerAsync(ManyiWebFactory app, Unit unit, string? segment = null, string? email = "c@example.cn",
        CustomerStatus status = CustomerStatus.Active, string? language = null, string? tier = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, UnitId = unit.Id, Code = Code("C"), Name = "客户" + Guid.NewGuid().ToString("N")[..4],
            Segment = segment, Tier = tier, Email = email, Status = status, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        };
        if (language is not null)
        {
            customer.Attributes["language"] = language;
        }
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    public static async Task<T> DbAsync<T>(ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    /// <summary>Creates a wave through the API; fails unless 201.</summary>
    public static async Task<JsonElement> WaveAsync(HttpClient client, Guid questionnaireId, Guid? unitId = null, object? samplePlan = null,
        int quietPeriodDays = 90, int? reminderAfterDays = null, int maxReminders = 1)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/waves"), new
        {
            name = "2026 第一季度满意度调查",
            questionnaireId,
            unitId,
            opensAt = "2026-01-01T00:00:00Z",
            closesAt = "2099-12-31T00:00:00Z",
            samplePlan,
            quietPeriodDays,
            reminderAfterDays,
            maxReminders,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HashSet<string>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await JsonOf(response);
        return json.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }
}
