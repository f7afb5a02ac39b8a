namespace Manyi.Web.Features.Monitoring;

/// <summary>Services and routes of per-customer service monitoring (product.md M8).</summary>
public static class MonitoringSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiMonitoring(this IServiceCollection services) => services;
}
