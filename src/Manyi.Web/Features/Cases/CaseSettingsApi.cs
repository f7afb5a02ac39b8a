using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// Case configuration API (product.md M5): categories, root causes, SLA policies, business calendar, escalation levels, settings and
/// the shipped defaults. Reading needs ReadData, changing ConfigureCases; every change is audited. The change methods are public so
/// that the settings pages apply the same checks.
/// </summary>
public static partial class CaseSettingsApi
{
    public const int NameLength = 200;
    public const int CodeLength = 100;

    /// <summary>Upper bound of an SLA target: a year of minutes.</summary>
    public const int MaxMinutes = 525_600;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapCaseSettingsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var g = api.MapGroup("/case-settings").WithTags("Case settings");
        g.MapGet("/categories", ListCategoriesAsync).WithName("ListCaseCategories").WithSummary("The case category tree (roots with their sub-categories, inactive ones included)").RequireAuthorization(Policies.ReadData);
        g.MapPost("/categories", CreateCategoryAsync).WithName("CreateCaseCategory").WithSummary("Add a category (code unique; parent of the organisation)").RequireAuthorization(Policies.ConfigureCases);
        g.MapPut("/categories/{id:guid}", UpdateCategoryAsync).WithName("UpdateCaseCategory").WithSummary("Replace a category's code, names, parent, order and state (no cycles)").RequireAuthorization(Policies.ConfigureCases);
        g.MapPost("/categories/{id:guid}/deactivate", DeactivateCategoryAsync).WithName("DeactivateCaseCategory").WithSummary("Stop offering a category (its cases keep it)").RequireAuthorization(Policies.ConfigureCases);

        g.MapGet("/root-causes", ListRootCausesAsync).WithName("ListRootCauses").WithSummary("Root causes by kind (value, system, people) with sub-causes").RequireAuthorization(Policies.ReadData);
        g.MapPost("/root-causes", CreateRootCauseAsync).WithName("CreateRootCause").WithSummary("Add a root cause (kind required at the top, taken from the parent below it)").RequireAuthorization(Policies.ConfigureCases);
        g.MapPut("/root-causes/{id:guid}", UpdateRootCauseAsync).WithName("UpdateRootCause").WithSummary("Replace a root cause's code, names, parent and state").RequireAuthorization(Policies.ConfigureCases);
        g.MapPost("/root-causes/{id:guid}/deactivate", DeactivateRootCauseAsync).WithName("DeactivateRootCause").WithSummary("Stop offering a root cause (closed cases keep it)").RequireAuthorization(Policies.ConfigureCases);

        g.MapGet("/sla-policies", ListPoliciesAsync).WithName("ListSlaPolicies").WithSummary("SLA policies (targets in business minutes)").RequireAuthorization(Policies.ReadData);
        g.MapPost("/sla-policies", CreatePolicyAsync).WithName("CreateSlaPolicy").WithSummary("Add an SLA policy").RequireAuthorization(Policies.ConfigureCases);
        g.MapPut("/sla-policies/{id:guid}", UpdatePolicyAsync).WithName("UpdateSlaPolicy").WithSummary("Replace an SLA policy (running cases keep their copied targets)").RequireAuthorization(Policies.ConfigureCases);
        g.MapDelete("/sla-policies/{id:guid}", DeletePolicyAsync).WithName("DeleteSlaPolicy").WithSummary("Delete an SLA policy (running cases keep their copied targets)").RequireAuthorization(Policies.ConfigureCases);

        g.MapGet("/calendar", GetCalendarAsync).WithName("GetBusinessCalendar").WithSummary("The business calendar (time zone, working days, hours, holidays, adjusted working days)").RequireAuthorization(Policies.ReadData);
        g.MapPut("/calendar", PutCalendarAsync).WithName("PutBusinessCalendar").WithSummary("Replace the business calendar (each problem names its field)").RequireAuthorization(Policies.ConfigureCases);

        g.MapGet("/escalation-levels", GetLevelsAsync).WithName("GetEscalationLevels").WithSummary("Escalation levels 1..n").RequireAuthorization(Policies.ReadData);
        g.MapPut("/escalation-levels", PutLevelsAsync).WithName("PutEscalationLevels").WithSummary("Replace the escalation levels (1..n consecutive, names required, users of the organisation)").RequireAuthorization(Policies.ConfigureCases);

        g.MapGet("/settings", GetSettingsAsync).WithName("GetCaseSettings").WithSummary("Repeat window, follow-up method and delay, auto-close days").RequireAuthorization(Policies.ReadData);
        g.MapPut("/settings", PutSettingsAsync).WithName("PutCaseSettings").WithSummary("Replace the case settings").RequireAuthorization(Policies.ConfigureCases);

        g.MapPost("/defaults", ApplyDefaultsAsync).WithName("ApplyCaseDefaults").WithSummary("Add whatever of the shipped defaults is missing (idempotent)").RequireAuthorization(Policies.ConfigureCases);
        return api;
    }

    // ---------------------------------------------------------------- categories

    private static async Task<Ok<IReadOnlyList<CategoryNodeDto>>> ListCategoriesAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await CategoryTreeAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's category tree, ordered by sort order then code.</summary>
    public static async Task<IReadOnlyList<CategoryNodeDto>> CategoryTreeAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.ParentId, c.Code, c.NameZh, c.NameEn, c.SortOrder, c.Active }).ToListAsync(ct);
        var ordered = rows.OrderBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var ids = rows.Select(r => r.Id).ToHashSet();
        var byParent = ordered.ToLookup(r => r.ParentId is { } p && ids.Contains(p) ? p : (Guid?)null);
        IReadOnlyList<CategoryNodeDto> Build(Guid? parent, int depth) => depth > 32 ? [] :
            [.. byParent[parent].Select(r => new CategoryNodeDto(r.Id, r.ParentId, r.Code, r.NameZh, r.NameEn, r.SortOrder, r.Active, Build(r.Id, depth + 1)))];
        return Build(null, 0);
    }

    private static async Task<Results<Created<CategoryNodeDto>, ValidationProblem>> CreateCategoryAsync(CategoryInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveCategoryAsync(db, user, clock, null, input ?? new CategoryInput(), ct);
        return outcome.Value is { } v ? TypedResults.Created($"/api/v1/case-settings/categories/{v.Id}", v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    private static async Task<Results<Ok<CategoryNodeDto>, NotFound, ValidationProblem>> UpdateCategoryAsync(Guid id, CategoryInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveCategoryAsync(db, user, clock, id, input ?? new CategoryInput(), ct);
        return outcome.NotFound ? TypedResults.NotFound() : outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Creates (<paramref name="id"/> null) or replaces a category after checking code, names, parent and cycles.</summary>
    public static async Task<SettingsOutcome<CategoryNodeDto>> SaveCategoryAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid? id, CategoryInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var org = user.OrganisationId;
        CaseCategory? existing = null;
        if (id is { } existingId && (existing = await db.CaseCategories.FirstOrDefaultAsync(c => c.Id == existingId && c.OrganisationId == org, ct)) is null)
        {
            return SettingsOutcome.Missing<CategoryNodeDto>();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var code = CheckCode(input.Code, errors);
        var nameZh = CheckName(input.NameZh, "nameZh", required: true, errors);
        var nameEn = CheckName(input.NameEn, "nameEn", required: false, errors);
        if (code is not null && await db.CaseCategories.AnyAsync(c => c.OrganisationId == org && c.Code == code && c.Id != id, ct))
        {
            errors["code"] = ["another category has this code"];
        }
        if (input.ParentId is { } parentId)
        {
            var parents = await db.CaseCategories.AsNoTracking().Where(c => c.OrganisationId == org).ToDictionaryAsync(c => c.Id, c => c.ParentId, ct);
            if (!parents.ContainsKey(parentId))
            {
                errors["parentId"] = ["no such category in your organisation"];
            }
            else if (id is { } self && CreatesCycle(self, parentId, parents))
            {
                errors["parentId"] = ["a category cannot sit below itself or one of its sub-categories"];
            }
        }
        if (input.SortOrder is < 0 or > 1_000_000)
        {
            errors["sortOrder"] = ["sortOrder is between 0 and 1000000"];
        }
        if (errors.Count > 0)
        {
            return SettingsOutcome.Invalid<CategoryNodeDto>(errors);
        }
        var category = existing ?? new CaseCategory { Id = Guid.CreateVersion7(), OrganisationId = org, Code = code!, NameZh = nameZh! };
        category.Code = code!;
        category.NameZh = nameZh!;
        category.NameEn = nameEn;
        category.ParentId = input.ParentId;
        category.SortOrder = input.SortOrder ?? (existing?.SortOrder ?? 0);
        category.Active = input.Active ?? (existing?.Active ?? true);
        if (existing is null)
        {
            db.CaseCategories.Add(category);
        }
        AuditLog.Write(db, user, clock, existing is null ? "case-category.create" : "case-category.update", category.Code, null);
        await db.SaveChangesAsync(ct);
        return SettingsOutcome.Ok<CategoryNodeDto>(new CategoryNodeDto(category.Id, category.ParentId, category.Code, category.NameZh, category.NameEn, category.SortOrder, category.Active, []));
    }

    private static async Task<Results<NoContent, NotFound>> DeactivateCategoryAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        await DeactivateCategoryCoreAsync(db, user, clock, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>Deactivates a category of the caller's organisation; false when there is none with that id.</summary>
    public static async Task<bool> DeactivateCategoryCoreAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var category = await db.CaseCategories.FirstOrDefaultAsync(c => c.Id == id && c.OrganisationId == user.OrganisationId, ct);
        if (category is null)
        {
            return false;
        }
        category.Active = false;
        AuditLog.Write(db, user, clock, "case-category.deactivate", category.Code, null);
        await db.SaveChangesAsync(ct);
        return true;
    }

    // ---------------------------------------------------------------- root causes

    private static async Task<Ok<IReadOnlyList<RootCauseNodeDto>>> ListRootCausesAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await RootCauseTreeAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's root causes as a tree: kinds in the order value, system, people, then by code.</summary>
    public static async Task<IReadOnlyList<RootCauseNodeDto>> RootCauseTreeAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.RootCauses.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.ParentId, c.Kind, c.Code, c.NameZh, c.NameEn, c.Active }).ToListAsync(ct);
        var ordered = rows.OrderBy(r => r.Kind).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var ids = rows.Select(r => r.Id).ToHashSet();
        var byParent = ordered.ToLookup(r => r.ParentId is { } p && ids.Contains(p) ? p : (Guid?)null);
        IReadOnlyList<RootCauseNodeDto> Build(Guid? parent, int depth) => depth > 32 ? [] :
            [.. byParent[parent].Select(r => new RootCauseNodeDto(r.Id, r.ParentId, r.Kind, r.Code, r.NameZh, r.NameEn, r.Active, Build(r.Id, depth + 1)))];
        return Build(null, 0);
    }

    private static async Task<Results<Created<RootCauseNodeDto>, ValidationProblem>> CreateRootCauseAsync(RootCauseInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveRootCauseAsync(db, user, clock, null, input ?? new RootCauseInput(), ct);
        return outcome.Value is { } v ? TypedResults.Created($"/api/v1/case-settings/root-causes/{v.Id}", v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    private static async Task<Results<Ok<RootCauseNodeDto>, NotFound, ValidationProblem>> UpdateRootCauseAsync(Guid id, RootCauseInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveRootCauseAsync(db, user, clock, id, input ?? new RootCauseInput(), ct);
        return outcome.NotFound ? TypedResults.NotFound() : outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Creates or replaces a root cause: the kind is the parent's below a parent, required at the top; no cycles; an existing cause keeps its kind.</summary>
    public static async Task<SettingsOutcome<RootCauseNodeDto>> SaveRootCauseAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid? id, RootCauseInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var org = user.OrganisationId;
        RootCause? existing = null;
        if (id is { } existingId && (existing = await db.RootCauses.FirstOrDefaultAsync(c => c.Id == existingId && c.OrganisationId == org, ct)) is null)
        {
            return SettingsOutcome.Missing<RootCauseNodeDto>();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var code = CheckCode(input.Code, errors);
        var nameZh = CheckName(input.NameZh, "nameZh", required: true, errors);
        var nameEn = CheckName(input.NameEn, "nameEn", required: false, errors);
        if (code is not null && await db.RootCauses.AnyAsync(c => c.OrganisationId == org && c.Code == code && c.Id != id, ct))
        {
            errors["code"] = ["another root cause has this code"];
        }
        RootCauseKind? kind = null;
        if (!string.IsNullOrWhiteSpace(input.Kind))
        {
            if (Enum.TryParse<RootCauseKind>(input.Kind.Trim(), ignoreCase: true, out var k) && Enum.IsDefined(k) && !input.Kind.Trim().All(char.IsDigit))
            {
                kind = k;
            }
            else
            {
                errors["kind"] = ["kind is value, system or people"];
            }
        }
        if (input.ParentId is { } parentId)
        {
            var all = await db.RootCauses.AsNoTracking().Where(c => c.OrganisationId == org).Select(c => new { c.Id, c.ParentId, c.Kind }).ToListAsync(ct);
            var parent = all.FirstOrDefault(c => c.Id == parentId);
            if (parent is null)
            {
                errors["parentId"] = ["no such root cause in your organisation"];
            }
            else if (id is { } self && CreatesCycle(self, parentId, all.ToDictionary(c => c.Id, c => c.ParentId)))
            {
                errors["parentId"] = ["a root cause cannot sit below itself or one of its sub-causes"];
            }
            else if (kind is { } given && given != parent.Kind)
            {
                errors["kind"] = ["a sub-cause has its parent's kind"];
            }
            else if (existing is not null && existing.Kind != parent.Kind)
            {
                errors["parentId"] = ["the parent must be of the same kind"];
            }
            else
            {
                kind = parent.Kind;
            }
        }
        else if (existing is not null)
        {
            if (kind is { } given && given != existing.Kind)
            {
                errors["kind"] = ["the kind of a root cause does not change"];
            }
            kind = existing.Kind;
        }
        else if (kind is null && !errors.ContainsKey("kind"))
        {
            errors["kind"] = ["kind (value, system or people) is required for a top-level root cause"];
        }
        if (errors.Count > 0)
        {
            return SettingsOutcome.Invalid<RootCauseNodeDto>(errors);
        }
        var cause = existing ?? new RootCause { Id = Guid.CreateVersion7(), OrganisationId = org, Code = code!, NameZh = nameZh! };
        cause.Code = code!;
        cause.NameZh = nameZh!;
        cause.NameEn = nameEn;
        cause.ParentId = input.ParentId;
        cause.Kind = kind!.Value;
        cause.Active = input.Active ?? (existing?.Active ?? true);
        if (existing is null)
        {
            db.RootCauses.Add(cause);
        }
        AuditLog.Write(db, user, clock, existing is null ? "root-cause.create" : "root-cause.update", cause.Code, null);
        await db.SaveChangesAsync(ct);
        return SettingsOutcome.Ok<RootCauseNodeDto>(new RootCauseNodeDto(cause.Id, cause.ParentId, cause.Kind, cause.Code, cause.NameZh, cause.NameEn, cause.Active, []));
    }

    private static async Task<Results<NoContent, NotFound>> DeactivateRootCauseAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        await DeactivateRootCauseCoreAsync(db, user, clock, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>Deactivates a root cause of the caller's organisation; false when there is none with that id.</summary>
    public static async Task<bool> DeactivateRootCauseCoreAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var cause = await db.RootCauses.FirstOrDefaultAsync(c => c.Id == id && c.OrganisationId == user.OrganisationId, ct);
        if (cause is null)
        {
            return false;
        }
        cause.Active = false;
        AuditLog.Write(db, user, clock, "root-cause.deactivate", cause.Code, null);
        await db.SaveChangesAsync(ct);
        return true;
    }

    // ---------------------------------------------------------------- SLA policies

    private static async Task<Ok<IReadOnlyList<SlaPolicyDto>>> ListPoliciesAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await PoliciesAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's SLA policies, by name.</summary>
    public static async Task<IReadOnlyList<SlaPolicyDto>> PoliciesAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.SlaPolicies.AsNoTracking().Where(p => p.OrganisationId == organisationId)
            .Select(p => new SlaPolicyDto(p.Id, p.Name, p.CategoryId, p.Priority, p.FirstResponseMinutes, p.ResolutionMinutes, p.Active)).ToListAsync(ct);
        return [.. rows.OrderBy(p => p.CategoryId is null ? 0 : 1).ThenByDescending(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    private static async Task<Results<Created<SlaPolicyDto>, ValidationProblem>> CreatePolicyAsync(SlaPolicyInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SavePolicyAsync(db, user, clock, null, input ?? new SlaPolicyInput(), ct);
        return outcome.Value is { } v ? TypedResults.Created($"/api/v1/case-settings/sla-policies/{v.Id}", v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    private static async Task<Results<Ok<SlaPolicyDto>, NotFound, ValidationProblem>> UpdatePolicyAsync(Guid id, SlaPolicyInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SavePolicyAsync(db, user, clock, id, input ?? new SlaPolicyInput(), ct);
        return outcome.NotFound ? TypedResults.NotFound() : outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Creates or replaces an SLA policy: name, minutes &gt; 0, resolution ≥ first response, category of the organisation. Cases keep the targets they copied.</summary>
    public static async Task<SettingsOutcome<SlaPolicyDto>> SavePolicyAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid? id, SlaPolicyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var org = user.OrganisationId;
        SlaPolicy? existing = null;
        if (id is { } existingId && (existing = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == existingId && p.OrganisationId == org, ct)) is null)
        {
            return SettingsOutcome.Missing<SlaPolicyDto>();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = CheckName(input.Name, "name", required: true, errors);
        CasePriority? priority = null;
        if (!string.IsNullOrWhiteSpace(input.Priority))
        {
            if (Enum.TryParse<CasePriority>(input.Priority.Trim(), ignoreCase: true, out var p) && Enum.IsDefined(p) && !input.Priority.Trim().All(char.IsDigit))
            {
                priority = p;
            }
            else
            {
                errors["priority"] = ["priority is low, normal, high or urgent (or empty for every priority)"];
            }
        }
        if (input.CategoryId is { } categoryId && !await db.CaseCategories.AnyAsync(c => c.Id == categoryId && c.OrganisationId == org, ct))
        {
            errors["categoryId"] = ["no such category in your organisation"];
        }
        var first = CheckMinutes(input.FirstResponseMinutes, "firstResponseMinutes", errors);
        var resolution = CheckMinutes(input.ResolutionMinutes, "resolutionMinutes", errors);
        if (first is { } f && resolution is { } r && r < f)
        {
            errors["resolutionMinutes"] = ["the resolution target cannot be shorter than the first-response target"];
        }
        if (errors.Count > 0)
        {
            return SettingsOutcome.Invalid<SlaPolicyDto>(errors);
        }
        var policy = existing ?? new SlaPolicy { Id = Guid.CreateVersion7(), OrganisationId = org, Name = name! };
        policy.Name = name!;
        policy.CategoryId = input.CategoryId;
        policy.Priority = priority;
        policy.FirstResponseMinutes = first!.Value;
        policy.ResolutionMinutes = resolution!.Value;
        policy.Active = input.Active ?? (existing?.Active ?? true);
        if (existing is null)
        {
            db.SlaPolicies.Add(policy);
        }
        AuditLog.Write(db, user, clock, existing is null ? "sla-policy.create" : "sla-policy.update", policy.Name, null);
        await db.SaveChangesAsync(ct);
        return SettingsOutcome.Ok<SlaPolicyDto>(policy.ToDto());
    }

    private static async Task<Results<NoContent, NotFound>> DeletePolicyAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        await DeletePolicyCoreAsync(db, user, clock, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>Deletes a policy of the caller's organisation (cases referring to it keep their targets; their reference is cleared).</summary>
    public static async Task<bool> DeletePolicyCoreAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == user.OrganisationId, ct);
        if (policy is null)
        {
            return false;
        }
        // Cases keep their copied targets; only the reference goes (done here too, so that it holds on every provider).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Cases.Where(c => c.OrganisationId == user.OrganisationId && c.SlaPolicyId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SlaPolicyId, (Guid?)null), ct);
        db.SlaPolicies.Remove(policy);
        AuditLog.Write(db, user, clock, "sla-policy.delete", policy.Name, null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    // ---------------------------------------------------------------- calendar

    private static async Task<Ok<CalendarDto>> GetCalendarAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await CalendarAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's calendar (the built-in Monday–Friday one, not configured, when it has none).</summary>
    public static async Task<CalendarDto> CalendarAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var definition = await db.BusinessCalendars.AsNoTracking().Where(c => c.OrganisationId == organisationId).Select(c => c.Definition).FirstOrDefaultAsync(ct);
        return (definition ?? new BusinessCalendarDefinition()).ToDto(definition is not null);
    }

    private static async Task<Results<Ok<CalendarDto>, ValidationProblem>> PutCalendarAsync(CalendarInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveCalendarAsync(db, user, clock, input ?? new CalendarInput(), ct);
        return outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Parses and checks a whole calendar (each problem names its field, e.g. <c>holidays[2]</c>) and replaces the organisation's.</summary>
    public static async Task<SettingsOutcome<CalendarDto>> SaveCalendarAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CalendarInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var (definition, errors) = ParseCalendar(input);
        if (definition is null)
        {
            return SettingsOutcome.Invalid<CalendarDto>(errors);
        }
        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.OrganisationId == user.OrganisationId, ct);
        if (calendar is null)
        {
            calendar = new BusinessCalendar { Id = Guid.CreateVersion7(), OrganisationId = user.OrganisationId };
            db.BusinessCalendars.Add(calendar);
        }
        calendar.Definition = definition;
        calendar.UpdatedAt = clock.GetUtcNow();
        AuditLog.Write(db, user, clock, "business-calendar.update", null,
            string.Create(CultureInfo.InvariantCulture, $"holidays={definition.Holidays.Count}; workingWeekendDays={definition.WorkingWeekendDays.Count}"));
        await db.SaveChangesAsync(ct);
        return SettingsOutcome.Ok<CalendarDto>(definition.ToDto(true));
    }

    /// <summary>The definition of <paramref name="input"/>, or null with the problems by field.</summary>
    public static (BusinessCalendarDefinition? Definition, Dictionary<string, string[]> Errors) ParseCalendar(CalendarInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];
        var zone = input.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zone))
        {
            Add("timeZone", "timeZone is required (an IANA name such as Asia/Shanghai)");
        }
        var days = new List<DayOfWeek>();
        var dayNames = input.WorkingDays ?? [];
        for (var i = 0; i < dayNames.Count; i++)
        {
            var name = dayNames[i]?.Trim() ?? string.Empty;
            if (Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) && Enum.IsDefined(day) && !name.All(char.IsDigit))
            {
                if (!days.Contains(day))
                {
                    days.Add(day);
                }
            }
            else
            {
                Add($"workingDays[{i}]", "a week day in English: monday … sunday");
            }
        }
        var hours = new List<BusinessHours>();
        var stretches = input.Hours ?? [];
        for (var i = 0; i < stretches.Count; i++)
        {
            var start = ParseTime(stretches[i]?.Start);
            var end = ParseTime(stretches[i]?.End);
            if (start is null)
            {
                Add($"hours[{i}].start", "a time HH:mm");
            }
            if (end is null)
            {
                Add($"hours[{i}].end", "a time HH:mm");
            }
            if (start is { } s && end is { } e)
            {
                hours.Add(new BusinessHours(s, e));
            }
        }
        var holidays = ParseDates(input.Holidays, "holidays", Add);
        var working = ParseDates(input.WorkingWeekendDays, "workingWeekendDays", Add);
        if (errors.Keys.Any(k => k != "timeZone"))
        {
            return (null, errors);
        }
        var definition = new BusinessCalendarDefinition { TimeZone = zone ?? string.Empty, WorkingDays = days, Hours = hours, Holidays = holidays, WorkingWeekendDays = working };
        foreach (var (field, message) in definition.Problems().Where(p => !(p.Field == "timeZone" && string.IsNullOrEmpty(zone))))
        {
            Add(field, message);
        }
        return errors.Count > 0 ? (null, errors) : (definition, errors);
    }

    private static List<DateOnly> ParseDates(IReadOnlyList<string>? texts, string field, Action<string, string> add)
    {
        var dates = new List<DateOnly>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            if (DateOnly.TryParseExact(texts![i]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                if (!dates.Contains(date))
                {
                    dates.Add(date);
                }
            }
            else
            {
                add($"{field}[{i}]", "a date yyyy-MM-dd");
            }
        }
        dates.Sort();
        return dates;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    // ---------------------------------------------------------------- escalation levels

    private static async Task<Ok<IReadOnlyList<EscalationLevelDto>>> GetLevelsAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await LevelsAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's escalation levels in order.</summary>
    public static async Task<IReadOnlyList<EscalationLevelDto>> LevelsAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var levels = await db.EscalationLevels.AsNoTracking().Where(l => l.OrganisationId == organisationId).OrderBy(l => l.Level).ToListAsync(ct);
        return [.. levels.Select(l => l.ToDto())];
    }

    private static async Task<Results<Ok<IReadOnlyList<EscalationLevelDto>>, ValidationProblem>> PutLevelsAsync(EscalationLevelsInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveLevelsAsync(db, user, clock, input ?? new EscalationLevelsInput(), ct);
        return outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Replaces the levels: 1..n consecutive in order, a Chinese name each, users of the organisation.</summary>
    public static async Task<SettingsOutcome<IReadOnlyList<EscalationLevelDto>>> SaveLevelsAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, EscalationLevelsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var org = user.OrganisationId;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.Levels is null)
        {
            errors["levels"] = ["levels is required (an empty list removes every level)"];
            return SettingsOutcome.Invalid<IReadOnlyList<EscalationLevelDto>>(errors);
        }
        var wanted = input.Levels.SelectMany(l => l?.NotifyUserIds ?? []).Distinct().ToList();
        List<Guid> known = wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => u.OrganisationId == org && wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var levels = new List<EscalationLevel>();
        for (var i = 0; i < input.Levels.Count; i++)
        {
            var level = input.Levels[i] ?? new EscalationLevelInput();
            var prefix = string.Create(CultureInfo.InvariantCulture, $"levels[{i}]");
            if (level.Level != i + 1)
            {
                errors[prefix + ".level"] = [string.Create(CultureInfo.InvariantCulture, $"levels are numbered 1..n in order without gaps: this one must be {i + 1}")];
            }
            var nameZh = CheckName(level.NameZh, prefix + ".nameZh", required: true, errors);
            var nameEn = CheckName(level.NameEn, prefix + ".nameEn", required: false, errors);
            var users = level.NotifyUserIds ?? [];
            if (users.Any(u => !known.Contains(u)))
            {
                errors[prefix + ".notifyUserIds"] = ["every user must be a user of your organisation"];
            }
            levels.Add(new EscalationLevel
            {
                Id = Guid.CreateVersion7(), OrganisationId = org, Level = i + 1, NameZh = nameZh ?? string.Empty, NameEn = nameEn,
                NotifyUserIds = [.. users.Distinct()], NotifyUnitManagers = level.NotifyUnitManagers ?? false,
            });
        }
        if (errors.Count > 0)
        {
            return SettingsOutcome.Invalid<IReadOnlyList<EscalationLevelDto>>(errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var old = await db.EscalationLevels.Where(l => l.OrganisationId == org).ToListAsync(ct);
        db.EscalationLevels.RemoveRange(old);
        // The unique (organisation, level) index: remove the old rows before the new ones go in.
        await db.SaveChangesAsync(ct);
        db.EscalationLevels.AddRange(levels);
        AuditLog.Write(db, user, clock, "escalation-levels.update", null, string.Create(CultureInfo.InvariantCulture, $"levels={levels.Count}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return SettingsOutcome.Ok<IReadOnlyList<EscalationLevelDto>>(levels.Select(l => l.ToDto()).ToList());
    }

    // ---------------------------------------------------------------- settings

    private static async Task<Ok<CaseSettingsDto>> GetSettingsAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await SettingsAsync(db, user.OrganisationId, ct));

    /// <summary>The organisation's settings (the defaults when it has none).</summary>
    public static async Task<CaseSettingsDto> SettingsAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.CaseSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == organisationId, ct);
        return (settings ?? new CaseSettings { OrganisationId = organisationId }).ToDto();
    }

    private static async Task<Results<Ok<CaseSettingsDto>, ValidationProblem>> PutSettingsAsync(CaseSettingsInput? input, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SaveSettingsAsync(db, user, clock, input ?? new CaseSettingsInput(), ct);
        return outcome.Value is { } v ? TypedResults.Ok(v) : TypedResults.ValidationProblem(outcome.Errors);
    }

    /// <summary>Replaces the settings: repeat window 1..365 days, follow-up survey|call, delay 0..720 h, auto-close 0..90 days.</summary>
    public static async Task<SettingsOutcome<CaseSettingsDto>> SaveSettingsAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CaseSettingsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var window = CheckRange(input.RepeatWindowDays, "repeatWindowDays", 1, 365, errors);
        var delay = CheckRange(input.FollowUpDelayHours, "followUpDelayHours", 0, 720, errors);
        var autoClose = CheckRange(input.AutoCloseDays, "autoCloseDays", 0, 90, errors);
        FollowUpMethod? method = null;
        var text = input.FollowUpMethod?.Trim();
        if (!string.IsNullOrEmpty(text) && Enum.TryParse<FollowUpMethod>(text, ignoreCase: true, out var m) && Enum.IsDefined(m) && !text.All(char.IsDigit))
        {
            method = m;
        }
        else
        {
            errors["followUpMethod"] = ["followUpMethod is survey or call"];
        }
        if (errors.Count > 0)
        {
            return SettingsOutcome.Invalid<CaseSettingsDto>(errors);
        }
        var settings = await db.CaseSettings.FirstOrDefaultAsync(s => s.OrganisationId == user.OrganisationId, ct);
        if (settings is null)
        {
            settings = new CaseSettings { OrganisationId = user.OrganisationId };
            db.CaseSettings.Add(settings);
        }
        settings.RepeatWindowDays = window!.Value;
        settings.FollowUpMethod = method!.Value;
        settings.FollowUpDelayHours = delay!.Value;
        settings.AutoCloseDays = autoClose!.Value;
        AuditLog.Write(db, user, clock, "case-settings.update", null, null);
        await db.SaveChangesAsync(ct);
        return SettingsOutcome.Ok<CaseSettingsDto>(settings.ToDto());
    }

    // ---------------------------------------------------------------- defaults

    private static async Task<Ok<CaseDefaultsApplied>> ApplyDefaultsAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ApplyDefaultsCoreAsync(db, user, clock, ct));

    /// <summary>Applies <see cref="CaseDefaults"/> to the caller's organisation, audited.</summary>
    public static async Task<CaseDefaultsApplied> ApplyDefaultsCoreAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        AuditLog.Write(db, user, clock, "case-settings.defaults", null, null);
        return await CaseDefaults.ApplyAsync(db, user.OrganisationId, ct);
    }

    // ---------------------------------------------------------------- checks

    private static string? CheckCode(string? text, Dictionary<string, string[]> errors)
    {
        var code = text?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors["code"] = ["code is required"];
            return null;
        }
        if (code.Length > CodeLength || !CodePattern().IsMatch(code))
        {
            errors["code"] = [string.Create(CultureInfo.InvariantCulture, $"code has 1–{CodeLength} letters, digits, '.', '-' or '_' and starts with a letter or digit")];
            return null;
        }
        return code;
    }

    private static string? CheckName(string? text, string field, bool required, Dictionary<string, string[]> errors)
    {
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            if (required)
            {
                errors[field] = [field + " is required"];
            }
            return null;
        }
        if (name.Length > NameLength)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} has at most {NameLength} characters")];
            return null;
        }
        return name;
    }

    private static int? CheckMinutes(int? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is not { } v || v <= 0 || v > MaxMinutes)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} is a whole number of business minutes from 1 to {MaxMinutes}")];
            return null;
        }
        return v;
    }

    private static int? CheckRange(int? value, string field, int min, int max, Dictionary<string, string[]> errors)
    {
        if (value is not { } v || v < min || v > max)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} is a whole number from {min} to {max}")];
            return null;
        }
        return v;
    }

    /// <summary>Whether putting <paramref name="self"/> below <paramref name="parent"/> makes a loop (parent is self or one of its descendants).</summary>
    private static bool CreatesCycle(Guid self, Guid parent, IReadOnlyDictionary<Guid, Guid?> parents)
    {
        var seen = new HashSet<Guid>();
        for (Guid? at = parent; at is { } current; at = parents.GetValueOrDefault(current))
        {
            if (current == self || !seen.Add(current))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
