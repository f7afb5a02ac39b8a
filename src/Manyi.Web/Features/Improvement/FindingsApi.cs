namespace Manyi.Web.Features.Improvement;

/// <summary>The analysis findings of a wave an improvement action can be created from (product.md M7).</summary>
public static class FindingsApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder api) => api;
}
