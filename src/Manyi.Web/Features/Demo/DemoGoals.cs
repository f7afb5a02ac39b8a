using Manyi.Data;

namespace Manyi.Web.Features.Demo;

/// <summary>Demo goals per unit and published "you said, we did" notes.</summary>
internal static class DemoGoals
{
    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;
}
