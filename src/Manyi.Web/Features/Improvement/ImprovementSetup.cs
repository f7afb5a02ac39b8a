namespace Manyi.Web.Features.Improvement;

/// <summary>Services of goals, improvement actions and their reminders (product.md M7).</summary>
public static class ImprovementSetup
{
    /// <summary>Registers the services of this feature: the reminder pass and its hosted service (<c>Manyi:Improvement</c>).</summary>
    public static IServiceCollection AddManyiImprovement(this IServiceCollection services)
    {
        services.AddOptions<ImprovementOptions>().BindConfiguration("Manyi:Improvement");
        services.AddSingleton<ActionReminders>();
        services.AddHostedService<ActionReminderService>();
        return services;
    }
}
