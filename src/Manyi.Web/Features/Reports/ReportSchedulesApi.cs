namespace Manyi.Web.Features.Reports;

/// <summary>Saved report definitions and their e-mail schedules (product.md M9 "scheduled reports").</summary>
public static class ReportSchedulesApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapReportSchedulesApi(this RouteGroupBuilder api) => api;
}
