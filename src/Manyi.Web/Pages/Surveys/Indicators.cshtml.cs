using Manyi.Data;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys/indicators</c>: the organisation's indicator systems.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndicatorsModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public IReadOnlyList<IndicatorSystemSummary> Systems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Systems = await IndicatorSystemCommands.ListAsync(db, user, ct);
}
