namespace Manyi.Web.Features.Audit;

/// <summary>The /api/v1 routes of the Audit feature.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
