namespace Manyi.Web.Features.Cases;

/// <summary>Alert rules API: rules that open cases from survey answers, per wave and unit.</summary>
public static class AlertRulesApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapAlertRulesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
