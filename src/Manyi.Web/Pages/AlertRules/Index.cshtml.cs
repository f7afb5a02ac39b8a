using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.AlertRules;

/// <summary>Lists the alert rules (optionally of one wave) and, for survey designers, adds, edits and deletes them with the API's checks.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AlertRule> Rules { get; private set; } = [];

    public Dictionary<Guid, string> Waves { get; private set; } = [];

    public Dictionary<Guid, string> Units { get; private set; } = [];

    public bool CanDesign { get; private set; }

    public Guid? EditId { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public AlertRuleInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? waveId, Guid? edit, string? done, CancellationToken ct)
    {
        await LoadAsync(waveId, ct);
        Message = done switch { "saved" => "AlertRules.Saved", "deleted" => "AlertRules.Deleted", _ => null };
        if (edit is { } id && Rules.FirstOrDefault(r => r.Id == id) is { } rule)
        {
            EditId = id;
            Input = new AlertRuleInput
            {
                Name = rule.Name, Kind = rule.Kind, WaveId = rule.WaveId, UnitId = rule.UnitId, QuestionCode = rule.QuestionCode, IndicatorCode = rule.IndicatorCode,
                Threshold = rule.Threshold, Keywords = rule.Keywords, CategoryId = rule.CategoryId, Priority = rule.Priority, Active = rule.Active,
            };
        }
        else
        {
            Input = new AlertRuleInput { WaveId = waveId, Kind = AlertRuleKind.NpsDetractor };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, string? keywords, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded)
        {
            return Forbid();
        }
        var input = Input with
        {
            Keywords = (keywords ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Active = Input.Active ?? false,
        };
        AlertRule? rule;
        if (id is { } existing)
        {
            rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == existing && r.OrganisationId == user.OrganisationId, ct);
            var visible = await user.VisibleUnitsAsync(ct);
            if (rule is null || (visible is not null && (rule.UnitId is null || !visible.Contains(rule.UnitId.Value))))
            {
                return NotFound();
            }
        }
        else
        {
            rule = new AlertRule { Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, CreatedAt = clock.GetUtcNow() };
        }
        var errors = await AlertRulesApi.ApplyAsync(rule, input, db, user, ct);
        if (errors.Count > 0)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError("Input." + field, message);
                }
            }
            await LoadAsync(input.WaveId, ct);
            EditId = id;
            Input = input;
            return Page();
        }
        if (id is null)
        {
            db.AlertRules.Add(rule);
        }
        await db.SaveChangesAsync(ct);
        return Redirect("/alert-rules?done=saved" + (input.WaveId is { } w ? "&waveId=" + w : string.Empty));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded)
        {
            return Forbid();
        }
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id && r.OrganisationId == organisationId, ct);
        if (rule is null || (visible is not null && (rule.UnitId is null || !visible.Contains(rule.UnitId.Value))))
        {
            return NotFound();
        }
        db.AlertRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        return Redirect("/alert-rules?done=deleted");
    }

    private async Task LoadAsync(Guid? waveId, CancellationToken ct)
    {
        CanDesign = (await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded;
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var rules = db.AlertRules.AsNoTracking().Where(r => r.OrganisationId == organisationId);
        if (visible is not null)
        {
            rules = rules.Where(r => r.UnitId != null && visible.Contains(r.UnitId.Value));
        }
        if (waveId is { } w)
        {
            rules = rules.Where(r => r.WaveId == null || r.WaveId == w);
        }
        Rules = await rules.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var units = db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId);
        if (visible is not null)
        {
            units = units.Where(u => visible.Contains(u.Id));
        }
        Units = await units.OrderBy(u => u.Code).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        Waves = await db.Waves.AsNoTracking().Where(x => x.OrganisationId == organisationId).OrderByDescending(x => x.CreatedAt).Take(200).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
    }
}
