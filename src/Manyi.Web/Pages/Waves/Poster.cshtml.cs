using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Waves;

/// <summary><c>/waves/{id}/poster/{pointId}</c>: a printable A4 poster with the point's QR code and address.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class PosterModel(ManyiDbContext db, CurrentUser user, PublicUrls urls) : PageModel
{
    public string WaveName { get; private set; } = string.Empty;

    public CollectionPointDto Point { get; private set; } = null!;

    public string QrSvg { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid pointId, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        var point = wave is null ? null : await db.CollectionPoints.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pointId && p.WaveId == wave.Id && p.OrganisationId == wave.OrganisationId, ct);
        if (point is null)
        {
            return NotFound();
        }
        WaveName = wave!.Name;
        Point = WavesApi.ToDto(point, urls);
        QrSvg = QrCodes.Svg(Point.Url);
        return Page();
    }
}
