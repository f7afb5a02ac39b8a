namespace Manyi.Web.Features.Contacts;

/// <summary>The contact log (接触分析, product.md M4).</summary>
public static class ContactsApi
{
    /// <summary>Maps the routes of this feature (filled in by the feature).</summary>
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder api) => api;
}
