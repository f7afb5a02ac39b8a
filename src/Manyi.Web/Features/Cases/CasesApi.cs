namespace Manyi.Web.Features.Cases;

/// <summary>Cases API (product.md M5): create from any channel, list, work (respond, hand over, checklist, pause, resolve, follow-up, close), history, import, inbound e-mail.</summary>
public static class CasesApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
