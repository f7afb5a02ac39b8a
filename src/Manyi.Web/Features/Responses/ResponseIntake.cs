using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Manyi.Web.Features.Responses;

/// <summary>A response handed in by another system (or a staff member) for one wave.</summary>
public sealed record IntakeInput
{
    /// <summary>The caller's idempotency key as sent (1–200 characters); stored as <see cref="ResponseIntake.StoredKey"/>.</summary>
    public required string IdempotencyKey { get; init; }

    public required IReadOnlyDictionary<string, string?> Answers { get; init; }

    public ResponseChannel Channel { get; init; } = ResponseChannel.Api;

    public Guid? CustomerId { get; init; }

    public string? CustomerCode { get; init; }

    public Guid? UnitId { get; init; }

    public Guid? StaffUserId { get; init; }

    public string? ExternalReference { get; init; }

    public string? Language { get; init; }
}

/// <summary>How a submission ended.</summary>
public enum IntakeStatus
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>The same key was stored before with the same answers: that response is returned, nothing new stored.</summary>
    Replayed,

    /// <summary>The same key was stored before with different answers: refused.</summary>
    KeyConflict,

    /// <summary>Bad answers or fields; <see cref="IntakeResult.Errors"/> names them.</summary>
    Invalid,

    /// <summary>No such wave for this caller.</summary>
    NotFound,

    /// <summary>The wave does not take answers now (not open, outside its dates, or the segment's quota is reached).</summary>
    NotAccepting,
}

/// <summary>The outcome of <see cref="ResponseIntake.SubmitAsync"/>.</summary>
public sealed record IntakeResult(IntakeStatus Status, Response? Response = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Problem = null);

/// <summary>
/// Stores ONE complete response per (wave, idempotency key) whatever the number of concurrent resubmissions (product.md M4).
/// Answers are checked by <see cref="AnswerCheck"/> like on every channel. The database's unique index on (WaveId,
/// IdempotencyKey) decides under concurrency: the row is inserted (by <see cref="ResponseWriter"/>, grouped with the
/// submissions of the same moment), and a unique violation means the key was taken — the stored
/// row is read and returned as a replay (or refused when its answers differ). The common path is one INSERT.
/// </summary>
public sealed class ResponseIntake(ManyiDbContext db, CurrentUser user, WaveDefinitions waves, ResponseWriter writer, TimeProvider clock)
{
    public const int MaxKeyLength = 200;
    public const int MaxReferenceLength = 200;

    /// <summary>The languages a respondent may answer in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["zh-CN", "en"];

    /// <summary>Validates and stores a complete response; see <see cref="IntakeStatus"/> for the outcomes.</summary>
    public async Task<IntakeResult> SubmitAsync(Guid waveId, IntakeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var wave = await waves.GetAsync(db, waveId, ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (wave is null || wave.OrganisationId != user.OrganisationId || (visible is not null && wave.UnitId is { } waveUnit && !visible.Contains(waveUnit)))
        {
            return new IntakeResult(IntakeStatus.NotFound);
        }
        var now = clock.GetUtcNow();
        if (NotAccepting(wave, now) is { } closed)
        {
            return new IntakeResult(IntakeStatus.NotAccepting, Problem: closed);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var language = string.IsNullOrWhiteSpace(input.Language) ? "zh-CN" : Languages.FirstOrDefault(l => l.Equals(input.Language.Trim(), StringComparison.OrdinalIgnoreCase));
        if (language is null)
        {
            errors["language"] = ["language must be zh-CN or en"];
        }
        var reference = string.IsNullOrWhiteSpace(input.ExternalReference) ? null : input.ExternalReference.Trim();
        if (reference?.Length > MaxReferenceLength)
        {
            errors["externalReference"] = [string.Create(CultureInfo.InvariantCulture, $"externalReference must be at most {MaxReferenceLength} characters")];
        }
        var check = AnswerCheck.Validate(wave.Definition, input.Answers, complete: true);
        foreach (var group in check.Issues.GroupBy(i => "answers." + i.Cell, StringComparer.Ordinal))
        {
            errors[group.Key] = [.. group.Select(i => i.Message)];
        }

        // Who and where: only read when the caller names them (the transactional hot path names none or only a unit).
        Guid? customerId = null;
        string? segment = null;
        Guid? unitId = input.UnitId;
        if (input.CustomerId is not null || !string.IsNullOrWhiteSpace(input.CustomerCode))
        {
            var organisationId = user.OrganisationId;
            var query = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId);
            query = input.CustomerId is { } id ? query.Where(c => c.Id == id) : query.Where(c => c.Code == input.CustomerCode!.Trim());
            var customer = await query.Select(c => new { c.Id, c.Code, c.UnitId, c.Segment }).FirstOrDefaultAsync(ct);
            var field = input.CustomerId is not null ? "customerId" : "customerCode";
            if (customer is null || (visible is not null && !visible.Contains(customer.UnitId)))
            {
                errors[field] = [$"{field} names no customer within your units"];
            }
            else if (input.CustomerId is not null && !string.IsNullOrWhiteSpace(input.CustomerCode) && !string.Equals(customer.Code, input.CustomerCode.Trim(), StringComparison.Ordinal))
            {
                errors["customerCode"] = ["customerCode and customerId name different customers"];
            }
            else
            {
                customerId = customer.Id;
                segment = customer.Segment;
                unitId ??= customer.UnitId;
            }
        }
        if (input.UnitId is { } givenUnit)
        {
            var organisationId = user.OrganisationId;
            var exists = await db.Units.AsNoTracking().AnyAsync(u => u.Id == givenUnit && u.OrganisationId == organisationId, ct);
            if (!exists || (visible is not null && !visible.Contains(givenUnit)))
            {
                errors["unitId"] = ["unitId names no unit within your units"];
            }
        }
        unitId ??= wave.UnitId;
        if (visible is not null && unitId is null && !errors.ContainsKey("unitId"))
        {
            errors["unitId"] = ["unitId is required: the unit (one of yours) the answer belongs to"];
        }
        if (input.StaffUserId is { } staff)
        {
            var organisationId = user.OrganisationId;
            if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == staff && u.OrganisationId == organisationId, ct))
            {
                errors["staffUserId"] = ["staffUserId names no user of your organisation"];
            }
        }
        if (errors.Count > 0)
        {
            return new IntakeResult(IntakeStatus.Invalid, Errors: errors);
        }

        var key = StoredKey("api", input.IdempotencyKey);
        var answers = new Dictionary<string, string>(check.Answers, StringComparer.Ordinal);
        if (segment is not null && QuotaOf(wave, segment) is { } quota)
        {
            // Off the hot path: only responses of known customers in a segment with a quota are counted. Concurrent
            // submissions may pass the last free place together; the quota is a fieldwork target, not a hard invariant.
            var taken = await CountInSegmentAsync(db, wave.Id, segment, ct);
            if (taken >= quota && await FindAsync(key, ct) is null)
            {
                return new IntakeResult(IntakeStatus.NotAccepting, Problem: QuotaReached(segment, quota));
            }
        }

        await waves.FreezeAsync(db, wave.QuestionnaireVersionId, ct);
        var response = new Response
        {
            Id = Guid.CreateVersion7(now),
            OrganisationId = wave.OrganisationId,
            WaveId = wave.Id,
            QuestionnaireVersionId = wave.QuestionnaireVersionId,
            Channel = input.Channel,
            Status = ResponseStatus.Complete,
            CustomerId = customerId,
            UnitId = unitId,
            StaffUserId = input.StaffUserId,
            IdempotencyKey = key,
            ExternalReference = reference,
            Language = language!,
            Answers = answers,
            CurrentPage = Math.Max(0, wave.Definition.Pages.Count - 1),
            StartedAt = now,
            UpdatedAt = now,
            SubmittedAt = now,
        };
        if (await writer.InsertAsync(response))
        {
            return new IntakeResult(IntakeStatus.Created, response);
        }
        // The key was taken (a resubmission, possibly at the same moment): the stored row is the answer.
        var stored = await FindAsync(key, ct);
        if (stored is null)
        {
            throw new InvalidOperationException("a unique violation on the response key, but no response holds the key");
        }
        return SameAnswers(stored.Answers, answers) ? new IntakeResult(IntakeStatus.Replayed, stored) : new IntakeResult(IntakeStatus.KeyConflict, stored);

        Task<Response?> FindAsync(string storedKey, CancellationToken token) =>
            db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.WaveId == wave.Id && r.IdempotencyKey == storedKey, token);
    }

    /// <summary>
    /// The idempotency key as stored: <c>{channel}:{key}</c>; a key too long for the column with its prefix is stored as
    /// <c>{channel}:sha256:{hex}</c> of the key (still one row per key).
    /// </summary>
    public static string StoredKey(string channel, string key)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(key);
        var plain = channel + ":" + key;
        return plain.Length <= MaxKeyLength ? plain : channel + ":sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Why the wave does not take answers at <paramref name="now"/>, or null when it does.</summary>
    public static string? NotAccepting(IntakeWave wave, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(wave);
        if (wave.Status != WaveStatus.Open)
        {
            return $"the wave is {wave.Status.ToString().ToLowerInvariant()}: only an open wave takes answers";
        }
        if (wave.OpensAt is { } opens && now < opens)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the wave's fieldwork starts at {opens:yyyy-MM-dd HH:mm} UTC");
        }
        if (wave.ClosesAt is { } closes && now >= closes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the wave's fieldwork ended at {closes:yyyy-MM-dd HH:mm} UTC");
        }
        return null;
    }

    /// <summary>The quota of the segment in the wave's sample plan, or null when it has none.</summary>
    public static int? QuotaOf(IntakeWave wave, string segment)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.SamplePlan?.Strata.FirstOrDefault(s => string.Equals(s.Segment, segment, StringComparison.Ordinal))?.Quota;
    }

    public static string QuotaReached(string segment, int quota) =>
        string.Create(CultureInfo.InvariantCulture, $"the quota of segment '{segment}' ({quota} responses) is reached; no more answers are taken from it");

    /// <summary>Complete responses of the wave from customers of the segment.</summary>
    public static Task<int> CountInSegmentAsync(ManyiDbContext db, Guid waveId, string segment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.Status == ResponseStatus.Complete)
            .Join(db.Customers, r => r.CustomerId, c => (Guid?)c.Id, (r, c) => c.Segment)
            .CountAsync(s => s == segment, ct);
    }

    /// <summary>Whether the failed save broke a unique index (SQLite constraint 2067/1555, PostgreSQL 23505) — not another constraint.</summary>
    public static bool IsUniqueViolation(DbUpdateException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.InnerException switch
        {
            SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
            PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
            _ => false,
        };
    }

    private static bool SameAnswers(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
}
