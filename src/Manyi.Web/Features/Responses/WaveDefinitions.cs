using System.Collections.Concurrent;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Responses;

/// <summary>What intake needs to know of a wave: its scope, state, fieldwork dates, sample plan and the version's questions.</summary>
public sealed record IntakeWave(
    Guid Id,
    Guid OrganisationId,
    Guid? UnitId,
    WaveStatus Status,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    SamplePlan? SamplePlan,
    Guid QuestionnaireVersionId,
    QuestionnaireDefinition Definition);

/// <summary>
/// A short-lived in-memory copy of the waves being answered, so that a submission does not read the wave and its questionnaire
/// version on every request (the hot path of the transactional API is one INSERT). Entries live <see cref="Lifetime"/>: a wave
/// closed or re-planned elsewhere stops or changes intake within that time; <see cref="Invalidate"/> makes it immediate.
/// Also remembers which versions are known to be frozen (<see cref="QuestionnaireVersion.HasResponses"/>), so that the freeze
/// is written once, not on every submission.
/// </summary>
public sealed class WaveDefinitions(TimeProvider clock)
{
    /// <summary>How long a cached wave is trusted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, (IntakeWave? Wave, DateTimeOffset Expires)> _waves = new();
    private readonly ConcurrentDictionary<Guid, bool> _frozen = new();

    /// <summary>The wave (of any organisation: callers check <see cref="IntakeWave.OrganisationId"/>), or null when it does not exist.</summary>
    public async Task<IntakeWave?> GetAsync(ManyiDbContext db, Guid waveId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        if (_waves.TryGetValue(waveId, out var entry) && entry.Expires > now)
        {
            return entry.Wave;
        }
        var row = await db.Waves.AsNoTracking().Where(w => w.Id == waveId)
            .Join(db.QuestionnaireVersions, w => w.QuestionnaireVersionId, v => v.Id, (w, v) => new
            {
                w.Id, w.OrganisationId, w.UnitId, w.Status, w.OpensAt, w.ClosesAt, w.SamplePlan, VersionId = v.Id, v.Definition, v.HasResponses,
            })
            .FirstOrDefaultAsync(ct);
        IntakeWave? wave = null;
        if (row is not null)
        {
            wave = new IntakeWave(row.Id, row.OrganisationId, row.UnitId, row.Status, row.OpensAt, row.ClosesAt, row.SamplePlan, row.VersionId, row.Definition);
            if (row.HasResponses)
            {
                _frozen[row.VersionId] = true;
            }
        }
        _waves[waveId] = (wave, now + Lifetime);
        return wave;
    }

    /// <summary>Forgets a cached wave (after its status, dates, plan or version changed).</summary>
    public void Invalidate(Guid waveId) => _waves.TryRemove(waveId, out _);

    /// <summary>
    /// Marks the version as answered (frozen against edits in place) unless it is already known to be: a conditional update
    /// (<c>where not HasResponses</c>) the first time, nothing afterwards.
    /// </summary>
    public async Task FreezeAsync(ManyiDbContext db, Guid versionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_frozen.ContainsKey(versionId))
        {
            return;
        }
        await db.QuestionnaireVersions.Where(v => v.Id == versionId && !v.HasResponses)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasResponses, true), ct);
        _frozen[versionId] = true;
    }
}
