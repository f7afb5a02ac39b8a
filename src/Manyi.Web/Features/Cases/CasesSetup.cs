using Manyi.Web.Features.Waves;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Cases;

/// <summary>Services of the cases feature: the case clock (alert scan, SLA breaches, escalation, follow-up, auto-close) and the notification mailer.</summary>
public static class CasesSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiCases(this IServiceCollection services)
    {
        services.AddOptions<CaseClockOptions>().BindConfiguration(CaseClockOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CaseClockOptions>, CaseClockOptionsValidation>();
        services.AddSingleton<NotificationMailer>();
        services.AddSingleton(s => new CaseClock(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<CaseClockOptions>>(),
            s.GetRequiredService<IOptions<SmtpOptions>>(), s.GetRequiredService<IConfiguration>(), s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<ILogger<CaseClock>>(), s.GetRequiredService<NotificationMailer>()));
        services.AddHostedService<CaseClockService>();
        return services;
    }
}
