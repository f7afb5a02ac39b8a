using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Notifications;

/// <summary>A notification as the API shows it (the text is the client's to render from kind, case number and level).</summary>
public sealed record NotificationDto(Guid Id, NotificationKind Kind, Guid? CaseId, string? CaseNumber, int? Level, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, DateTimeOffset? EmailedAt, Guid? ActionId = null);

public sealed record NotificationPage(IReadOnlyList<NotificationDto> Items, int Page, int PageSize, int Total, int Unread);

public sealed record UnreadCount(int Unread);

public sealed record MarkedRead(int Marked);

/// <summary>The signed-in user's notifications: list, unread count, mark read. Only the caller's own; API keys have none.</summary>
public static class NotificationsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Maps the routes of this feature.</summary>
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("", ListAsync).WithName("ListNotifications").WithSummary("The caller's notifications, unread first, newest first (page, pageSize)").RequireAuthorization(Policies.ReadData);
        group.MapGet("/unread-count", UnreadAsync).WithName("UnreadNotificationCount").WithSummary("How many of the caller's notifications are unread").RequireAuthorization(Policies.ReadData);
        group.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read").RequireAuthorization(Policies.ReadData);
        group.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead").WithSummary("Mark all of the caller's notifications read").RequireAuthorization(Policies.ReadData);
        return api;
    }

    /// <summary>The caller's notifications (none for an API key: notices go to people).</summary>
    public static IQueryable<Notification> Own(ManyiDbContext db, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role == ApiKeyFormat.Role)
        {
            return db.Notifications.Where(n => false);
        }
        var me = user.ActorId;
        var organisationId = user.OrganisationId;
        return db.Notifications.Where(n => n.UserId == me && n.OrganisationId == organisationId);
    }

    private static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListAsync(string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var number = ParseInt(page, "page", 1, 1_000_000, 1, errors);
        var size = ParseInt(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var own = Own(db, user).AsNoTracking();
        var total = await own.CountAsync(ct);
        var unread = await own.CountAsync(n => n.ReadAt == null, ct);
        var items = await own.OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.CreatedAt).ThenBy(n => n.Id)
            .Skip((number - 1) * size).Take(size)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.CaseId, n.CaseNumber, n.Level, n.CreatedAt, n.ReadAt, n.EmailedAt, n.ActionId)).ToListAsync(ct);
        return TypedResults.Ok(new NotificationPage(items, number, size, total, unread));
    }

    private static async Task<Ok<UnreadCount>> UnreadAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCount(await Own(db, user).CountAsync(n => n.ReadAt == null, ct)));

    private static async Task<Results<NoContent, NotFound>> MarkReadAsync(Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var own = Own(db, user).Where(n => n.Id == id);
        if (!await own.AnyAsync(ct))
        {
            return TypedResults.NotFound();
        }
        await own.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MarkedRead>> MarkAllReadAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var marked = await Own(db, user).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.Ok(new MarkedRead(marked));
    }

    private static int ParseInt(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[field] = [$"{field} must be a whole number from {min} to {max}"];
        return fallback;
    }
}
