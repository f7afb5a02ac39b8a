namespace Manyi.Web.Features.Value;

/// <summary>The customer portfolio views (product.md M2): pyramid, 80/20 and whale curves, churn and retention by period and segment.</summary>
public static class PortfolioApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder api) => api;
}
