using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>An alert rule as the API shows it.</summary>
public sealed record AlertRuleDto(Guid Id, string Name, AlertRuleKind Kind, Guid? WaveId, Guid? UnitId, string? QuestionCode, string? IndicatorCode,
    double? Threshold, IReadOnlyList<string> Keywords, Guid? CategoryId, CasePriority Priority, bool Active, DateTimeOffset CreatedAt);

/// <summary>What a client sends to create or replace an alert rule.</summary>
public sealed record AlertRuleInput
{
    public string? Name { get; init; }

    public AlertRuleKind? Kind { get; init; }

    public Guid? WaveId { get; init; }

    public Guid? UnitId { get; init; }

    public string? QuestionCode { get; init; }

    public string? IndicatorCode { get; init; }

    public double? Threshold { get; init; }

    public IReadOnlyList<string>? Keywords { get; init; }

    public Guid? CategoryId { get; init; }

    public CasePriority? Priority { get; init; }

    public bool? Active { get; init; }
}

/// <summary>The outcome of the dry run: which rules (of those that apply to the response's wave and unit) it trips, and why.</summary>
public sealed record AlertTestDto(Guid ResponseId, Guid? CaseId, IReadOnlyList<AlertTripDto> Trips);

public sealed record AlertTripDto(Guid RuleId, string Name, AlertRuleKind Kind, IReadOnlyList<string> Reasons);

/// <summary>Alert rules API: rules that open cases from survey answers, per wave and unit.</summary>
public static class AlertRulesApi
{
    public const int NameLength = 200;
    public const int MaxKeywords = 50;
    public const int KeywordLength = 50;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapAlertRulesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var rules = api.MapGroup("/alert-rules").WithTags("Alert rules");
        rules.MapGet("", ListAsync).WithName("ListAlertRules").WithSummary("The organisation's alert rules (those of visible units for a unit manager)").RequireAuthorization(Policies.ReadData);
        rules.MapGet("/test", TestAsync).WithName("TestAlertRules").WithSummary("Dry run: which rules a stored response trips (responseId=…), and why").RequireAuthorization(Policies.ReadData);
        rules.MapGet("/{id:guid}", GetAsync).WithName("GetAlertRule").WithSummary("One alert rule").RequireAuthorization(Policies.ReadData);
        rules.MapPost("", CreateAsync).WithName("CreateAlertRule").WithSummary("Add an alert rule").RequireAuthorization(Policies.DesignSurveys);
        rules.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAlertRule").WithSummary("Replace an alert rule").RequireAuthorization(Policies.DesignSurveys);
        rules.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAlertRule").WithSummary("Delete an alert rule (its cases keep their history)").RequireAuthorization(Policies.DesignSurveys);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AlertRuleDto>>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var rules = await VisibleAsync(db, user, ct);
        var list = await rules.AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AlertRuleDto>>([.. list.Select(ToDto)]);
    }

    private static async Task<Results<Ok<AlertRuleDto>, NotFound>> GetAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var rule = await (await VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return rule is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(rule));
    }

    private static async Task<Results<Created<AlertRuleDto>, ValidationProblem>> CreateAsync(AlertRuleInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var rule = new AlertRule { Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, CreatedAt = clock.GetUtcNow() };
        var errors = await ApplyAsync(rule, input ?? new AlertRuleInput(), db, user, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/alert-rules/{rule.Id}", ToDto(rule));
    }

    private static async Task<Results<Ok<AlertRuleDto>, NotFound, ValidationProblem>> UpdateAsync(Guid id, AlertRuleInput input, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var rule = await (await VisibleAsync(db, user, ct)).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return TypedResults.NotFound();
        }
        var errors = await ApplyAsync(rule, input ?? new AlertRuleInput(), db, user, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(rule));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var rule = await (await VisibleAsync(db, user, ct)).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return TypedResults.NotFound();
        }
        db.AlertRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AlertTestDto>, NotFound, ValidationProblem>> TestAsync(string? responseId, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        if (!Guid.TryParse(responseId, out var id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["responseId"] = ["responseId must be the id of a stored response"] });
        }
        var organisationId = user.OrganisationId;
        var response = await db.Responses.AsNoTracking().Where(r => r.Id == id && r.OrganisationId == organisationId)
            .Select(r => new { r.Id, r.WaveId, r.QuestionnaireVersionId, r.UnitId, r.CustomerId, r.Answers }).FirstOrDefaultAsync(ct);
        if (response is null)
        {
            return TypedResults.NotFound();
        }
        var unit = response.UnitId
            ?? await db.Customers.AsNoTracking().Where(c => c.Id == response.CustomerId).Select(c => (Guid?)c.UnitId).FirstOrDefaultAsync(ct)
            ?? await db.Waves.AsNoTracking().Where(w => w.Id == response.WaveId).Select(w => w.UnitId).FirstOrDefaultAsync(ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (visible is not null && (unit is null || !visible.Contains(unit.Value)))
        {
            return TypedResults.NotFound();
        }
        var definition = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Id == response.QuestionnaireVersionId).Select(v => v.Definition).FirstAsync(ct);
        var parents = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);
        var path = new HashSet<Guid>();
        for (var current = unit; current is { } c && path.Add(c) && parents.TryGetValue(c, out var parent); current = parent)
        {
        }
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Active).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var applicable = rules.Where(r => (r.WaveId is null || r.WaveId == response.WaveId) && (r.UnitId is null || path.Contains(r.UnitId.Value)));
        var trips = AlertCheck.Check(definition, response.Answers, applicable);
        var caseId = await db.Cases.AsNoTracking().Where(c => c.ResponseId == id && c.OrganisationId == organisationId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new AlertTestDto(id, caseId, [.. trips.Select(t => new AlertTripDto(t.Rule.Id, t.Rule.Name, t.Rule.Kind, t.Reasons))]));
    }

    /// <summary>The rules the caller may see: the organisation's; for a unit manager those of its units and those for every unit.</summary>
    private static async Task<IQueryable<AlertRule>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var units = await user.VisibleUnitsAsync(ct);
        var rules = db.AlertRules.Where(r => r.OrganisationId == organisationId);
        return units is null ? rules : rules.Where(r => r.UnitId != null && units.Contains(r.UnitId.Value));
    }

    /// <summary>Checks the input against the organisation and copies it onto <paramref name="rule"/> only when it is valid (errors by request field).</summary>
    public static async Task<Dictionary<string, string[]>> ApplyAsync(AlertRule rule, AlertRuleInput input, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var organisationId = user.OrganisationId;
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NameLength)
        {
            errors["name"] = [$"name is required, at most {NameLength} characters"];
        }
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["kind is required: npsDetractor, csatAtMost, indicatorBelow or negativeKeywords"];
            kind = default;
        }
        if (input.Priority is { } p && !Enum.IsDefined(p))
        {
            errors["priority"] = ["priority must be low, normal, high or urgent"];
        }
        switch (input.Kind)
        {
            case AlertRuleKind.NpsDetractor when input.Threshold is not null:
                errors["threshold"] = ["an NPS detractor rule takes no threshold (0–6 is a detractor)"];
                break;
            case AlertRuleKind.CsatAtMost when input.Threshold is { } t && (t < 1 || t > 5 || !double.IsFinite(t)):
                errors["threshold"] = ["threshold must be from 1 to 5 for a CSAT rule (default 2)"];
                break;
            case AlertRuleKind.IndicatorBelow when input.Threshold is not { } t2 || !double.IsFinite(t2):
                errors["threshold"] = ["an indicator rule needs a finite threshold"];
                break;
            case AlertRuleKind.IndicatorBelow when string.IsNullOrWhiteSpace(input.IndicatorCode) && string.IsNullOrWhiteSpace(input.QuestionCode):
                errors["indicatorCode"] = ["an indicator rule names the indicator (indicatorCode) or the question (questionCode)"];
                break;
        }
        if (input.Kind is AlertRuleKind.NegativeKeywords && input.Threshold is not null)
        {
            errors["threshold"] = ["a keyword rule takes no threshold"];
        }
        if (input.QuestionCode is { Length: > 100 })
        {
            errors["questionCode"] = ["questionCode is at most 100 characters"];
        }
        if (input.IndicatorCode is { Length: > 100 })
        {
            errors["indicatorCode"] = ["indicatorCode is at most 100 characters"];
        }
        var keywords = (input.Keywords ?? []).Where(k => k is not null).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (keywords.Count > MaxKeywords || keywords.Any(k => k.Length > KeywordLength))
        {
            errors["keywords"] = [$"at most {MaxKeywords} keywords of at most {KeywordLength} characters"];
        }
        else if (keywords.Count > 0 && input.Kind is not AlertRuleKind.NegativeKeywords)
        {
            errors["keywords"] = ["keywords belong to a negativeKeywords rule"];
        }
        var visible = await user.VisibleUnitsAsync(ct);
        if (input.UnitId is { } unitId && (!await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct)
            || (visible is not null && !visible.Contains(unitId))))
        {
            errors["unitId"] = ["no such unit in your units"];
        }
        else if (input.UnitId is null && visible is not null)
        {
            errors["unitId"] = ["a unit manager's rule names one of its units"];
        }
        if (input.WaveId is { } waveId)
        {
            var wave = await db.Waves.AsNoTracking().Where(w => w.Id == waveId && w.OrganisationId == organisationId).Select(w => new { w.UnitId }).FirstOrDefaultAsync(ct);
            if (wave is null || (visible is not null && (wave.UnitId is null || !visible.Contains(wave.UnitId.Value))))
            {
                errors["waveId"] = ["no such wave in your units"];
            }
        }
        if (input.CategoryId is { } categoryId && !await db.CaseCategories.AsNoTracking().AnyAsync(c => c.Id == categoryId && c.OrganisationId == organisationId, ct))
        {
            errors["categoryId"] = ["no such case category"];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        rule.Name = name!;
        rule.Kind = kind;
        rule.WaveId = input.WaveId;
        rule.UnitId = input.UnitId;
        rule.QuestionCode = string.IsNullOrWhiteSpace(input.QuestionCode) ? null : input.QuestionCode.Trim();
        rule.IndicatorCode = string.IsNullOrWhiteSpace(input.IndicatorCode) ? null : input.IndicatorCode.Trim();
        rule.Threshold = input.Threshold;
        rule.Keywords = keywords;
        rule.CategoryId = input.CategoryId;
        rule.Priority = input.Priority ?? CasePriority.High;
        rule.Active = input.Active ?? true;
        return errors;
    }

    public static AlertRuleDto ToDto(AlertRule r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AlertRuleDto(r.Id, r.Name, r.Kind, r.WaveId, r.UnitId, r.QuestionCode, r.IndicatorCode, r.Threshold, r.Keywords, r.CategoryId, r.Priority, r.Active, r.CreatedAt);
    }
}
