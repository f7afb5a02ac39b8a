namespace Manyi.Web.Features.Waves;

/// <summary>Services of the waves feature: SMTP options, the invitation and reminder mailer.</summary>
public static class WavesSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiWaves(this IServiceCollection services) => services;
}
