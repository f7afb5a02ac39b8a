using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Waves;

/// <summary>
/// The waves a caller may see: those of its organisation and, for a unit manager, those of its units or organisation-wide
/// ones (no unit). Every wave route starts here, so a changed id in a URL answers 404.
/// </summary>
public static class WaveAccess
{
    public static async Task<IQueryable<Wave>> VisibleAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var waves = db.Waves.Where(w => w.OrganisationId == organisationId);
        var visible = await user.VisibleUnitsAsync(ct);
        if (visible is not null)
        {
            var ids = visible.ToList();
            waves = waves.Where(w => w.UnitId == null || ids.Contains(w.UnitId.Value));
        }
        return waves;
    }

    /// <summary>The wave if the caller may see it (tracked when <paramref name="tracked"/>), else null.</summary>
    public static async Task<Wave?> FindAsync(ManyiDbContext db, CurrentUser user, Guid id, bool tracked, CancellationToken ct)
    {
        var waves = await VisibleAsync(db, user, ct);
        if (!tracked)
        {
            waves = waves.AsNoTracking();
        }
        return await waves.FirstOrDefaultAsync(w => w.Id == id, ct);
    }

}

/// <summary>Absolute public URLs of collection points and invitations: <c>Manyi:PublicBaseUrl</c> when set, else the request's scheme and host.</summary>
public sealed class PublicUrls(IConfiguration configuration, IHttpContextAccessor http)
{
    public const string BaseUrlKey = "Manyi:PublicBaseUrl";

    /// <summary>The base (no trailing slash).</summary>
    public string Base
    {
        get
        {
            var configured = configuration[BaseUrlKey];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }
            var request = http.HttpContext?.Request;
            return request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    /// <summary>The configured base only (the mailer runs outside a request); null when not set.</summary>
    public static string? Configured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[BaseUrlKey];
        return string.IsNullOrWhiteSpace(configured) ? null : configured.TrimEnd('/');
    }

    /// <summary>The path of a point: <c>/s/{token}</c> for link and QR, <c>/e/{token}</c> for embed, <c>/k/{token}</c> for kiosk.</summary>
    public static string PointPath(CollectionPointKind kind, string token) => kind switch
    {
        CollectionPointKind.Kiosk => "/k/" + token,
        CollectionPointKind.Embed => "/e/" + token,
        _ => "/s/" + token,
    };

    public string Point(CollectionPointKind kind, string token) => Base + PointPath(kind, token);

    public string Invitation(string token) => Base + "/s/" + token;
}
