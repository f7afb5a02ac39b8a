namespace Manyi.Web.Features.Respond;

/// <summary>The kiosk transaction API: a teller system opens and closes transactions rated at the counter tablet (product.md M4).</summary>
public static class KioskApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapKioskApi(this RouteGroupBuilder api) => api;
}
