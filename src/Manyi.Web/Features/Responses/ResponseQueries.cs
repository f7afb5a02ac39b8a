using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Responses;

/// <summary>Reads of responses, scoped to the caller's organisation and, for unit managers, to responses of their units.</summary>
public static class ResponseQueries
{
    /// <summary>One page of the wave's responses, or null when the caller may not see the wave.</summary>
    public static async Task<ResponsePage?> ListAsync(ManyiDbContext db, CurrentUser user, Guid waveId, ResponseFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var organisationId = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == waveId && w.OrganisationId == organisationId).Select(w => new { w.UnitId }).FirstOrDefaultAsync(ct);
        if (wave is null || (visible is not null && wave.UnitId is { } unit && !visible.Contains(unit)))
        {
            return null;
        }
        var query = db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.OrganisationId == organisationId);
        if (visible is not null)
        {
            var units = visible.ToList();
            query = query.Where(r => r.UnitId != null && units.Contains(r.UnitId.Value));
        }
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        if (filter.Channel is { } channel)
        {
            query = query.Where(r => r.Channel == channel);
        }
        if (filter.From is { } from)
        {
            query = query.Where(r => r.SubmittedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(r => r.SubmittedAt < to);
        }
        var total = await query.CountAsync(ct);
        var ordered = filter.Ascending ? query.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id) : query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id);
        var rows = await ordered.Skip((int)Math.Min(int.MaxValue, (long)(filter.Page - 1) * filter.PageSize)).Take(filter.PageSize).ToListAsync(ct);
        return new ResponsePage([.. rows.Select(r => r.ToDto())], filter.Page, filter.PageSize, total);
    }

    /// <summary>The response, or null when it does not exist for this caller (other organisation, or a unit manager's other units).</summary>
    public static async Task<ResponseDto?> GetAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var response = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.OrganisationId == organisationId, ct);
        if (response is null)
        {
            return null;
        }
        var visible = await user.VisibleUnitsAsync(ct);
        return visible is not null && (response.UnitId is not { } unit || !visible.Contains(unit)) ? null : response.ToDto();
    }
}
