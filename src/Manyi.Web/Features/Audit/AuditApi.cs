using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Audit;

/// <summary>The /api/v1/audit routes: the audit log of administrative actions and exports (administrators only).</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("", ListAsync).WithName("ListAuditEntries").WithSummary("Audit entries, newest first (filter by action and time range)").RequireAuthorization(Policies.Administer);
        return api;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(
        string? action, string? from, string? to, string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = AuditFilter.Parse(action, from, to, page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await AuditQueries.SearchAsync(db, user, filter, ct));
    }
}
