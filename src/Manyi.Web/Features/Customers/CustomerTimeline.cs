namespace Manyi.Web.Features.Customers;

/// <summary>A customer's timeline: survey answers, contacts and cases together, newest first.</summary>
public static class CustomerTimelineApi
{
    /// <summary>Maps the routes of this feature (filled in by its builder).</summary>
    public static RouteGroupBuilder MapCustomerTimelineApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
