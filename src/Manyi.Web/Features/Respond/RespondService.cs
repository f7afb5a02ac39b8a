using System.Security.Cryptography;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Respond;

/// <summary>Which respondent page asks: the survey (/s), its embeddable variant (/e) or the counter tablet (/k).</summary>
public enum EntryKind
{
    Survey,
    Embed,
    Kiosk,
}

/// <summary>Why a respondent cannot answer (each gets a polite page with its own status code).</summary>
public enum Refusal
{
    None,

    /// <summary>Unknown or deactivated token (404).</summary>
    NotFound,

    /// <summary>The wave is not open, or outside its fieldwork dates (410).</summary>
    Closed,

    /// <summary>The collection point has all the responses it accepts (410).</summary>
    Full,

    /// <summary>This address gave the point's daily number of responses (429).</summary>
    AddressLimit,
}

/// <summary>What a token opens: the wave, the version answered, and the collection point or the personal invitation.</summary>
public sealed record SurveyEntry(Wave Wave, QuestionnaireVersion Version, CollectionPoint? Point, Invitation? Invitation, Guid? CustomerId, Guid? UnitId)
{
    public QuestionnaireDefinition Definition => Version.Definition;
}

/// <summary>
/// The respondent side's use cases (product.md M4): resolve a token, find or start the respondent's single response row, apply
/// the per-point limits, and complete a response (duplicate flags, invitation → Responded, version frozen).
/// </summary>
public sealed partial class RespondService(ManyiDbContext db, TimeProvider clock, IOptions<RespondOptions> options, ILogger<RespondService> log)
{
    /// <summary>Tokens are base64url of 16–48 bytes; anything longer is not looked up.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>The flag of a response whose hidden honeypot field was filled.</summary>
    public const string Honeypot = "honeypot";

    /// <summary>The flag of a second complete response from one client with the same answers on one point within a day.</summary>
    public const string SameClientSameAnswers = "same-client-same-answers";

    /// <summary>The wave, version and point or invitation of <paramref name="token"/>, or why there is none.</summary>
    public async Task<(SurveyEntry? Entry, Refusal Refusal)> ResolveAsync(string? token, EntryKind kind, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return (null, Refusal.NotFound);
        }
        var point = await db.CollectionPoints.AsNoTracking().FirstOrDefaultAsync(p => p.Token == token, ct);
        Invitation? invitation = null;
        Guid? customerId = null;
        Guid? unitId = null;
        if (point is not null)
        {
            var fits = kind == EntryKind.Kiosk ? point.Kind == CollectionPointKind.Kiosk : point.Kind != CollectionPointKind.Kiosk;
            if (!point.Active || !fits)
            {
                return (null, Refusal.NotFound);
            }
            unitId = point.UnitId;
        }
        else if (kind != EntryKind.Kiosk)
        {
            invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.Token == token, ct);
            if (invitation is null)
            {
                return (null, Refusal.NotFound);
            }
            customerId = invitation.CustomerId;
            unitId = await db.Customers.Where(c => c.Id == invitation.CustomerId).Select(c => (Guid?)c.UnitId).FirstOrDefaultAsync(ct);
        }
        else
        {
            return (null, Refusal.NotFound);
        }
        var waveId = point?.WaveId ?? invitation!.WaveId;
        var organisation = point?.OrganisationId ?? invitation!.OrganisationId;
        var wave = await db.Waves.AsNoTracking().FirstOrDefaultAsync(w => w.Id == waveId && w.OrganisationId == organisation, ct);
        if (wave is null)
        {
            return (null, Refusal.NotFound);
        }
        var now = clock.GetUtcNow();
        if (wave.Status != WaveStatus.Open || (wave.OpensAt is { } opens && opens > now) || (wave.ClosesAt is { } closes && closes <= now))
        {
            return (null, Refusal.Closed);
        }
        var version = await db.QuestionnaireVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == wave.QuestionnaireVersionId, ct);
        if (version is null)
        {
            return (null, Refusal.NotFound);
        }
        return (new SurveyEntry(wave, version, point, invitation, customerId, unitId ?? wave.UnitId), Refusal.None);
    }

    /// <summary>The respondent's response row (tracked), or null before the first save.</summary>
    public Task<Response?> FindAsync(SurveyEntry entry, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return db.Responses.FirstOrDefaultAsync(r => r.WaveId == entry.Wave.Id && r.IdempotencyKey == key, ct);
    }

    /// <summary>The id the response of <paramref name="key"/> gets: known before the row exists, so the randomised order is stable from the first view.</summary>
    public static Guid ResponseIdFor(Guid waveId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(waveId.ToString("N") + "|" + key));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>A new, unsaved response of the entry.</summary>
    public Response NewResponse(SurveyEntry entry, string? key, ResponseChannel channel, string clientHash, string language)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = clock.GetUtcNow();
        return new Response
        {
            Id = key is null ? Guid.NewGuid() : ResponseIdFor(entry.Wave.Id, key),
            OrganisationId = entry.Wave.OrganisationId,
            WaveId = entry.Wave.Id,
            QuestionnaireVersionId = entry.Version.Id,
            Channel = channel,
            Status = ResponseStatus.InProgress,
            CustomerId = entry.CustomerId,
            UnitId = entry.UnitId,
            InvitationId = entry.Invitation?.Id,
            CollectionPointId = entry.Point?.Id,
            StaffUserId = entry.Point?.StaffUserId,
            IdempotencyKey = key,
            Language = language,
            ClientHash = clientHash,
            StartedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Starts tracking a new response; <see cref="SaveAsync"/> inserts it.</summary>
    public void Add(Response response) => db.Responses.Add(response);

    /// <summary>
    /// Saves <paramref name="response"/> (added or changed). When a concurrent request inserted the same key first, the database's
    /// unique index refuses ours and the stored row is returned instead: one row per key.
    /// </summary>
    public async Task<Response> SaveAsync(Response response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
            return response;
        }
        catch (DbUpdateException) when (db.Entry(response).State == EntityState.Added && response.IdempotencyKey is not null)
        {
            db.Entry(response).State = EntityState.Detached;
            return await db.Responses.FirstAsync(r => r.WaveId == response.WaveId && r.IdempotencyKey == response.IdempotencyKey, ct);
        }
    }

    /// <summary>The invitation was opened: Pending/Sent/Failed → Started (never back from Responded).</summary>
    public async Task MarkStartedAsync(SurveyEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Invitation is { Status: not (InvitationStatus.Started or InvitationStatus.Responded) } invitation)
        {
            await db.Invitations.Where(i => i.Id == invitation.Id && i.Status != InvitationStatus.Started && i.Status != InvitationStatus.Responded)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Started), ct);
        }
    }

    /// <summary>The point's limits for a response from <paramref name="clientHash"/> (other than <paramref name="own"/>): total and per address per day.</summary>
    public async Task<Refusal> CheckLimitsAsync(SurveyEntry entry, string clientHash, Guid own, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Point is not { } point)
        {
            return Refusal.None;
        }
        var ofPoint = db.Responses.Where(r => r.CollectionPointId == point.Id && r.Id != own);
        if (point.MaxResponses is { } max && await ofPoint.CountAsync(r => r.Status == ResponseStatus.Complete, ct) >= max)
        {
            LogLimit(point.Id, "max-responses");
            return Refusal.Full;
        }
        if (point.Kind == CollectionPointKind.Kiosk)
        {
            // A counter tablet is one address by design; only the total applies.
            return Refusal.None;
        }
        var since = clock.GetUtcNow().AddDays(-1);
        var perDay = point.MaxPerAddressPerDay ?? options.Value.MaxPerAddressPerDay;
        if (await ofPoint.CountAsync(r => r.ClientHash == clientHash && r.StartedAt >= since, ct) >= perDay)
        {
            LogLimit(point.Id, "per-address-per-day");
            return Refusal.AddressLimit;
        }
        return Refusal.None;
    }

    /// <summary>
    /// Completes <paramref name="response"/> with checked answers: flags a same-client-same-answers duplicate (stored and reported,
    /// never dropped), marks the invitation Responded and freezes the version.
    /// </summary>
    public async Task<Response> CompleteAsync(SurveyEntry entry, Response response, IReadOnlyDictionary<string, string> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(answers);
        var now = clock.GetUtcNow();
        response.Answers = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        response.Status = ResponseStatus.Complete;
        response.SubmittedAt = now;
        if (response.SuspectedDuplicate is null && response.ClientHash is { } hash && entry.Point is { } point)
        {
            var since = now.AddDays(-1);
            var earlier = await db.Responses.AsNoTracking()
                .Where(r => r.CollectionPointId == point.Id && r.ClientHash == hash && r.Status == ResponseStatus.Complete && r.Id != response.Id && r.SubmittedAt >= since)
                .Select(r => r.Answers).ToListAsync(ct);
            if (earlier.Any(a => a.Count == answers.Count && a.All(kv => answers.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal))))
            {
                response.SuspectedDuplicate = SameClientSameAnswers;
                LogDuplicate(response.WaveId, SameClientSameAnswers);
            }
        }
        var saved = await SaveAsync(response, ct);
        if (entry.Invitation is { } invitation)
        {
            await db.Invitations.Where(i => i.Id == invitation.Id && i.Status != InvitationStatus.Responded)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Responded).SetProperty(i => i.ResponseId, saved.Id), ct);
        }
        await FreezeVersionAsync(entry.Version.Id, ct);
        return saved;
    }

    /// <summary>The version has answers from now on (one conditional update, not one per response).</summary>
    public async Task FreezeVersionAsync(Guid versionId, CancellationToken ct)
    {
        await db.QuestionnaireVersions.Where(v => v.Id == versionId && !v.HasResponses)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.HasResponses, true), ct);
    }

    /// <summary>Flags a response whose honeypot was filled (it is kept and reported).</summary>
    public void FlagHoneypot(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.SuspectedDuplicate is null)
        {
            response.SuspectedDuplicate = Honeypot;
            LogDuplicate(response.WaveId, Honeypot);
        }
    }

    /// <summary>
    /// One tap at a kiosk: completes the point's oldest open transaction with <paramref name="answers"/>, or stores a plain response
    /// when no transaction is open.
    /// </summary>
    public async Task<Response> KioskTapAsync(SurveyEntry entry, IReadOnlyDictionary<string, string> answers, string clientHash, string language, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var point = entry.Point!;
        var now = clock.GetUtcNow();
        var json = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        // Two taps racing for one transaction: the conditional update lets one win, the other takes the next one.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var open = await db.Responses.AsNoTracking()
                .Where(r => r.CollectionPointId == point.Id && r.WaveId == entry.Wave.Id && r.Status == ResponseStatus.InProgress && r.Channel == ResponseChannel.Kiosk && r.ExternalReference != null)
                .OrderBy(r => r.StartedAt).ThenBy(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
            if (open is not { } id)
            {
                break;
            }
            var won = await db.Responses.Where(r => r.Id == id && r.Status == ResponseStatus.InProgress)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ResponseStatus.Complete).SetProperty(r => r.Answers, json)
                    .SetProperty(r => r.SubmittedAt, now).SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.Language, language), ct);
            if (won == 1)
            {
                await FreezeVersionAsync(entry.Version.Id, ct);
                return await db.Responses.AsNoTracking().FirstAsync(r => r.Id == id, ct);
            }
        }
        var response = NewResponse(entry, null, ResponseChannel.Kiosk, clientHash, language);
        db.Responses.Add(response);
        response.Answers = json;
        response.Status = ResponseStatus.Complete;
        response.SubmittedAt = now;
        await SaveAsync(response, ct);
        await FreezeVersionAsync(entry.Version.Id, ct);
        return response;
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Collection point {PointId} refused a response: {Limit}")]
    private partial void LogLimit(Guid pointId, string limit);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Response of wave {WaveId} flagged as suspected duplicate: {Reason}")]
    private partial void LogDuplicate(Guid waveId, string reason);
}
