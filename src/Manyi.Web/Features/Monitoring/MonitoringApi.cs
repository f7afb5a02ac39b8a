namespace Manyi.Web.Features.Monitoring;

/// <summary>Service projects, readings, stage closing, alerts and corrections (`/api/v1/projects`).</summary>
public static class MonitoringApi
{
    /// <summary>Maps the routes of this feature.</summary>
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder api) => api;
}
