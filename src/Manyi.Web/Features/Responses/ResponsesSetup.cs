namespace Manyi.Web.Features.Responses;

/// <summary>Services of response intake.</summary>
public static class ResponsesSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiResponses(this IServiceCollection services)
    {
        services.AddSingleton<WaveDefinitions>();
        services.AddSingleton<ResponseWriter>();
        services.AddScoped<ResponseIntake>();
        services.AddScoped<ResponseImport>();
        return services;
    }
}
