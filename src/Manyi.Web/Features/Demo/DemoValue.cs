using Manyi.Data;

namespace Manyi.Web.Features.Demo;

/// <summary>Demo indirect measures (sales, profit, churn events, market share), the value policy and the computed K.</summary>
internal static class DemoValue
{
    /// <summary>Writes this part of the demo; runs inside the demo fill's transaction.</summary>
    public static Task WriteAsync(ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds,
        IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;
}
