namespace Manyi.Web.Features.Units;

/// <summary>The /api/v1 routes of the Units feature.</summary>
public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
