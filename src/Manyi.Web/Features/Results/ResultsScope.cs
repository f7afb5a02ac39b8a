using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Results;

/// <summary>
/// The wave a caller may read and the responses of it that the caller and the filter admit: the wave of the caller's
/// organisation; for a unit manager only a wave whose unit overlaps the manager's units, and only responses of those units;
/// a unit filter narrows to the unit's subtree. Null (→ 404) for a wave or a filter unit the caller may not see.
/// </summary>
public sealed record ResultsScope(Wave Wave, QuestionnaireDefinition Definition, Guid? IndicatorSystemId, IReadOnlyList<Guid>? Units, ResultsFilter Filter)
{
    /// <summary>Loads the scope; null when the wave (or the filter's unit) does not exist for this caller.</summary>
    public static async Task<ResultsScope?> LoadAsync(ManyiDbContext db, CurrentUser user, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await LoadAsync(db, user.OrganisationId, await user.VisibleUnitsAsync(ct), waveId, filter, ct);
    }

    /// <summary>Loads the scope for a reader given by organisation and visible units (null = every unit), e.g. the user a
    /// scheduled report runs as; null when the wave (or the filter's unit) does not exist for this reader.</summary>
    public static async Task<ResultsScope?> LoadAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visible, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var wave = await db.Waves.AsNoTracking().FirstOrDefaultAsync(w => w.Id == waveId && w.OrganisationId == organisationId, ct);
        if (wave is null)
        {
            return null;
        }
        HashSet<Guid>? allowed = visible is null ? null : [.. visible];
        if (allowed is not null || filter.UnitId is not null)
        {
            var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
            HashSet<Guid> Subtree(Guid root) => Hierarchy.Below([root], units.Select(u => (u.Id, u.ParentId)));
            if (allowed is not null && wave.UnitId is { } waveUnit)
            {
                // A manager of a branch reads the branch's part of a district-wide wave; a wave of another district is not theirs.
                allowed.IntersectWith(Subtree(waveUnit));
            }
            if (allowed is not null && allowed.Count == 0)
            {
                return null;
            }
            if (filter.UnitId is { } unitId)
            {
                var subtree = Subtree(unitId);
                if (subtree.Count == 0 || (allowed is not null && !allowed.Contains(unitId)))
                {
                    return null;
                }
                if (allowed is not null)
                {
                    subtree.IntersectWith(allowed);
                }
                allowed = subtree;
            }
        }
        var version = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.Id == wave.QuestionnaireVersionId)
            .Select(v => new { v.Definition })
            .FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return null;
        }
        var indicatorSystemId = await db.Questionnaires.AsNoTracking()
            .Where(q => q.Id == wave.QuestionnaireId && q.OrganisationId == organisationId)
            .Select(q => q.IndicatorSystemId)
            .FirstOrDefaultAsync(ct);
        return new ResultsScope(wave, version.Definition, indicatorSystemId, allowed?.ToList(), filter);
    }

    /// <summary>The Complete responses of the scope (no tracking), with the segment of their customer (null without one).</summary>
    public IQueryable<ScopedResponse> Responses(ManyiDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var waveId = Wave.Id;
        var organisationId = Wave.OrganisationId;
        var query = db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete);
        if (Units is { } units)
        {
            query = query.Where(r => r.UnitId != null && units.Contains(r.UnitId.Value));
        }
        if (Filter.Channel is { } channel)
        {
            query = query.Where(r => r.Channel == channel);
        }
        if (Filter.From is { } from)
        {
            query = query.Where(r => r.SubmittedAt >= from);
        }
        if (Filter.To is { } to)
        {
            query = query.Where(r => r.SubmittedAt < to);
        }
        var joined =
            from r in query
            join c in db.Customers.AsNoTracking() on r.CustomerId equals c.Id into customers
            from c in customers.DefaultIfEmpty()
            select new ScopedResponse { Response = r, Segment = c == null ? null : c.Segment, CustomerCode = c == null ? null : c.Code };
        if (Filter.Segment is { } segment)
        {
            joined = joined.Where(x => x.Segment == segment);
        }
        return joined;
    }

    /// <summary>
    /// The Complete responses of the scope, newest first (ties by id descending), read in keyset pages of
    /// <paramref name="pageSize"/> so the database never sorts the whole wave when the caller stops after a few hundred
    /// (verbatims, suggestions): each page is a LIMIT query that walks the (WaveId, Status, SubmittedAt) index backwards; the
    /// first page has <paramref name="pageSize"/> rows and each next one twice as many, up to 5,000.
    /// </summary>
    public async IAsyncEnumerable<ScopedResponse> NewestFirstAsync(ManyiDbContext db, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        DateTimeOffset? lastAt = null;
        var lastId = Guid.Empty;
        while (true)
        {
            var query = Responses(db);
            if (lastAt is { } at)
            {
                var id = lastId;
                query = query.Where(x => x.Response.SubmittedAt < at || (x.Response.SubmittedAt == at && x.Response.Id.CompareTo(id) < 0));
            }
            var page = await query.OrderByDescending(x => x.Response.SubmittedAt).ThenByDescending(x => x.Response.Id).Take(pageSize).ToListAsync(ct);
            foreach (var row in page)
            {
                yield return row;
            }
            if (page.Count < pageSize)
            {
                yield break;
            }
            lastAt = page[^1].Response.SubmittedAt;
            lastId = page[^1].Response.Id;
            // Pages double (up to 5,000 rows): when few responses carry a comment the caller reads on for thousands of rows,
            // and each page is a round trip.
            pageSize = Math.Min(pageSize * 2, Math.Max(pageSize, 5000));
        }
    }

    /// <summary>The invitations of the scope that went out (not failed; e-mail ones sent), by the segment of the invited customer.</summary>
    public async Task<Dictionary<string, long>> InvitationsBySegmentAsync(ManyiDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var waveId = Wave.Id;
        var organisationId = Wave.OrganisationId;
        var invitations =
            from i in db.Invitations.AsNoTracking()
            where i.WaveId == waveId && i.OrganisationId == organisationId && i.Status != InvitationStatus.Failed
                && (i.Channel == InvitationChannel.Link || i.Status != InvitationStatus.Pending)
            join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
            select new { c.UnitId, c.Segment };
        if (Units is { } units)
        {
            invitations = invitations.Where(x => units.Contains(x.UnitId));
        }
        if (Filter.Segment is { } segment)
        {
            invitations = invitations.Where(x => x.Segment == segment);
        }
        var counts = await invitations.GroupBy(x => x.Segment).Select(g => new { Segment = g.Key, Count = g.LongCount() }).ToListAsync(ct);
        return counts.ToDictionary(c => c.Segment ?? string.Empty, c => c.Count, StringComparer.Ordinal);
    }
}

/// <summary>A response with the segment of its customer.</summary>
public sealed class ScopedResponse
{
    public required Response Response { get; init; }

    public string? Segment { get; init; }

    public string? CustomerCode { get; init; }
}
