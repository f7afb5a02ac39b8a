namespace Manyi.Web.Features.Improvement;

/// <summary>Improvement actions (product.md M7): create by hand or from a finding, change, complete, check the effect.</summary>
public static class ActionsApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapActionsApi(this IEndpointRouteBuilder api) => api;
}
