namespace Manyi.Web.Features.Analysis;

/// <summary>Satisfaction as the leading indicator (product.md M1.11): lagged correlation of a unit's satisfaction with an indirect measure.</summary>
public static class LeadingIndicatorApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapLeadingIndicatorApi(this IEndpointRouteBuilder api) => api;
}
