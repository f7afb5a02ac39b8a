namespace Manyi.Web.Features.Value;

/// <summary>Indirect measures per customer or group and period (product.md M6): import with dry run, list, delete.</summary>
public static class IndirectMeasuresApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapIndirectMeasuresApi(this IEndpointRouteBuilder api) => api;
}
