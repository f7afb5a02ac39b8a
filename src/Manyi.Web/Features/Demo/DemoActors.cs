using System.Globalization;
using System.Security.Claims;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// A clock the demo moves by hand, so that the real use cases it calls stamp their records and audit entries with the
/// demo's own history (created weeks ago, started three days later, …) instead of the moment of the fill.
/// </summary>
internal sealed class DemoClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The time the next use case sees.</summary>
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>
/// Demo users as the callers of real use cases: a <see cref="CurrentUser"/> over a principal with the claims a signed-in
/// user carries, so that visibility rules and audit entries are those of that user.
/// </summary>
internal static class DemoActors
{
    /// <summary>The demo user <paramref name="userId"/> as a caller; the role and name come from the stored user.</summary>
    public static async Task<CurrentUser> ForAsync(ManyiDbContext db, Guid organisationId, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.OrganisationId == organisationId)
            .Select(u => new { u.UserName, u.Role }).SingleAsync(ct);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.UserName!),
                new Claim(ManyiClaims.Organisation, organisationId.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(ManyiClaims.Role, user.Role),
                new Claim(ManyiClaims.ActorName, user.UserName!),
            ],
            "demo");
        return new CurrentUser(new FixedContext { HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) } }, db);
    }

    /// <summary>Holds its context in a field: <see cref="HttpContextAccessor"/> keeps it in an AsyncLocal, which would not outlive this async method.</summary>
    private sealed class FixedContext : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; }
    }
}
