namespace Manyi.Web.Features.Monitoring;

/// <summary>The stage diagnostic report and the two final reports of a service project.</summary>
public static class ProjectReportsApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static IEndpointRouteBuilder MapProjectReportsApi(this IEndpointRouteBuilder api) => api;
}
