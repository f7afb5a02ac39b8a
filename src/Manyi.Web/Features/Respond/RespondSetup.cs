namespace Manyi.Web.Features.Respond;

/// <summary>Services of the respondent side: rate limits and anti-abuse.</summary>
public static class RespondSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiRespond(this IServiceCollection services) => services;
}
