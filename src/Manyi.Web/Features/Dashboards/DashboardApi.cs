using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Dashboards;

/// <summary>The home dashboard's data per role (manager, handler, analyst); docs/dashboards.md.</summary>
public static class DashboardApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var dashboard = api.MapGroup("/dashboard").WithTags("Dashboard");
        dashboard.MapGet("", GetAsync).WithName("GetDashboard")
            .WithSummary("The caller's home dashboard: manager (trend, units ranked, alerts, SLA breaches), handler (my cases by due time), analyst (active waves)")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Ok<DashboardDto>> GetAsync(ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await DashboardQueries.ComputeAsync(db, cache, user, clock, ct));
}
