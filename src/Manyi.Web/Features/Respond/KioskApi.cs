using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Respond;

/// <summary>Opens a kiosk transaction: the calling system's id of the transaction (ticket, queue number).</summary>
public sealed record KioskTransactionInput(string? TransactionId);

/// <summary>A kiosk transaction: its response row, rated (Complete), waiting (InProgress) or closed without a rating (NoRating).</summary>
public sealed record KioskTransactionDto(Guid ResponseId, Guid PointId, string TransactionId, ResponseStatus Status, DateTimeOffset OpenedAt, DateTimeOffset? RatedAt);

/// <summary>A response flagged as a suspected duplicate: stored and reported, never deleted silently.</summary>
public sealed record SuspectedDuplicateDto(Guid ResponseId, ResponseChannel Channel, ResponseStatus Status, Guid? CollectionPointId, Guid? UnitId, string Reason, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt);

/// <summary>The kiosk transaction API: a teller system opens and closes transactions rated at the counter tablet (product.md M4).</summary>
public static class KioskApi
{
    /// <summary>Longest transaction id accepted (the idempotency key holds it with the point id).</summary>
    public const int MaxTransactionIdLength = 100;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapKioskApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var kiosks = api.MapGroup("/kiosks").WithTags("Kiosks");
        kiosks.MapPost("/{pointId:guid}/transactions", OpenAsync).WithName("OpenKioskTransaction")
            .WithSummary("Open a transaction at a kiosk: the tablet's next tap rates it (idempotent per transaction id)")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.SubmitResponses);
        kiosks.MapPost("/{pointId:guid}/transactions/{transactionId}/close", CloseAsync).WithName("CloseKioskTransaction")
            .WithSummary("Close a transaction: not rated → \"no rating given\" (idempotent)").RequireAuthorization(Policies.SubmitResponses);
        api.MapGet("/waves/{id:guid}/duplicates", DuplicatesAsync).WithTags("Kiosks").WithName("ListSuspectedDuplicates")
            .WithSummary("Responses of a wave flagged as suspected duplicates (honeypot, same client and answers)").RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Created<KioskTransactionDto>, Ok<KioskTransactionDto>, NotFound, ValidationProblem, ProblemHttpResult>> OpenAsync(
        Guid pointId, KioskTransactionInput? input, ManyiDbContext db, CurrentUser user, RespondService respond, TimeProvider clock, CancellationToken ct)
    {
        var transactionId = input?.TransactionId?.Trim();
        if (string.IsNullOrEmpty(transactionId) || transactionId.Length > MaxTransactionIdLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["transactionId"] = [$"transactionId is required, at most {MaxTransactionIdLength} characters"],
            });
        }
        var point = await VisiblePointAsync(db, user, pointId, ct);
        if (point is null)
        {
            return TypedResults.NotFound();
        }
        var key = KeyOf(pointId, transactionId);
        var existing = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.WaveId == point.WaveId && r.IdempotencyKey == key, ct);
        if (existing is not null)
        {
            return TypedResults.Ok(ToDto(existing, pointId));
        }
        var (entry, refusal) = await respond.ResolveAsync(point.Token, EntryKind.Kiosk, ct);
        if (entry is null)
        {
            return TypedResults.Problem(refusal == Refusal.Closed ? "the wave of this kiosk is not open" : "this kiosk is not active",
                statusCode: StatusCodes.Status409Conflict);
        }
        var response = respond.NewResponse(entry, key, ResponseChannel.Kiosk, clientHash: string.Empty, language: "zh-CN");
        response.ClientHash = null;
        response.ExternalReference = transactionId;
        respond.Add(response);
        var saved = await respond.SaveAsync(response, ct);
        var dto = ToDto(saved, pointId);
        return saved == response ? TypedResults.Created($"/api/v1/kiosks/{pointId}/transactions/{Uri.EscapeDataString(transactionId)}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<KioskTransactionDto>, NotFound>> CloseAsync(
        Guid pointId, string transactionId, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var point = await VisiblePointAsync(db, user, pointId, ct);
        if (point is null || transactionId.Length > MaxTransactionIdLength)
        {
            return TypedResults.NotFound();
        }
        var key = KeyOf(pointId, transactionId);
        var now = clock.GetUtcNow();
        // Only a transaction still waiting becomes "no rating given"; a rated or closed one stays as it is.
        await db.Responses.Where(r => r.WaveId == point.WaveId && r.IdempotencyKey == key && r.Status == ResponseStatus.InProgress)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ResponseStatus.NoRating).SetProperty(r => r.UpdatedAt, now), ct);
        var response = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.WaveId == point.WaveId && r.IdempotencyKey == key, ct);
        return response is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(response, pointId));
    }

    private static async Task<Results<Ok<List<SuspectedDuplicateDto>>, NotFound>> DuplicatesAsync(Guid id, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var organisation = user.OrganisationId;
        var visible = await user.VisibleUnitsAsync(ct);
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == id && w.OrganisationId == organisation).Select(w => new { w.UnitId }).FirstOrDefaultAsync(ct);
        if (wave is null || (visible is not null && (wave.UnitId is not { } waveUnit || !visible.Contains(waveUnit))))
        {
            return TypedResults.NotFound();
        }
        var query = db.Responses.AsNoTracking().Where(r => r.WaveId == id && r.OrganisationId == organisation && r.SuspectedDuplicate != null);
        if (visible is not null)
        {
            query = query.Where(r => r.UnitId != null && visible.Contains(r.UnitId.Value));
        }
        var list = await query.OrderBy(r => r.StartedAt).ThenBy(r => r.Id)
            .Select(r => new SuspectedDuplicateDto(r.Id, r.Channel, r.Status, r.CollectionPointId, r.UnitId, r.SuspectedDuplicate!, r.StartedAt, r.SubmittedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(list);
    }

    /// <summary>The kiosk point of the caller's organisation and visible units, or null (404 for anything else).</summary>
    private static async Task<CollectionPoint?> VisiblePointAsync(ManyiDbContext db, CurrentUser user, Guid pointId, CancellationToken ct)
    {
        var organisation = user.OrganisationId;
        var found = await db.CollectionPoints.AsNoTracking()
            .Where(p => p.Id == pointId && p.OrganisationId == organisation && p.Kind == CollectionPointKind.Kiosk)
            .Join(db.Waves, p => p.WaveId, w => w.Id, (p, w) => new { Point = p, WaveUnit = w.UnitId })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        var visible = await user.VisibleUnitsAsync(ct);
        var unit = found.Point.UnitId ?? found.WaveUnit;
        return visible is null || (unit is { } u && visible.Contains(u)) ? found.Point : null;
    }

    private static string KeyOf(Guid pointId, string transactionId) => $"kiosk:{pointId:N}:{transactionId}";

    private static KioskTransactionDto ToDto(Response r, Guid pointId) =>
        new(r.Id, pointId, r.ExternalReference ?? string.Empty, r.Status, r.StartedAt, r.Status == ResponseStatus.Complete ? r.SubmittedAt : null);
}
