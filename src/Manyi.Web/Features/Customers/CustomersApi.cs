namespace Manyi.Web.Features.Customers;

/// <summary>The /api/v1 routes of the Customers feature.</summary>
public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
