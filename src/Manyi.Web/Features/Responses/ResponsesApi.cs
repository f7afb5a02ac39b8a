namespace Manyi.Web.Features.Responses;

/// <summary>Responses handed in by other systems (transactional API with an idempotency key) and by file import (product.md M4).</summary>
public static class ResponsesApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapResponsesApi(this RouteGroupBuilder api) => api;
}
