using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Waves;

/// <summary><c>/waves</c>: the waves the caller may see, newest first.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<WaveDto> Rows { get; private set; } = [];

    public bool CanDesign { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanDesign = (await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded;
        var waves = (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking().OrderByDescending(w => w.CreatedAt).Take(200);
        Rows = await WavesApi.Project(db, waves).ToListAsync(ct);
    }
}
