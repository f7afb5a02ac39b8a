namespace Manyi.Web.Features.Improvement;

/// <summary>"You said, we did" notes for respondents (product.md M7).</summary>
public static class ChangeNotesApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapChangeNotesApi(this IEndpointRouteBuilder api) => api;
}
