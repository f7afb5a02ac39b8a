namespace Manyi.Web.Features.Analysis;

/// <summary>Analysis API of a wave's measures: headline measures, index tree, expectation–perception ratios, 2-tuple
/// linguistic result, Kano, SERVQUAL (product.md M9, M1.1–M1.4, M1.6, M1.7).</summary>
public static class MeasureAnalysisApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapMeasureAnalysisApi(this RouteGroupBuilder api) => api;
}
