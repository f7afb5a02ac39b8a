using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.CaseAnalytics;

/// <summary>Case analytics (product.md M5 analysis): volumes, SLA performance, repeats, retention of complainants, silent dissatisfaction, root causes.</summary>
public static class CaseAnalyticsApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapCaseAnalyticsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/cases/analytics", GetAsync).WithTags("Case analytics").WithName("CaseAnalytics")
            .WithSummary("Case analytics of a period (from, to; default the last 12 months) and scope (unitId, kind, categoryId)")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<CaseAnalyticsReport>, NotFound, ValidationProblem>> GetAsync(
        [AsParameters] CaseAnalyticsQuery query, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await CaseAnalytics.ComputeAsync(db, user, clock, query, ct);
        if (outcome.Errors is not null)
        {
            return TypedResults.ValidationProblem(outcome.Errors);
        }
        return outcome.Report is null ? TypedResults.NotFound() : TypedResults.Ok(outcome.Report);
    }
}
