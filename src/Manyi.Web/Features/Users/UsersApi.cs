namespace Manyi.Web.Features.Users;

/// <summary>The /api/v1 routes of users, roles and API keys.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
