using Manyi.Core.Cases;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Improvement;

/// <summary>Settings of the improvement actions (<c>Manyi:Improvement</c>).</summary>
public sealed class ImprovementOptions
{
    /// <summary>The owner is reminded this many days before the deadline.</summary>
    public int ReminderDays { get; set; } = 3;

    /// <summary>How often the reminder pass runs.</summary>
    public int ReminderMinutes { get; set; } = 15;
}

/// <summary>
/// Deadline reminders (product.md M7): one pass finds the open actions (Planned, InProgress) whose deadline is at most
/// <see cref="ImprovementOptions.ReminderDays"/> days away and whose owner was not reminded, adds a notification
/// (<see cref="NotificationKind.ActionDeadline"/>, <see cref="Notification.ActionId"/>, the action number in
/// <see cref="Notification.CaseNumber"/> so that the notice text reads without a join) and stamps
/// <see cref="ImprovementAction.ReminderSentAt"/> by a conditional update, so that with several instances nothing is sent twice.
/// The notification mailer of the case clock sends the e-mail. Runs where the lease <c>action-reminders</c> is held.
/// </summary>
public sealed partial class ActionReminders(IServiceScopeFactory scopes, IOptions<ImprovementOptions> options, TimeProvider clock, ILogger<ActionReminders> log)
{
    public const string LeaseName = "action-reminders";

    /// <summary>This instance's lease holder id.</summary>
    public string Holder { get; } = JobLeaseStep.NewHolder();

    /// <summary>One pass; returns the number of reminders written (−1 when another instance holds the lease).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = clock.GetUtcNow();
        if (!await JobLeaseStep.TryTakeAsync(db, LeaseName, Holder, now, TimeSpan.FromMinutes(Math.Max(1, options.Value.ReminderMinutes) * 4), ct))
        {
            return -1;
        }
        var until = DateOnly.FromDateTime(now.UtcDateTime).AddDays(Math.Max(0, options.Value.ReminderDays));
        var due = await db.ImprovementActions.AsNoTracking()
            .Where(a => (a.Status == ActionStatus.Planned || a.Status == ActionStatus.InProgress) && a.ReminderSentAt == null && a.Deadline <= until)
            .Select(a => new { a.Id, a.OrganisationId, a.OwnerId, a.Number, a.Version })
            .Take(500)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var action in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var id = action.Id;
            var won = await db.ImprovementActions.Where(a => a.Id == id && a.ReminderSentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderSentAt, now), ct);
            if (won == 0)
            {
                continue;
            }
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(), OrganisationId = action.OrganisationId, UserId = action.OwnerId, Kind = NotificationKind.ActionDeadline,
                ActionId = action.Id, CaseNumber = action.Number, CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            sent++;
        }
        if (sent > 0)
        {
            LogSent(log, sent);
        }
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Action deadline reminders written: {Count}")]
    private static partial void LogSent(ILogger logger, int count);
}

/// <summary>Runs <see cref="ActionReminders.RunOnceAsync"/> every <see cref="ImprovementOptions.ReminderMinutes"/> on the injected clock.</summary>
public sealed class ActionReminderService(ActionReminders reminders, IOptions<ImprovementOptions> options, TimeProvider clock, ILogger<ActionReminderService> log)
    : PeriodicJobService(clock, log)
{
    protected override string JobName => ActionReminders.LeaseName;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, options.Value.ReminderMinutes));

    protected override Task RunPassAsync(CancellationToken ct) => reminders.RunOnceAsync(ct);
}
