using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Results;

/// <summary>One app per provider shared by the tests of this feature (<see cref="SharedApps"/>).</summary>
public sealed class ResultsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class ResultsGroup : ICollectionFixture<ResultsFixture>
{
    public const string Name = "results";
}

/// <summary>One response to seed: its answer cells, branch, customer and channel.</summary>
public sealed record SeedResponse(Dictionary<string, string> Answers, Guid? UnitId = null, Guid? CustomerId = null, ResponseChannel Channel = ResponseChannel.Link, Guid? InvitationId = null);

/// <summary>Waves written straight to the database (the collection APIs are built in parallel by other features).</summary>
public static class ResultsTestData
{
    /// <summary>A questionnaire (with an optional indicator system), its version 1 and an open wave of it in the first organisation.</summary>
    public static async Task<Wave> AddWaveAsync(
        this ManyiWebFactory app, QuestionnaireDefinition definition, IndicatorSystemDefinition? indicators = null, SamplePlan? plan = null,
        Guid? waveUnitId = null, int minimumN = 5)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        Guid? systemId = null;
        if (indicators is not null)
        {
            var system = new IndicatorSystem { Id = Guid.NewGuid(), OrganisationId = organisationId, Name = "Test system " + Guid.NewGuid().ToString("N")[..8], Definition = indicators, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };
            db.IndicatorSystems.Add(system);
            systemId = system.Id;
        }
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisationId, Name = "Test " + Guid.NewGuid().ToString("N")[..8], IndicatorSystemId = systemId, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition, CreatedAt = now, HasResponses = true };
        var wave = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = waveUnitId, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = "Wave " + Guid.NewGuid().ToString("N")[..8], Status = WaveStatus.Open, SamplePlan = plan, MinimumN = minimumN,
            OpensAt = now.AddDays(-7), CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.AddRange(questionnaire, version, wave);
        await db.SaveChangesAsync();
        return wave;
    }

    /// <summary>Adds Complete responses to a wave, submitted one minute apart from <paramref name="start"/>.</summary>
    public static async Task AddResponsesAsync(this ManyiWebFactory app, Wave wave, IEnumerable<SeedResponse> responses, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(wave);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var at = start ?? DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var r in responses)
        {
            at = at.AddMinutes(1);
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, QuestionnaireVersionId = wave.QuestionnaireVersionId,
                Channel = r.Channel, Status = ResponseStatus.Complete, CustomerId = r.CustomerId, UnitId = r.UnitId, InvitationId = r.InvitationId,
                IdempotencyKey = "test:" + Guid.NewGuid().ToString("N"), Answers = new Dictionary<string, string>(r.Answers, StringComparer.Ordinal),
                StartedAt = at, UpdatedAt = at, SubmittedAt = at,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A customer of <paramref name="unitId"/> in <paramref name="segment"/>.</summary>
    public static async Task<Guid> AddCustomerAsync(this ManyiWebFactory app, Guid unitId, string segment)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Code = "C-" + Guid.NewGuid().ToString("N")[..12], Name = "Customer",
            Segment = segment, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    /// <summary>An invitation of a customer to a wave, in <paramref name="status"/>.</summary>
    public static async Task<Guid> AddInvitationAsync(this ManyiWebFactory app, Wave wave, Guid customerId, InvitationStatus status, InvitationChannel channel = InvitationChannel.Email)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(wave);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, CustomerId = customerId, Token = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            Channel = channel, Status = status, CreatedAt = DateTimeOffset.UtcNow, SentAt = status == InvitationStatus.Pending ? null : DateTimeOffset.UtcNow,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return invitation.Id;
    }

    /// <summary>Answers as cells, written with invariant numbers.</summary>
    public static Dictionary<string, string> Cells(params (string Key, object? Value)[] cells)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in cells)
        {
            if (value is not null)
            {
                answers[key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            }
        }
        return answers;
    }

    /// <summary>The NPS + CSAT + four 1–5 items questionnaire of the results tests; q1…q4 bind to indicators i1…i4.</summary>
    public static QuestionnaireDefinition ScoresQuestionnaire() => new()
    {
        Title = new("测试问卷", "Test questionnaire"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "recommend", Type = QuestionType.Nps, Required = true, Text = new("推荐", "Recommend"), Why = new("原因", "Why") },
                    new Question { Code = "satisfaction", Type = QuestionType.Csat, Required = true, Text = new("满意", "Satisfied") },
                    new Question { Code = "q1", Type = QuestionType.Scale, Indicator = "i1", Text = new("一", "One") },
                    new Question { Code = "q2", Type = QuestionType.Scale, Indicator = "i2", Text = new("二", "Two") },
                    new Question { Code = "q3", Type = QuestionType.Scale, Indicator = "i3", Text = new("三", "Three") },
                    new Question { Code = "q4", Type = QuestionType.Scale, Indicator = "i4", Text = new("四", "Four") },
                ],
            },
        ],
    };

    /// <summary>Root → i1…i4 with weights 0.4, 0.3, 0.2, 0.1.</summary>
    public static IndicatorSystemDefinition ScoresIndicators() => new()
    {
        Nodes =
        [
            new IndicatorNodeDefinition { Code = "overall", Name = new("总体", "Overall") },
            new IndicatorNodeDefinition { Code = "i1", Parent = "overall", Name = new("一", "One"), Weight = 0.4 },
            new IndicatorNodeDefinition { Code = "i2", Parent = "overall", Name = new("二", "Two"), Weight = 0.3 },
            new IndicatorNodeDefinition { Code = "i3", Parent = "overall", Name = new("三", "Three"), Weight = 0.2 },
            new IndicatorNodeDefinition { Code = "i4", Parent = "overall", Name = new("四", "Four"), Weight = 0.1 },
        ],
    };
}
