using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Improvement;

/// <summary><c>/improvement</c>: the PDCA board of a unit (product.md M7): Plan, Do, Check, Act columns of its actions.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public BoardDto? Board { get; private set; }

    public bool CanHandle { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Board = await ImprovementActions.BoardAsync(db, cache, user, clock, Unit, ct);
        return Board is null ? NotFound() : Page();
    }
}
