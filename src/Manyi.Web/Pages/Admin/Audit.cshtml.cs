using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Admin;

/// <summary><c>/admin/audit</c> (administrator): the latest administrative actions and exports of the organisation.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class AuditModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public const int Shown = 200;

    /// <summary>One audit line.</summary>
    public sealed record AuditRow(DateTimeOffset At, string ActorName, string Action, string? Subject, string? Details);

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        Rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganisationId == organisationId)
            .OrderByDescending(a => a.Id)
            .Take(Shown)
            .Select(a => new AuditRow(a.At, a.ActorName, a.Action, a.Subject, a.Details))
            .ToListAsync(ct);
    }
}
