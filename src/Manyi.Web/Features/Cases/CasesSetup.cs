namespace Manyi.Web.Features.Cases;

/// <summary>Services of the cases feature: the case clock (alert scan, SLA breaches, escalation, follow-up, auto-close) and the notification mailer.</summary>
public static class CasesSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiCases(this IServiceCollection services)
    {
        return services;
    }
}
