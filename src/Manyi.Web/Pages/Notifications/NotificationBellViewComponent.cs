using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Notifications;

/// <summary>The link to the signed-in user's notifications in the page header, with the number unread.</summary>
public sealed class NotificationBellViewComponent : ViewComponent
{
    public IViewComponentResult Invoke() => View(0);
}
