namespace Manyi.Web.Features.Cases;

/// <summary>Case configuration API: categories, root causes, SLA policies, business calendar, escalation levels, settings.</summary>
public static class CaseSettingsApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapCaseSettingsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
