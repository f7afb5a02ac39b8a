namespace Manyi.Web.Features.Improvement;

/// <summary>Services of goals, improvement actions and their reminders (product.md M7).</summary>
public static class ImprovementSetup
{
    /// <summary>Registers the services of this feature.</summary>
    public static IServiceCollection AddManyiImprovement(this IServiceCollection services) => services;
}
