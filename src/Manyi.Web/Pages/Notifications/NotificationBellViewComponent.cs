using Manyi.Data;
using Manyi.Web.Features.Notifications;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Notifications;

/// <summary>The link to the signed-in user's notifications in the page header, with the number unread.</summary>
public sealed class NotificationBellViewComponent(ManyiDbContext db, CurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var unread = User.Identity?.IsAuthenticated == true && user.Role != ApiKeyFormat.Role
            ? await NotificationsApi.Own(db, user).CountAsync(n => n.ReadAt == null, HttpContext.RequestAborted)
            : 0;
        return View(unread);
    }
}
