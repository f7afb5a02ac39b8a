using Manyi.Data;
using Manyi.Web.Features.Notifications;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Notifications;

/// <summary>The signed-in user's notifications, unread first, each linking to its case (opening it marks it read).</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<NotificationDto> Items { get; private set; } = [];

    public int Unread { get; private set; }

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = p is > 0 and < 1_000_000 ? p.Value : 1;
        var own = NotificationsApi.Own(db, user).AsNoTracking();
        Total = await own.CountAsync(ct);
        Unread = await own.CountAsync(n => n.ReadAt == null, ct);
        Items = await own.OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.CreatedAt).ThenBy(n => n.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.CaseId, n.CaseNumber, n.Level, n.CreatedAt, n.ReadAt, n.EmailedAt, n.ActionId)).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await NotificationsApi.Own(db, user).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var own = NotificationsApi.Own(db, user).Where(n => n.Id == id);
        var target = await own.Select(n => new { n.CaseId, n.ActionId }).FirstOrDefaultAsync(ct);
        if (target is null || (target.CaseId is null && target.ActionId is null))
        {
            return NotFound();
        }
        await own.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return Redirect(target.CaseId is { } caseId ? $"/cases/{caseId}" : $"/improvement/actions/{target.ActionId}");
    }
}
