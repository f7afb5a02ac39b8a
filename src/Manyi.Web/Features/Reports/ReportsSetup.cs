namespace Manyi.Web.Features.Reports;

/// <summary>Services of the reports: the scheduler of e-mailed reports.</summary>
public static class ReportsSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiReports(this IServiceCollection services) => services;
}
