using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Surveys;

/// <summary>
/// Questionnaires and their versions (product.md M3): create (blank or from a shipped template, with its indicator system),
/// save a definition — in place while the latest version has no answers, as version N+1 once it has — and read. A version
/// with answers is never changed. Every query is limited to the caller's organisation; a refused request writes nothing.
/// </summary>
public static class QuestionnaireCommands
{
    public static async Task<IReadOnlyList<QuestionnaireSummary>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var rows = await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId)
            .Select(q => new QuestionnaireSummary(q.Id, q.Name, q.TemplateKey, q.IndicatorSystemId, q.LatestVersion, q.Archived, q.UpdatedAt))
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(q => q.UpdatedAt)];
    }

    public static async Task<QuestionnaireDto?> GetAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var questionnaire = await db.Questionnaires.AsNoTracking().FirstOrDefaultAsync(q => q.Id == id && q.OrganisationId == organisationId, ct);
        if (questionnaire is null)
        {
            return null;
        }
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.QuestionnaireId == id)
            .Select(v => new { v.Id, v.Number, v.CreatedAt, v.HasResponses, v.Definition }).ToListAsync(ct);
        var answered = await AnsweredVersionsAsync(db, organisationId, [.. versions.Select(v => v.Id)], ct);
        return new QuestionnaireDto(
            questionnaire.Id, questionnaire.Name, questionnaire.TemplateKey, questionnaire.IndicatorSystemId, questionnaire.LatestVersion, questionnaire.Archived,
            questionnaire.CreatedAt, questionnaire.UpdatedAt,
            [.. versions.OrderByDescending(v => v.Number).Select(v => new VersionSummary(v.Number, v.CreatedAt, v.HasResponses || answered.Contains(v.Id), v.Definition.Questions.Count()))]);
    }

    public static async Task<QuestionnaireVersionDto?> GetVersionAsync(ManyiDbContext db, CurrentUser user, Guid id, int number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        if (!await db.Questionnaires.AsNoTracking().AnyAsync(q => q.Id == id && q.OrganisationId == organisationId, ct))
        {
            return null;
        }
        var version = await db.QuestionnaireVersions.AsNoTracking().FirstOrDefaultAsync(v => v.QuestionnaireId == id && v.Number == number, ct);
        if (version is null)
        {
            return null;
        }
        var frozen = version.HasResponses || (await AnsweredVersionsAsync(db, organisationId, [version.Id], ct)).Count > 0;
        return version.ToDto() with { HasResponses = frozen };
    }

    /// <summary>The indicator system of a questionnaire (for validation and the pages), or null.</summary>
    public static async Task<IndicatorSystemDefinition?> SystemOfAsync(ManyiDbContext db, Guid organisationId, Guid? systemId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return systemId is not { } id ? null
            : await db.IndicatorSystems.AsNoTracking().Where(s => s.Id == id && s.OrganisationId == organisationId).Select(s => s.Definition).FirstOrDefaultAsync(ct);
    }

    /// <summary>Creates a questionnaire with version 1.</summary>
    public static async Task<UseCaseResult<QuestionnaireSaved>> CreateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, QuestionnaireInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = CheckName(input.Name, errors);
        var system = await CheckSystemAsync(db, user, input.IndicatorSystemId, errors, ct);
        var definition = CheckDefinition(input.Definition, system, errors);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<QuestionnaireSaved>(errors);
        }
        var questionnaire = Add(db, user, clock, name!, input.IndicatorSystemId, null, definition!);
        await db.SaveChangesAsync(ct);
        return UseCaseResult.Ok(new QuestionnaireSaved((await GetAsync(db, user, questionnaire.Id, ct))!, 1, true));
    }

    /// <summary>Creates a questionnaire from a shipped template, and its indicator system, in one step.</summary>
    public static async Task<UseCaseResult<QuestionnaireSaved>> FromTemplateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, FromTemplateInput input, string language, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var template = string.IsNullOrWhiteSpace(input.Template) ? null : QuestionnaireTemplates.Find(input.Template.Trim());
        if (template is null)
        {
            errors["template"] = [$"template must be one of {string.Join(", ", QuestionnaireTemplates.All.Select(t => t.Key))}"];
        }
        var name = string.IsNullOrWhiteSpace(input.Name) ? null : CheckName(input.Name, errors);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<QuestionnaireSaved>(errors);
        }
        name ??= template!.Name.For(language);
        Guid? systemId = null;
        if (template!.Indicators is { } indicators)
        {
            var organisationId = user.OrganisationId;
            var systemName = name;
            // Indicator system names are unique per organisation: the second copy of a template gets "(2)", and so on.
            for (var n = 2; await db.IndicatorSystems.AsNoTracking().AnyAsync(s => s.OrganisationId == organisationId && s.Name == systemName, ct); n++)
            {
                systemName = $"{name} ({n})";
            }
            var now = clock.GetUtcNow();
            var system = new IndicatorSystem
            {
                Id = Guid.NewGuid(), OrganisationId = organisationId, Name = systemName, Description = template.Description.For(language),
                Definition = indicators, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            };
            db.IndicatorSystems.Add(system);
            AuditLog.Write(db, user, clock, SurveyAudit.IndicatorSystemCreate, SurveyAudit.System(system.Id), "from template " + template.Key);
            systemId = system.Id;
        }
        var questionnaire = Add(db, user, clock, name, systemId, template.Key, template.Questionnaire);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once took the same system name: nothing was written; the user clicks again.
            db.ChangeTracker.Clear();
            return UseCaseResult.Stale<QuestionnaireSaved>();
        }
        return UseCaseResult.Ok(new QuestionnaireSaved((await GetAsync(db, user, questionnaire.Id, ct))!, 1, true));
    }

    /// <summary>
    /// Saves a definition: while the latest version has no answers it is replaced in place (same number); once it has answers
    /// version N+1 is created and the answered version stays as it was. Stale when another save made a version meanwhile.
    /// </summary>
    public static async Task<UseCaseResult<QuestionnaireSaved>> SaveAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, QuestionnaireInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var organisationId = user.OrganisationId;
        var questionnaire = await db.Questionnaires.FirstOrDefaultAsync(q => q.Id == id && q.OrganisationId == organisationId, ct);
        if (questionnaire is null)
        {
            return UseCaseResult.NotFound<QuestionnaireSaved>();
        }
        var latest = await db.QuestionnaireVersions.FirstAsync(v => v.QuestionnaireId == id && v.Number == questionnaire.LatestVersion, ct);
        var frozen = latest.HasResponses || (await AnsweredVersionsAsync(db, organisationId, [latest.Id], ct)).Count > 0;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = input.Name is null ? questionnaire.Name : CheckName(input.Name, errors);
        var systemId = input.IndicatorSystemId ?? questionnaire.IndicatorSystemId;
        if (systemId != questionnaire.IndicatorSystemId && await db.QuestionnaireVersions.AsNoTracking().AnyAsync(v => v.QuestionnaireId == id && v.Number != latest.Number, ct))
        {
            errors["indicatorSystemId"] = ["the indicator system of a questionnaire with several versions cannot change (versions are compared by indicator)"];
        }
        var system = await CheckSystemAsync(db, user, systemId, errors, ct);
        var definition = CheckDefinition(input.Definition, system, errors);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<QuestionnaireSaved>(errors);
        }
        var now = clock.GetUtcNow();
        questionnaire.Name = name!;
        questionnaire.IndicatorSystemId = systemId;
        questionnaire.UpdatedAt = now;
        int number;
        if (frozen)
        {
            number = latest.Number + 1;
            db.QuestionnaireVersions.Add(new QuestionnaireVersion
            {
                Id = Guid.NewGuid(), QuestionnaireId = id, Number = number, Definition = definition!, CreatedAt = now, CreatedBy = user.ActorId,
            });
            questionnaire.LatestVersion = number;
            AuditLog.Write(db, user, clock, SurveyAudit.QuestionnaireNewVersion, SurveyAudit.Questionnaire(id), $"version {number} (version {latest.Number} has answers)");
        }
        else
        {
            number = latest.Number;
            latest.Definition = definition!;
            AuditLog.Write(db, user, clock, SurveyAudit.QuestionnaireUpdate, SurveyAudit.Questionnaire(id), $"version {number} replaced ({definition!.Questions.Count()} questions)");
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (questionnaire, number) index: another save created this version number first.
            db.ChangeTracker.Clear();
            return UseCaseResult.Stale<QuestionnaireSaved>();
        }
        return UseCaseResult.Ok(new QuestionnaireSaved((await GetAsync(db, user, id, ct))!, number, frozen));
    }

    private static Questionnaire Add(ManyiDbContext db, CurrentUser user, TimeProvider clock, string name, Guid? systemId, string? templateKey, QuestionnaireDefinition definition)
    {
        var now = clock.GetUtcNow();
        var questionnaire = new Questionnaire
        {
            Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = name, TemplateKey = templateKey, IndicatorSystemId = systemId,
            LatestVersion = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Questionnaires.Add(questionnaire);
        db.QuestionnaireVersions.Add(new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition, CreatedAt = now, CreatedBy = user.ActorId });
        AuditLog.Write(db, user, clock, SurveyAudit.QuestionnaireCreate, SurveyAudit.Questionnaire(questionnaire.Id), templateKey is null ? null : "from template " + templateKey);
        return questionnaire;
    }

    /// <summary>The versions among <paramref name="versionIds"/> that have at least one response (whatever the flag says).</summary>
    private static async Task<HashSet<Guid>> AnsweredVersionsAsync(ManyiDbContext db, Guid organisationId, List<Guid> versionIds, CancellationToken ct)
    {
        var answered = await db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && versionIds.Contains(r.QuestionnaireVersionId))
            .Select(r => r.QuestionnaireVersionId).Distinct().ToListAsync(ct);
        return [.. answered];
    }

    private static string? CheckName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = ["name is required (at most 200 characters)"];
            return null;
        }
        return name.Trim();
    }

    private static async Task<IndicatorSystemDefinition?> CheckSystemAsync(ManyiDbContext db, CurrentUser user, Guid? systemId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (systemId is null)
        {
            return null;
        }
        var system = await SystemOfAsync(db, user.OrganisationId, systemId, ct);
        if (system is null)
        {
            errors["indicatorSystemId"] = ["indicatorSystemId must be an indicator system of your organisation"];
        }
        return system;
    }

    private static QuestionnaireDefinition? CheckDefinition(System.Text.Json.JsonElement? json, IndicatorSystemDefinition? system, Dictionary<string, string[]> errors)
    {
        var (definition, error) = SurveyMapping.Read<QuestionnaireDefinition>(json);
        if (error is not null)
        {
            errors["definition"] = [error];
            return null;
        }
        foreach (var issue in QuestionnaireRules.Validate(definition!, system))
        {
            IndicatorSystemCommands.Add(errors, "definition." + issue.Path, issue.Message);
        }
        return definition;
    }
}
