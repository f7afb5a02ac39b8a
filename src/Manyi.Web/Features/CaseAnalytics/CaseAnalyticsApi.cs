namespace Manyi.Web.Features.CaseAnalytics;

/// <summary>Case analytics (product.md M5 analysis): volumes, SLA performance, repeats, retention of complainants, silent dissatisfaction, root causes.</summary>
public static class CaseAnalyticsApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapCaseAnalyticsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
