using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Reports;

/// <summary>Services of the reports: the scheduler of e-mailed reports.</summary>
public static class ReportsSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiReports(this IServiceCollection services)
    {
        services.AddOptions<ReportSchedulerOptions>().BindConfiguration(ReportSchedulerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportSchedulerOptions>, ReportSchedulerOptionsValidation>();
        services.AddSingleton(s => new ReportScheduler(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<ReportSchedulerOptions>>(),
            s.GetRequiredService<IOptions<Waves.SmtpOptions>>(), s.GetRequiredService<IConfiguration>(), s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<ILogger<ReportScheduler>>()));
        services.AddHostedService<ReportSchedulerService>();
        return services;
    }
}
