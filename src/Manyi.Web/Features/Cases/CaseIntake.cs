using System.Security.Cryptography;
using Manyi.Core.Cases;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Cases;

/// <summary>What a new case is made of, whatever the channel (API, page, import, e-mail, alert rule, monitoring).</summary>
public sealed record NewCase
{
    public CaseKind Kind { get; init; } = CaseKind.Complaint;

    public required string Channel { get; init; }

    public CasePriority Priority { get; init; } = CasePriority.Normal;

    public Guid? CategoryId { get; init; }

    public Guid? CustomerId { get; init; }

    public required Guid UnitId { get; init; }

    public required string Subject { get; init; }

    public string? Description { get; init; }

    /// <summary>The owner; null = the receiver when the receiver is a user (首问负责制), else the customer's manager.</summary>
    public Guid? OwnerId { get; init; }

    public string? ExternalKey { get; init; }

    /// <summary>When the customer raised it (import of older cases); null = now.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public Guid? ResponseId { get; init; }

    public Guid? WaveId { get; init; }

    public Guid? AlertRuleId { get; init; }
}

/// <summary>
/// Opens cases (product.md M5). Checking the request's fields against the organisation (unit visible, category, customer, owner)
/// is the caller's job; this does what every channel shares: number, first-responder owner, SLA clock, repeated-complaint
/// escalation, history and notifications.
/// </summary>
public static class CaseIntake
{
    /// <summary>The channels a case can come from (whitelist).</summary>
    public static IReadOnlyList<string> Channels { get; } =
        ["phone", "counter", "email", "web", "app", "visit", "letter", "social", "survey", "monitoring", "other"];

    public const int SubjectLength = 300;

    public const int TextLength = 8000;

    /// <summary>Bytes of a follow-up survey token (192 bits, like an invitation).</summary>
    public const int FollowUpTokenBytes = 24;

    /// <summary>
    /// Adds the case, its history and its notifications to <paramref name="db"/> (the caller saves, so creation is part of its
    /// transaction). A complaint by the same customer in the same category within the repeat window starts one level above the
    /// earlier one's level and names it in <see cref="Case.RepeatOfCaseId"/>.
    /// </summary>
    public static async Task<Case> OpenAsync(ManyiDbContext db, Guid organisationId, NewCase request, CaseRules rules, CaseActor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(actor);
        // Stored in UTC whatever offset the caller gave (PostgreSQL's timestamptz takes UTC only).
        var received = (request.ReceivedAt ?? now).ToUniversalTime();
        var owner = request.OwnerId;
        if (owner is null && actor.Id is { } receiver && await CaseNotices.CanOwnAsync(db, organisationId, receiver, ct))
        {
            owner = receiver;
        }
        if (owner is null && request.CustomerId is { } customerId)
        {
            owner = await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.OrganisationId == organisationId).Select(c => c.OwnerId).FirstOrDefaultAsync(ct);
        }
        var @case = new Case
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            Number = NewNumber(received),
            Kind = request.Kind,
            Channel = request.Channel,
            Priority = request.Priority,
            Status = CaseStatus.New,
            CategoryId = request.CategoryId,
            CustomerId = request.CustomerId,
            UnitId = request.UnitId,
            Subject = request.Subject.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            ReceivedBy = actor.Id,
            ReceivedByName = actor.Name,
            OwnerId = owner,
            ResponseId = request.ResponseId,
            WaveId = request.WaveId,
            AlertRuleId = request.AlertRuleId,
            ExternalKey = request.ExternalKey,
            ReceivedAt = received,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        @case.StartClock(rules.PolicyFor(request.CategoryId, request.Priority), rules.Calendar);
        db.Cases.Add(@case);
        db.CaseEvents.Add(@case.Created(actor, now));
        await Monitoring.ProjectMonitor.CaseOpenedAsync(db, @case, rules, now, ct);

        if (request.Kind is CaseKind.Complaint or CaseKind.Alert && request.CustomerId is { } customer && request.CategoryId is { } category)
        {
            var since = received.AddDays(-rules.Settings.RepeatWindowDays);
            var earlier = await db.Cases.AsNoTracking()
                .Where(c => c.OrganisationId == organisationId && c.CustomerId == customer && c.CategoryId == category
                    && (c.Kind == CaseKind.Complaint || c.Kind == CaseKind.Alert) && c.ReceivedAt >= since && c.ReceivedAt <= received)
                .OrderByDescending(c => c.ReceivedAt).Select(c => new { c.Id, c.Level }).FirstOrDefaultAsync(ct);
            if (earlier is not null)
            {
                @case.RepeatOfCaseId = earlier.Id;
                @case.Level = Math.Min(earlier.Level, rules.TopLevel);
                var change = @case.Escalate(EscalationReason.RepeatedComplaint, rules.TopLevel, actor, now);
                db.CaseEvents.AddRange(change.Events);
                await CaseNotices.ToLevelAsync(db, @case, rules, NotificationKind.RepeatComplaint, now, ct);
                return @case;
            }
        }
        if (owner is { } o && o != actor.Id)
        {
            CaseNotices.Add(db, @case, o, NotificationKind.CaseAssigned, now);
        }
        return @case;
    }

    /// <summary>
    /// Escalates the case one level for <paramref name="reason"/> and notifies the new level (added to the context, the caller saves).
    /// </summary>
    public static async Task<CaseChange> EscalateAsync(ManyiDbContext db, Case @case, EscalationReason reason, CaseRules rules, CaseActor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(rules);
        var change = @case.Escalate(reason, rules.TopLevel, actor, now);
        if (!change.Refused)
        {
            db.CaseEvents.AddRange(change.Events);
            await CaseNotices.ToLevelAsync(db, @case, rules, NotificationKind.CaseEscalated, now, ct);
        }
        return change;
    }

    /// <summary>
    /// Records a follow-up answer (from the follow-up page, a recorded call or the API): closes the case, or reopens it one level up
    /// and notifies that level when the customer is not satisfied or the problem is not resolved.
    /// </summary>
    public static async Task<CaseChange> FollowUpAsync(ManyiDbContext db, Case @case, bool resolved, FollowUpSatisfaction satisfaction, string? note,
        FollowUpMethod method, CaseRules rules, CaseActor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(rules);
        var change = @case.RecordFollowUp(resolved, satisfaction, note, method, rules.Calendar, rules.TopLevel, actor, now);
        if (!change.Refused)
        {
            db.CaseEvents.AddRange(change.Events);
            if (@case.Status != CaseStatus.Closed)
            {
                await CaseNotices.ToLevelAsync(db, @case, rules, NotificationKind.FollowUpNotSatisfied, now, ct);
            }
        }
        return change;
    }

    /// <summary>
    /// Resolves the case (events added to the context). The follow-up goes by the organisation's method, except that a survey needs
    /// the customer's e-mail address: without one the follow-up becomes a call.
    /// </summary>
    public static async Task<CaseChange> ResolveAsync(ManyiDbContext db, Case @case, string resolution, Guid? rootCauseId, CaseRules rules,
        CaseActor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(rules);
        var method = rules.Settings.FollowUpMethod;
        if (method == FollowUpMethod.Survey)
        {
            var email = @case.CustomerId is { } customerId
                ? await db.Customers.AsNoTracking().Where(x => x.Id == customerId && x.OrganisationId == @case.OrganisationId).Select(x => x.Email).FirstOrDefaultAsync(ct)
                : null;
            if (string.IsNullOrWhiteSpace(email))
            {
                method = FollowUpMethod.Call;
            }
        }
        var change = @case.Resolve(resolution, rootCauseId, rules.Calendar, actor, now, method, method == FollowUpMethod.Survey ? NewFollowUpToken() : null);
        db.CaseEvents.AddRange(change.Events);
        return change;
    }

    /// <summary>A new follow-up survey token.</summary>
    public static string NewFollowUpToken() => Waves.Tokens.New(FollowUpTokenBytes);

    /// <summary>"C" + the receipt date + 6 random Crockford base-32 characters: readable over the phone, unique without a counter.</summary>
    private static string NewNumber(DateTimeOffset received)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C{received.UtcDateTime:yyyyMMdd}-{suffix}");
    }
}
