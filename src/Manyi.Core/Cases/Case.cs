namespace Manyi.Core.Cases;

/// <summary>What a case is about.</summary>
public enum CaseKind
{
    Complaint,
    Enquiry,
    Suggestion,

    /// <summary>Opened by an alert rule from a survey answer (a detractor, a low CSAT, a low indicator, negative words).</summary>
    Alert,

    /// <summary>A service-recovery case opened by per-customer monitoring (product.md M8).</summary>
    Recovery,
}

/// <summary>Where a case stands. The SLA clocks run in New and InProgress, pause in WaitingForCustomer, stop at Resolved.</summary>
public enum CaseStatus
{
    /// <summary>Received; the first response (contact with the customer) is still due.</summary>
    New,
    InProgress,

    /// <summary>Paused while waiting for the customer; the resolution clock does not run.</summary>
    WaitingForCustomer,

    /// <summary>Resolved; waiting for the follow-up (回访).</summary>
    Resolved,
    Closed,
}

public enum CasePriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>The customer's answer to "are you satisfied with how it was handled?" in the follow-up.</summary>
public enum FollowUpSatisfaction
{
    Satisfied,
    Neutral,
    NotSatisfied,
}

/// <summary>Why a case moved up a level.</summary>
public enum EscalationReason
{
    /// <summary>The resolution time limit passed.</summary>
    Overdue,

    /// <summary>The same customer complained again about the same category within the window.</summary>
    RepeatedComplaint,

    /// <summary>The follow-up showed the customer not satisfied or the problem not resolved.</summary>
    FollowUpNotSatisfied,

    /// <summary>A person escalated it by hand.</summary>
    Manual,
}

/// <summary>One step of the handling checklist, ticked with the time and who ticked it.</summary>
public sealed record ChecklistStep(string Code, DateTimeOffset? DoneAt = null, Guid? DoneBy = null, string? DoneByName = null);

/// <summary>
/// The handling checklist from the complaint-handling literature (product.md M5), in order: thank and apologise; ask the reason and
/// record the key points; listen without interrupting; act fast to remove the cause; afterwards thank the customer.
/// </summary>
public static class CaseChecklist
{
    public const string ThankAndApologise = "thank-apologise";
    public const string RecordKeyPoints = "record-key-points";
    public const string Listen = "listen";
    public const string ActFast = "act-fast";
    public const string ThankAfterwards = "thank-afterwards";

    public static IReadOnlyList<string> Steps { get; } = [ThankAndApologise, RecordKeyPoints, Listen, ActFast, ThankAfterwards];

    /// <summary>A fresh checklist with no step done.</summary>
    public static List<ChecklistStep> Fresh() => [.. Steps.Select(s => new ChecklistStep(s))];
}

/// <summary>Who did something to a case: a user or API key, or the system (a background job) with a null id.</summary>
public sealed record CaseActor(Guid? Id, string Name)
{
    public static CaseActor System { get; } = new(null, "system");
}

/// <summary>The events a change produced (to be added to the history), or the reason it was refused (nothing changed then).</summary>
public sealed record CaseChange(IReadOnlyList<CaseEvent> Events, string? Refusal)
{
    public bool Refused => Refusal is not null;

    public static CaseChange Refuse(string reason) => new([], reason);
}

/// <summary>
/// A case (工单, product.md M5): a complaint, enquiry or suggestion from any channel, or an alert from a survey answer. The receiver
/// owns it until it is closed or handed over (首问负责制). Every change goes through a method here, which returns the history events
/// to store with it, so that the API, the pages and the background jobs record the same history.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Case (工单) is the domain's word; Manyi's code is C#, where Case is no keyword.")]
public sealed class Case
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>Human case number, unique within the organisation, e.g. "C20261127-0042".</summary>
    public required string Number { get; set; }

    public CaseKind Kind { get; set; }

    /// <summary>phone, counter, email, web, app, visit, letter, social, survey, monitoring, other.</summary>
    public required string Channel { get; set; }

    public CasePriority Priority { get; set; } = CasePriority.Normal;

    public CaseStatus Status { get; set; }

    public Guid? CategoryId { get; set; }

    public Guid? CustomerId { get; set; }

    /// <summary>The unit responsible for the case; scopes what a unit manager sees.</summary>
    public Guid UnitId { get; set; }

    public required string Subject { get; set; }

    public string? Description { get; set; }

    /// <summary>Who received the case (user or API key id; null when an alert rule opened it).</summary>
    public Guid? ReceivedBy { get; set; }

    public string? ReceivedByName { get; set; }

    /// <summary>The user who owns the case now (首问负责: the receiver until handed over).</summary>
    public Guid? OwnerId { get; set; }

    /// <summary>0 = the handler; 1, 2, 3… = the <see cref="EscalationLevel"/> the case has been raised to.</summary>
    public int Level { get; set; }

    /// <summary>The survey answer that opened the case (one case per response at most), with its wave.</summary>
    public Guid? ResponseId { get; set; }

    public Guid? WaveId { get; set; }

    /// <summary>The first alert rule the response tripped.</summary>
    public Guid? AlertRuleId { get; set; }

    /// <summary>The earlier complaint of the same customer and category within the repeat window, when this is a repeated complaint.</summary>
    public Guid? RepeatOfCaseId { get; set; }

    /// <summary>A caller's key that makes creation idempotent (import row, e-mail Message-ID, another system's ticket id); unique per organisation.</summary>
    public string? ExternalKey { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public Guid? SlaPolicyId { get; set; }

    /// <summary>Targets copied from the policy when the clock starts, so that editing a policy does not move running cases.</summary>
    public int? FirstResponseTargetMinutes { get; set; }

    public int? ResolutionTargetMinutes { get; set; }

    /// <summary>Where the resolution clock counts from: the receipt, or the reopening.</summary>
    public DateTimeOffset ClockStartedAt { get; set; }

    public DateTimeOffset? FirstResponseDueAt { get; set; }

    public DateTimeOffset? ResolutionDueAt { get; set; }

    public DateTimeOffset? FirstRespondedAt { get; set; }

    /// <summary>Set while waiting for the customer.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Business minutes spent paused since the clock started; they push the resolution due time back.</summary>
    public double PausedMinutes { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Set once, by the background job, when the first-response limit passed without a response.</summary>
    public DateTimeOffset? FirstResponseBreachedAt { get; set; }

    /// <summary>Set once per clock (reset when reopened), by the background job, when the resolution limit passed.</summary>
    public DateTimeOffset? ResolutionBreachedAt { get; set; }

    public Guid? RootCauseId { get; set; }

    public string? Resolution { get; set; }

    public List<ChecklistStep> Checklist { get; set; } = CaseChecklist.Fresh();

    /// <summary>Token of the follow-up survey link (/f/{token}), issued at resolution when the follow-up is by survey.</summary>
    public string? FollowUpToken { get; set; }

    public DateTimeOffset? FollowUpSentAt { get; set; }

    public DateTimeOffset? FollowUpAt { get; set; }

    public FollowUpMethod? FollowUpMethod { get; set; }

    public bool? FollowUpResolved { get; set; }

    public FollowUpSatisfaction? FollowUpSatisfaction { get; set; }

    public string? FollowUpNote { get; set; }

    public int ReopenCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (the case's ETag); changes on every change.</summary>
    public Guid Version { get; set; }

    /// <summary>Whether the case is still being worked (the SLA clocks matter).</summary>
    public bool IsOpen => Status is CaseStatus.New or CaseStatus.InProgress or CaseStatus.WaitingForCustomer;

    /// <summary>Starts the SLA clocks from <see cref="ReceivedAt"/> with <paramref name="policy"/>'s targets (no due times without a policy).</summary>
    public void StartClock(SlaPolicy? policy, BusinessCalendarDefinition calendar)
    {
        ClockStartedAt = ReceivedAt;
        PausedMinutes = 0;
        ChangePolicy(policy, calendar);
    }

    /// <summary>
    /// Re-picks the SLA policy after the category or priority changed (an edit): the targets are copied from <paramref name="policy"/>
    /// and the due times recomputed from the clock's start (the receipt, or the reopening), keeping the business minutes already
    /// paused. Breach marks stay as they are (a breach already recorded is history). The caller records the edit with <see cref="Edited"/>.
    /// </summary>
    public void ChangePolicy(SlaPolicy? policy, BusinessCalendarDefinition calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        SlaPolicyId = policy?.Id;
        FirstResponseTargetMinutes = policy?.FirstResponseMinutes;
        ResolutionTargetMinutes = policy?.ResolutionMinutes;
        FirstResponseDueAt = policy is null ? null : calendar.AddBusinessMinutes(ReceivedAt, policy.FirstResponseMinutes);
        ResolutionDueAt = policy is null ? null : calendar.AddBusinessMinutes(ClockStartedAt, policy.ResolutionMinutes + PausedMinutes);
    }

    /// <summary>The history event of the case's creation.</summary>
    public CaseEvent Created(CaseActor actor, DateTimeOffset now) =>
        Event(CaseEventKind.Created, actor, now, detail: new() { ["kind"] = Kind.ToString(), ["channel"] = Channel, ["priority"] = Priority.ToString() });

    /// <summary>The first response: the owner has contacted the customer (New → InProgress).</summary>
    public CaseChange Respond(CaseActor actor, DateTimeOffset now, string? note = null)
    {
        if (Status != CaseStatus.New)
        {
            return CaseChange.Refuse("only a new case can be responded to; this one has had its first response");
        }
        FirstRespondedAt = now;
        Status = CaseStatus.InProgress;
        return Changed(now, Event(CaseEventKind.Responded, actor, now, note: note));
    }

    /// <summary>Hands the case over to another user (首问负责制: recorded with the reason).</summary>
    public CaseChange HandOver(Guid toUserId, string toName, string reason, CaseActor actor, DateTimeOffset now)
    {
        if (Status == CaseStatus.Closed)
        {
            return CaseChange.Refuse("a closed case cannot be handed over");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return CaseChange.Refuse("a hand-over needs a reason");
        }
        if (OwnerId == toUserId)
        {
            return CaseChange.Refuse("the case is already owned by that user");
        }
        var from = OwnerId;
        OwnerId = toUserId;
        return Changed(now, Event(CaseEventKind.HandedOver, actor, now, reason: reason.Trim(),
            detail: new() { ["from"] = from?.ToString(), ["to"] = toUserId.ToString(), ["toName"] = toName }));
    }

    /// <summary>Ticks (or unticks) a checklist step.</summary>
    public CaseChange Tick(string step, bool done, CaseActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var index = Checklist.FindIndex(s => string.Equals(s.Code, step, StringComparison.Ordinal));
        if (index < 0)
        {
            return CaseChange.Refuse($"'{step}' is not a checklist step (one of {string.Join(", ", CaseChecklist.Steps)})");
        }
        if (Status == CaseStatus.Closed)
        {
            return CaseChange.Refuse("the checklist of a closed case cannot change");
        }
        if ((Checklist[index].DoneAt is not null) == done)
        {
            return CaseChange.Refuse(done ? "the step is already ticked" : "the step is not ticked");
        }
        Checklist = [.. Checklist];
        Checklist[index] = done ? new ChecklistStep(step, now, actor.Id, actor.Name) : new ChecklistStep(step);
        return Changed(now, Event(done ? CaseEventKind.ChecklistTicked : CaseEventKind.ChecklistUnticked, actor, now, detail: new() { ["step"] = step }));
    }

    /// <summary>Adds a note to the history.</summary>
    public CaseChange Note(string text, CaseActor actor, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(text) ? CaseChange.Refuse("the note is empty") : Changed(now, Event(CaseEventKind.Noted, actor, now, note: text.Trim()));

    /// <summary>Pauses the resolution clock while waiting for the customer (InProgress → WaitingForCustomer).</summary>
    public CaseChange Pause(CaseActor actor, DateTimeOffset now, string? note = null)
    {
        if (Status != CaseStatus.InProgress)
        {
            return CaseChange.Refuse("only a case in progress can wait for the customer");
        }
        PausedAt = now;
        Status = CaseStatus.WaitingForCustomer;
        return Changed(now, Event(CaseEventKind.Paused, actor, now, note: note));
    }

    /// <summary>Resumes the clock: the business minutes paused push the resolution due time back.</summary>
    public CaseChange Resume(BusinessCalendarDefinition calendar, CaseActor actor, DateTimeOffset now, string? note = null)
    {
        if (Status != CaseStatus.WaitingForCustomer)
        {
            return CaseChange.Refuse("the case is not waiting for the customer");
        }
        var paused = EndPause(calendar, now);
        Status = CaseStatus.InProgress;
        return Changed(now, Event(CaseEventKind.Resumed, actor, now, note: note,
            detail: new() { ["pausedMinutes"] = paused.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) }));
    }

    /// <summary>
    /// Resolves the case with what was done and, for complaints and alerts, the root cause. The follow-up token is issued here when
    /// the follow-up is by survey (<paramref name="followUpToken"/>, made by the caller from a random source).
    /// </summary>
    public CaseChange Resolve(string resolution, Guid? rootCauseId, BusinessCalendarDefinition calendar, CaseActor actor, DateTimeOffset now,
        FollowUpMethod followUp, string? followUpToken)
    {
        if (!IsOpen)
        {
            return CaseChange.Refuse("only an open case can be resolved");
        }
        if (string.IsNullOrWhiteSpace(resolution))
        {
            return CaseChange.Refuse("say what was done to resolve the case");
        }
        if (rootCauseId is null && Kind is CaseKind.Complaint or CaseKind.Alert or CaseKind.Recovery)
        {
            return CaseChange.Refuse("a complaint records its root cause when it is resolved");
        }
        if (Status == CaseStatus.WaitingForCustomer)
        {
            EndPause(calendar, now);
        }
        FirstRespondedAt ??= now;
        Resolution = resolution.Trim();
        RootCauseId = rootCauseId;
        ResolvedAt = now;
        Status = CaseStatus.Resolved;
        FollowUpMethod = followUp;
        FollowUpToken = followUp == Cases.FollowUpMethod.Survey ? followUpToken : null;
        FollowUpSentAt = null;
        return Changed(now, Event(CaseEventKind.Resolved, actor, now, note: Resolution,
            detail: new() { ["rootCause"] = rootCauseId?.ToString(), ["followUp"] = followUp.ToString() }));
    }

    /// <summary>
    /// Records the follow-up (回访). Satisfied or neutral with the problem resolved closes the case; not resolved or not satisfied
    /// reopens it one level up (capped at <paramref name="topLevel"/>) with a fresh resolution clock.
    /// </summary>
    public CaseChange RecordFollowUp(bool resolved, FollowUpSatisfaction satisfaction, string? note, FollowUpMethod method,
        BusinessCalendarDefinition calendar, int topLevel, CaseActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (Status != CaseStatus.Resolved)
        {
            return CaseChange.Refuse("a follow-up is recorded on a resolved case");
        }
        FollowUpAt = now;
        FollowUpMethod = method;
        FollowUpResolved = resolved;
        FollowUpSatisfaction = satisfaction;
        FollowUpNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        FollowUpToken = null;
        var recorded = Event(CaseEventKind.FollowUpRecorded, actor, now, note: FollowUpNote,
            detail: new() { ["resolved"] = resolved ? "true" : "false", ["satisfaction"] = satisfaction.ToString(), ["method"] = method.ToString() });
        if (resolved && satisfaction != Cases.FollowUpSatisfaction.NotSatisfied)
        {
            Status = CaseStatus.Closed;
            ClosedAt = now;
            return Changed(now, recorded, Event(CaseEventKind.Closed, actor, now));
        }
        Status = CaseStatus.InProgress;
        ReopenCount++;
        ResolvedAt = null;
        ClockStartedAt = now;
        PausedMinutes = 0;
        ResolutionBreachedAt = null;
        ResolutionDueAt = ResolutionTargetMinutes is { } target ? calendar.AddBusinessMinutes(now, target) : null;
        var reopened = Event(CaseEventKind.Reopened, actor, now);
        return Changed(now, recorded, reopened, Raise(EscalationReason.FollowUpNotSatisfied, topLevel, actor, now));
    }

    /// <summary>Closes a resolved case without a follow-up answer (e.g. the customer could not be reached), with a note why.</summary>
    public CaseChange Close(string? note, CaseActor actor, DateTimeOffset now)
    {
        if (Status != CaseStatus.Resolved)
        {
            return CaseChange.Refuse("only a resolved case can be closed");
        }
        Status = CaseStatus.Closed;
        ClosedAt = now;
        FollowUpToken = null;
        return Changed(now, Event(CaseEventKind.Closed, actor, now, note: note));
    }

    /// <summary>Moves the case one level up (capped at <paramref name="topLevel"/>: the event is still recorded, the level stays).</summary>
    public CaseChange Escalate(EscalationReason reason, int topLevel, CaseActor actor, DateTimeOffset now) =>
        Status == CaseStatus.Closed && reason != EscalationReason.RepeatedComplaint
            ? CaseChange.Refuse("a closed case is not escalated")
            : Changed(now, Raise(reason, topLevel, actor, now));

    /// <summary>Marks the first-response limit as passed (the background job calls this once, after winning the conditional update).</summary>
    public CaseEvent FirstResponseBreached(DateTimeOffset now)
    {
        FirstResponseBreachedAt = now;
        Changed(now);
        return Event(CaseEventKind.FirstResponseBreached, CaseActor.System, now,
            detail: new() { ["dueAt"] = FirstResponseDueAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Marks the resolution limit as passed (once per clock).</summary>
    public CaseEvent ResolutionBreached(DateTimeOffset now)
    {
        ResolutionBreachedAt = now;
        Changed(now);
        return Event(CaseEventKind.ResolutionBreached, CaseActor.System, now,
            detail: new() { ["dueAt"] = ResolutionDueAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Records that the follow-up survey link went to the customer (the background job calls this after winning the send).</summary>
    public CaseEvent FollowUpSent(DateTimeOffset now)
    {
        FollowUpSentAt = now;
        Changed(now);
        return Event(CaseEventKind.FollowUpSent, CaseActor.System, now);
    }

    /// <summary>Records changed fields (subject, description, category, priority, customer, unit) as one history event.</summary>
    public CaseChange Edited(Dictionary<string, string?> changes, CaseActor actor, DateTimeOffset now) =>
        changes is { Count: > 0 } ? Changed(now, Event(CaseEventKind.Edited, actor, now, detail: changes)) : new CaseChange([], null);

    private CaseEvent Raise(EscalationReason reason, int topLevel, CaseActor actor, DateTimeOffset now)
    {
        var from = Level;
        if (Level < topLevel)
        {
            Level++;
        }
        return Event(CaseEventKind.Escalated, actor, now, reason: reason.ToString(),
            detail: new() { ["from"] = from.ToString(System.Globalization.CultureInfo.InvariantCulture), ["to"] = Level.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private double EndPause(BusinessCalendarDefinition calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var paused = PausedAt is { } at ? calendar.BusinessMinutesBetween(at, now) : 0;
        PausedMinutes += paused;
        PausedAt = null;
        if (ResolutionTargetMinutes is { } target)
        {
            ResolutionDueAt = calendar.AddBusinessMinutes(ClockStartedAt, target + PausedMinutes);
        }
        return paused;
    }

    private CaseChange Changed(DateTimeOffset now, params CaseEvent[] events)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
        return new CaseChange(events, null);
    }

    private CaseEvent Event(CaseEventKind kind, CaseActor actor, DateTimeOffset at, string? note = null, string? reason = null,
        Dictionary<string, string?>? detail = null) => new()
        {
            Id = Guid.NewGuid(),
            OrganisationId = OrganisationId,
            CaseId = Id,
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Kind = kind,
            Status = Status,
            Level = Level,
            Reason = reason,
            Note = note,
            Detail = detail ?? [],
        };
}
