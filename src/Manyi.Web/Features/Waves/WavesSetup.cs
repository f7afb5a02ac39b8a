using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Waves;

/// <summary>Services of the waves feature: SMTP options, the invitation and reminder mailer, public URLs.</summary>
public static class WavesSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiWaves(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<PublicUrls>();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidation>();
        services.AddSingleton<InvitationMailer>();
        services.AddHostedService<InvitationMailerService>();
        return services;
    }
}
