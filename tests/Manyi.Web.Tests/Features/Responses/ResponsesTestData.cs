using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Responses;

/// <summary>Waves to answer, written straight to the database (the waves feature is built in parallel).</summary>
public static class ResponsesTestData
{
    /// <summary>
    /// A questionnaire from the NPS relationship template (recommend: NPS 0–10 + recommend.why; satisfaction: CSAT 1–5, both
    /// required), its version 1 and a wave of it.
    /// </summary>
    public static async Task<(Guid WaveId, Guid VersionId)> NpsWaveAsync(this ManyiWebFactory app, WaveStatus status = WaveStatus.Open, Guid? unitId = null, SamplePlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var template = QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!;
        var now = DateTimeOffset.UtcNow;
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "NPS " + Guid.NewGuid().ToString("N")[..6], TemplateKey = template.Key, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = template.Questionnaire, CreatedAt = now };
        var wave = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, UnitId = unitId, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = "Wave", Status = status, SamplePlan = plan, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.AddRange(questionnaire, version, wave);
        await db.SaveChangesAsync();
        return (wave.Id, version.Id);
    }

    /// <summary>A customer of the unit with a segment.</summary>
    public static async Task<Customer> CustomerAsync(this ManyiWebFactory app, Guid unitId, string? segment = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, UnitId = unitId, Code = "RC-" + Guid.NewGuid().ToString("N")[..12], Name = "Respondent",
            Segment = segment, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    public static async Task<T> DbAsync<T>(this ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);
}
