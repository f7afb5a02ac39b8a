namespace Manyi.Web.Features.Notifications;

/// <summary>The signed-in user's notifications: list, unread count, mark read.</summary>
public static class NotificationsApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
