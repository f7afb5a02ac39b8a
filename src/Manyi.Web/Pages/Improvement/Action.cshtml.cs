using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Improvement;

/// <summary><c>/improvement/actions/{id}</c>: an action with its finding snapshot, indicators, history, transitions and effect check.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class ActionModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, WaveDataCache cache, IAuthorizationService authorization) : PageModel
{
    public ActionDto? Item { get; private set; }

    public bool CanHandle { get; private set; }

    public IReadOnlyList<(DateTimeOffset At, string Actor, string Action)> History { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Conflict { get; private set; }

    [BindProperty]
    public string? Text { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string step, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded)
        {
            return Forbid();
        }
        if (!Enum.TryParse<ImprovementActions.Transition>(step, ignoreCase: true, out var transition))
        {
            return BadRequest();
        }
        var input = new TransitionInput { Outcome = Text, Reason = Text };
        var result = await ImprovementActions.MoveAsync(db, user, clock, id, null, transition, input, ct);
        return await AfterAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostEffectAsync(Guid id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded)
        {
            return Forbid();
        }
        var (result, conflict) = await EffectCheck.RunAsync(db, cache, user, clock, id, new EffectCheckInput(), ct);
        if (conflict is not null)
        {
            Conflict = conflict.Reason;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        return await AfterAsync(id, result, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, UseCaseResult<ActionDto> result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return NotFound();
            case Outcome.Ok:
                return Redirect($"/improvement/actions/{id}");
            default:
                Errors = result.Errors;
                return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        Item = await ImprovementActions.GetAsync(db, user, clock, id, ct);
        if (Item is null)
        {
            return false;
        }
        var subject = ImprovementActions.Subject(id);
        var organisationId = user.OrganisationId;
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.OrganisationId == organisationId && e.Subject == subject)
            .OrderBy(e => e.At).Select(e => new { e.At, e.ActorName, e.Action }).Take(200).ToListAsync(ct);
        History = [.. rows.Select(r => (r.At, r.ActorName, r.Action))];
        return true;
    }
}
