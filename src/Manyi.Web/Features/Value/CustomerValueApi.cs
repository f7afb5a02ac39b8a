namespace Manyi.Web.Features.Value;

/// <summary>The customer value policy and the computation of K from the indirect measures (product.md M1.5).</summary>
public static class CustomerValueApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapCustomerValueApi(this IEndpointRouteBuilder api) => api;
}
