using System.Security.Claims;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Users;

/// <summary>The claim types Manyi puts on a signed-in user or an API key principal.</summary>
public static class ManyiClaims
{
    public const string Organisation = "manyi:org";
    public const string Role = "manyi:role";
    public const string Scope = "manyi:scope";
    public const string ActorName = "manyi:actor";
}

/// <summary>
/// Who is calling, read once per request from the principal (sign-in cookie or API key): organisation, actor id, role, and the
/// units whose data the caller may see. Every query filters by <see cref="OrganisationId"/> and, where data belongs to a unit,
/// by <see cref="VisibleUnitsAsync"/> — changing an id in a URL never reaches another organisation's or unit's data.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, ManyiDbContext db)
{
    private IReadOnlySet<Guid>? _visible;
    private bool _visibleLoaded;

    private ClaimsPrincipal Principal =>
        http.HttpContext?.User ?? throw new InvalidOperationException("CurrentUser is only available during a request");

    public Guid OrganisationId => Guid.Parse(Claim(ManyiClaims.Organisation));

    /// <summary>The user's id, or the API key's id for machine clients.</summary>
    public Guid ActorId => Guid.Parse(Claim(ClaimTypes.NameIdentifier));

    /// <summary>Name for audit entries (user name, or "api-key:NAME"); never an e-mail address.</summary>
    public string ActorName => Principal.FindFirstValue(ManyiClaims.ActorName) ?? Principal.Identity?.Name ?? "unknown";

    public string Role => Claim(ManyiClaims.Role);

    /// <summary>The unit ids the caller may see (a unit manager: its units and all below them), or null for every unit of the organisation.</summary>
    public async Task<IReadOnlySet<Guid>?> VisibleUnitsAsync(CancellationToken ct)
    {
        if (_visibleLoaded)
        {
            return _visible;
        }
        _visibleLoaded = true;
        if (Role != Roles.UnitManager)
        {
            return _visible = null;
        }
        var organisationId = OrganisationId;
        var actorId = ActorId;
        var roots = await db.UserUnits.AsNoTracking().Where(u => u.UserId == actorId).Select(u => u.UnitId).ToListAsync(ct);
        // A manager of a district sees all of its branches.
        var visible = await UnitTree.BelowAsync(db, organisationId, roots, ct);
        return _visible = visible;
    }

    private string Claim(string type) =>
        Principal.FindFirstValue(type) ?? throw new InvalidOperationException($"the principal has no '{type}' claim");
}
