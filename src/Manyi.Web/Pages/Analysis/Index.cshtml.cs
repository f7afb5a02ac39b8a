using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Analysis;

/// <summary>A wave on the landing page: its n (the caller's units only) and the measure pages that apply to its questionnaire.</summary>
public sealed record AnalysisWaveRow(Guid Id, string Name, WaveStatus Status, DateTimeOffset? OpensAt, long Responses, IReadOnlyList<string> Pages);

/// <summary>/analysis: the waves the caller may read, newest first, with n and links to each analysis page.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public IReadOnlyList<AnalysisWaveRow> Waves { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await Viewer.FromAsync(user, ct);
        var organisationId = viewer.OrganisationId;
        var waves = await db.Waves.AsNoTracking().Where(w => w.OrganisationId == organisationId && w.Status != WaveStatus.Draft)
            .OrderByDescending(w => w.CreatedAt).Take(200)
            .Select(w => new { w.Id, w.Name, w.Status, w.OpensAt, w.UnitId, w.QuestionnaireVersionId }).ToListAsync(ct);
        HashSet<Guid>? visible = viewer.VisibleUnits is null ? null : [.. viewer.VisibleUnits];
        if (visible is not null)
        {
            var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
            var tree = units.Select(u => (u.Id, u.ParentId)).ToList();
            waves = [.. waves.Where(w => w.UnitId is not { } unit || Hierarchy.Below([unit], tree).Overlaps(visible))];
        }
        var ids = waves.Select(w => w.Id).ToList();
        var responses = db.Responses.AsNoTracking().Where(r => r.OrganisationId == organisationId && ids.Contains(r.WaveId) && r.Status == ResponseStatus.Complete);
        if (visible is not null)
        {
            var allowed = visible.ToList();
            responses = responses.Where(r => r.UnitId != null && allowed.Contains(r.UnitId.Value));
        }
        var counts = await responses.GroupBy(r => r.WaveId).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var versionIds = waves.Select(w => w.QuestionnaireVersionId).Distinct().ToList();
        var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToDictionaryAsync(v => v.Id, v => v.Definition, ct);
        Waves = [.. waves.Select(w => new AnalysisWaveRow(
            w.Id, w.Name, w.Status, w.OpensAt, counts.GetValueOrDefault(w.Id),
            definitions.TryGetValue(w.QuestionnaireVersionId, out var d) ? MeasureAnalysis.ApplicablePages(d) : []))];
    }
}
