namespace Manyi.Web.Features.Waves;

/// <summary>Waves with sample plans, collection points and invitations (product.md M4, M1.10).</summary>
public static class WavesApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapWavesApi(this RouteGroupBuilder api) => api;
}
