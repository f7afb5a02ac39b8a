namespace Manyi.Web.Features.Reports;

/// <summary>Import and list of customers' business figures per period (delivery and quality KPIs of the summary report).</summary>
public static class CustomerMeasuresApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapCustomerMeasuresApi(this RouteGroupBuilder api) => api;
}
