namespace Manyi.Web.Features.Results;

/// <summary>Services of live results.</summary>
public static class ResultsSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiResults(this IServiceCollection services) => services;
}
