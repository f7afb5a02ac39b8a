namespace Manyi.Web.Features.Improvement;

/// <summary>Goals per unit and period with their status against target (product.md M7).</summary>
public static class GoalsApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder api) => api;
}
