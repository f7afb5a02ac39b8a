namespace Manyi.Web.Features.Dashboards;

/// <summary>The home dashboard's data per role (manager, handler, analyst).</summary>
public static class DashboardApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api) => api;
}
