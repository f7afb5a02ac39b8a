using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Surveys;

/// <summary>One app per provider shared by the tests of this feature (<see cref="SharedApps"/>).</summary>
public sealed class SurveysFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class SurveysGroup : ICollectionFixture<SurveysFixture>
{
    public const string Name = "surveys";
}

/// <summary>Helpers of the surveys tests: unique names, JSON, and waves/responses written straight to the database.</summary>
public static class SurveyData
{
    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The errors of a ValidationProblem: field → messages.</summary>
    public static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        return body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    /// <summary>A wave of the questionnaire's version <paramref name="number"/> with responses (status, answers) written directly.</summary>
    public static async Task<Guid> AddWaveWithResponsesAsync(ManyiWebFactory app, Guid questionnaireId, int number, params (ResponseStatus Status, Dictionary<string, string> Answers)[] responses)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var questionnaire = await db.Questionnaires.AsNoTracking().SingleAsync(q => q.Id == questionnaireId);
        var version = await db.QuestionnaireVersions.AsNoTracking().SingleAsync(v => v.QuestionnaireId == questionnaireId && v.Number == number);
        var now = DateTimeOffset.UtcNow;
        var wave = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = questionnaire.OrganisationId, QuestionnaireId = questionnaireId, QuestionnaireVersionId = version.Id,
            Name = Name("W"), Status = WaveStatus.Open, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Waves.Add(wave);
        foreach (var (status, answers) in responses)
        {
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(), OrganisationId = questionnaire.OrganisationId, WaveId = wave.Id, QuestionnaireVersionId = version.Id, Channel = ResponseChannel.Api,
                Status = status, Answers = answers, StartedAt = now, UpdatedAt = now, SubmittedAt = status == ResponseStatus.Complete ? now : null,
            });
        }
        await db.SaveChangesAsync();
        return wave.Id;
    }

    /// <summary>An indicator system and a questionnaire of a second organisation, written directly.</summary>
    public static async Task<(Guid System, Guid Questionnaire)> OtherOrganisationAsync(ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = "Other", CreatedAt = DateTimeOffset.UtcNow.AddYears(1) };
        var now = DateTimeOffset.UtcNow;
        var system = new IndicatorSystem
        {
            Id = Guid.NewGuid(), OrganisationId = organisation.Id, Name = Name("OS"), CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            Definition = new IndicatorSystemDefinition
            {
                Nodes = [new() { Code = "r", Name = new("r") }, new() { Code = "a", Parent = "r", Name = new("a"), Weight = 0.5 }, new() { Code = "b", Parent = "r", Name = new("b"), Weight = 0.5 }],
            },
        };
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Name = Name("OQ"), LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion
        {
            Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, CreatedAt = now,
            Definition = new QuestionnaireDefinition { Title = new("别家"), Pages = [new QuestionPage { Questions = [new Question { Code = "q", Type = QuestionType.Csat, Text = new("q") }] }] },
        };
        db.AddRange(organisation, system, questionnaire, version);
        await db.SaveChangesAsync();
        return (system.Id, questionnaire.Id);
    }
}
