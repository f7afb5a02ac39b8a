namespace Manyi.Web.Features.Surveys;

/// <summary>Indicator systems (product.md M1.3, M3): trees with weights entered, importance-derived, by AHP or entropy.</summary>
public static class IndicatorSystemsApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapIndicatorSystemsApi(this RouteGroupBuilder api) => api;
}
