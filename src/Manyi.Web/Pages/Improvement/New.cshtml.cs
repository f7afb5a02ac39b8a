using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Improvement;

/// <summary><c>/improvement/actions/new</c>: a new action by hand, or from a finding (<c>?waveId=&amp;finding=</c>).</summary>
[Authorize(Policy = Policies.HandleCases)]
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, WaveDataCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? WaveId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Finding { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? UnitId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public Guid? OwnerId { get; set; }

    [BindProperty]
    public DateOnly? Deadline { get; set; }

    [BindProperty]
    public decimal? Cost { get; set; }

    [BindProperty]
    public Guid? QuestionnaireId { get; set; }

    [BindProperty]
    public string? Indicators { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Owners { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Questionnaires { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool FromFinding => WaveId is not null && !string.IsNullOrWhiteSpace(Finding);

    public async Task OnGetAsync(CancellationToken ct) => await ListsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = FromFinding
            ? await ActionsFromFindings.CreateAsync(db, cache, user, clock,
                new FromFindingInput { WaveId = WaveId, FindingKey = Finding, UnitId = UnitId, OwnerId = OwnerId, Deadline = Deadline, Title = Title, Cost = Cost }, ct)
            : await ImprovementActions.CreateAsync(db, user, clock, new ActionInput
            {
                UnitId = UnitId, Title = Title, Description = Description, OwnerId = OwnerId, Deadline = Deadline, Cost = Cost, QuestionnaireId = QuestionnaireId,
                Indicators = string.IsNullOrWhiteSpace(Indicators) ? [] : [.. Indicators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            }, ct);
        if (result.Outcome == Outcome.Ok)
        {
            return Redirect($"/improvement/actions/{result.Value!.Id}");
        }
        if (result.Outcome == Outcome.NotFound)
        {
            return NotFound();
        }
        Errors = result.Errors;
        await ListsAsync(ct);
        return Page();
    }

    private async Task ListsAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var owners = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Role != Roles.Viewer)
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(500).ToListAsync(ct);
        Owners = [.. owners.Select(o => (o.Id, o.DisplayName))];
        var questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId)
            .OrderBy(q => q.Name).Select(q => new { q.Id, q.Name }).Take(500).ToListAsync(ct);
        Questionnaires = [.. questionnaires.Select(q => (q.Id, q.Name))];
    }
}
