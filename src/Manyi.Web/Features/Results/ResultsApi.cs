namespace Manyi.Web.Features.Results;

/// <summary>Live results and the export of a wave's responses (product.md M4, M1).</summary>
public static class ResultsApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapResultsApi(this RouteGroupBuilder api) => api;
}
