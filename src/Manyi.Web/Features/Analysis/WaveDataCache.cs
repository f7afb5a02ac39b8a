using System.Collections.Concurrent;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Analysis;

/// <summary>Settings of the analysis cache (<c>Manyi:Analysis</c>).</summary>
public sealed class AnalysisOptions
{
    /// <summary>Rows held in memory over all cached waves; the least recently used waves are dropped beyond it.</summary>
    public long CachedRows { get; set; } = 2_000_000;

    /// <summary>A cached wave is read again from scratch after this many seconds even when no response came in, so that
    /// changes to customers (segment, value) show.</summary>
    public int MaxAgeSeconds { get; set; } = 300;
}

/// <summary>
/// Holds each wave's <see cref="WaveData"/> in memory. Every request checks the wave's stamp (count of Complete responses and
/// latest submission, one indexed query); when responses came in, only the new ones are read and appended; when the count went
/// down (erasure) or the data are older than <see cref="AnalysisOptions.MaxAgeSeconds"/>, the wave is read again. One load per
/// wave at a time; concurrent requests wait for it. The cache is per server instance: every instance reads the same database.
/// </summary>
public sealed partial class WaveDataCache(IOptions<AnalysisOptions> options, TimeProvider clock, ILogger<WaveDataCache> logger) : IDisposable
{
    /// <summary>Responses submitted this long before the cached latest are read again on an incremental load, because
    /// submissions are stamped before they commit and may become visible out of order.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.CachedRows) });
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    /// <summary>The wave's data, current as of this call.</summary>
    public async Task<WaveData> GetAsync(ManyiDbContext db, Wave wave, QuestionnaireDefinition definition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(definition);
        var stamp = await StampAsync(db, wave, ct);
        if (Fresh(wave.Id, stamp) is { } fresh)
        {
            return fresh;
        }
        var gate = _locks.GetOrAdd(wave.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            stamp = await StampAsync(db, wave, ct);
            if (Fresh(wave.Id, stamp) is { } loaded)
            {
                return loaded;
            }
            var data = await LoadAsync(db, wave, definition, stamp, ct);
            _cache.Set(wave.Id, data, new MemoryCacheEntryOptions { Size = data.Count + 1 });
            return data;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops a wave (e.g. after its responses were erased or its questionnaire changed).</summary>
    public void Forget(Guid waveId) => _cache.Remove(waveId);

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }

    private WaveData? Fresh(Guid waveId, Stamp stamp) =>
        _cache.TryGetValue(waveId, out WaveData? data) && data is not null && data.Count == stamp.Count && data.LatestSubmittedAt == stamp.Latest
            && clock.GetUtcNow() - data.LoadedAt < TimeSpan.FromSeconds(options.Value.MaxAgeSeconds)
            ? data
            : null;

    private async Task<WaveData> LoadAsync(ManyiDbContext db, Wave wave, QuestionnaireDefinition definition, Stamp stamp, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(wave.Id, out WaveData? cached) && cached is not null && cached.Count < stamp.Count
            && cached.LatestSubmittedAt is { } latest && now - cached.LoadedAt < TimeSpan.FromSeconds(options.Value.MaxAgeSeconds))
        {
            var known = cached.ResponseIds.ToHashSet();
            var appended = cached.Copy();
            var codes = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var row in Rows(db, wave, latest - Overlap).WithCancellation(ct))
            {
                if (!known.Contains(row.Id))
                {
                    appended.Add(row, codes);
                }
            }
            if (appended.Count == stamp.Count)
            {
                appended.LoadedAt = cached.LoadedAt;
                LogAppended(logger, wave.Id, appended.Count - cached.Count, appended.Count);
                return appended;
            }
        }
        var data = new WaveData(wave.Id, definition) { LoadedAt = now };
        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Rows(db, wave, null).WithCancellation(ct))
        {
            data.Add(row, interned);
        }
        var elapsed = clock.GetUtcNow() - now;
        LogLoaded(logger, wave.Id, data.Count, elapsed.TotalMilliseconds);
        return data;
    }

    private static IAsyncEnumerable<WaveRow> Rows(ManyiDbContext db, Wave wave, DateTimeOffset? since)
    {
        var waveId = wave.Id;
        var organisationId = wave.OrganisationId;
        var responses = db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete);
        if (since is { } from)
        {
            responses = responses.Where(r => r.SubmittedAt >= from);
        }
        return (
            from r in responses
            join c in db.Customers.AsNoTracking() on r.CustomerId equals c.Id into customers
            from c in customers.DefaultIfEmpty()
            select new WaveRow(
                r.Id, r.Answers, r.CustomerId, r.UnitId, r.Channel, r.SubmittedAt, r.UpdatedAt, r.InvitationId != null,
                c == null ? null : c.Segment, c == null ? null : c.Value))
            .AsAsyncEnumerable();
    }

    private static async Task<Stamp> StampAsync(ManyiDbContext db, Wave wave, CancellationToken ct)
    {
        // The wave was read within its organisation; filtering on the wave alone lets the (WaveId, Status, SubmittedAt) index
        // answer the stamp without reading the rows (331 ms → 22 ms at 100,000 responses, docs/benchmarks.md).
        var waveId = wave.Id;
        var stamp = await db.Responses.AsNoTracking()
            .Where(r => r.WaveId == waveId && r.Status == ResponseStatus.Complete)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Latest = g.Max(r => r.SubmittedAt) })
            .FirstOrDefaultAsync(ct);
        return stamp is null ? new Stamp(0, null) : new Stamp(stamp.Count, stamp.Latest);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis data of wave {WaveId} read: {Rows} responses in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, Guid waveId, int rows, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analysis data of wave {WaveId}: {Added} new responses appended, {Rows} in all")]
    private static partial void LogAppended(ILogger logger, Guid waveId, int added, int rows);

    private sealed record Stamp(int Count, DateTimeOffset? Latest);
}
