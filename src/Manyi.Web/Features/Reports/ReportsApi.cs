namespace Manyi.Web.Features.Reports;

/// <summary>Reports generated from the data (product.md M9): wave report, survey summary report (ISO 9001 / IATF 16949),
/// unit comparison, as JSON, Excel and CSV.</summary>
public static class ReportsApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api) => api;
}
