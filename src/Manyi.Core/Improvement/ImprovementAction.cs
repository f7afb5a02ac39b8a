namespace Manyi.Core.Improvement;

/// <summary>Where an improvement action stands; the PDCA board's columns are Plan = Planned, Do = InProgress, Check = Done (effect
/// not yet checked), Act = Checked (the effect is known: keep the change as standard, or plan again).</summary>
public enum ActionStatus
{
    Planned,
    InProgress,

    /// <summary>Carried out; waiting for a later wave to check its effect.</summary>
    Done,

    /// <summary>The effect check has been computed.</summary>
    Checked,
    Cancelled,
}

/// <summary>What the action was created from (product.md M7).</summary>
public enum ActionSource
{
    /// <summary>Entered by hand.</summary>
    Manual,

    /// <summary>A "key improvement" or "focus object" item of the 2-tuple linguistic evaluation (product.md M1.4).</summary>
    TwoTuple,

    /// <summary>An item in the IPA "concentrate here" quadrant (product.md M1.8).</summary>
    Ipa,

    /// <summary>A top root cause of complaints (product.md M5).</summary>
    RootCause,

    /// <summary>A satisfaction-trap finding between two waves (product.md M1.5).</summary>
    Trap,
}

/// <summary>An indicator the action is meant to move, as an <see cref="IndicatorKey"/> with the label it had when linked.</summary>
public sealed record ActionIndicator(string Key, string Label);

/// <summary>One linked indicator before and after the action, with the significance of the change (Welch t for means, two-proportion z
/// for CSAT, the NPS test for NPS; no test for the index and for measures).</summary>
public sealed record EffectItem(
    string Key,
    string Label,
    double? Before,
    double? After,
    int BeforeN,
    int AfterN,
    double? Change,
    string? Test,
    double? PValue,
    bool? Significant);

/// <summary>The effect check of an action (product.md M7): the linked indicators in the before wave against the after wave.</summary>
public sealed record ActionEffect(Guid BeforeWaveId, Guid AfterWaveId, DateTimeOffset CheckedAt, double Alpha, IReadOnlyList<EffectItem> Items);

/// <summary>
/// An improvement action tied to indicators (product.md M7): what, owner (责任人), deadline (时间节点), status, cost; created by hand
/// or from an analysis finding, whose summary is kept as it was. Done actions get an effect check against a later wave.
/// </summary>
public sealed class ImprovementAction
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The unit whose board the action is on and whose responses its effect check reads.</summary>
    public Guid UnitId { get; set; }

    /// <summary>Readable number, e.g. IA-20261128-0003, unique within the organisation.</summary>
    public required string Number { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The user responsible (责任人).</summary>
    public Guid OwnerId { get; set; }

    public DateOnly Deadline { get; set; }

    public ActionStatus Status { get; set; }

    /// <summary>Planned or actual cost, money in the organisation's currency.</summary>
    public decimal? Cost { get; set; }

    public ActionSource Source { get; set; }

    /// <summary>The finding's key (see the findings API), null for manual actions.</summary>
    public string? FindingKey { get; set; }

    /// <summary>The finding as it read when the action was created (its numbers may change as responses arrive).</summary>
    public string? FindingSummary { get; set; }

    /// <summary>The questionnaire the survey indicators are read from; null when only measures are linked.</summary>
    public Guid? QuestionnaireId { get; set; }

    /// <summary>The "before" wave of the effect check: the finding's wave, or the latest wave when the action was created by hand.</summary>
    public Guid? BaselineWaveId { get; set; }

    /// <summary>For a trap finding, the earlier wave it was compared against.</summary>
    public Guid? AgainstWaveId { get; set; }

    public List<ActionIndicator> Indicators { get; set; } = [];

    public ActionEffect? Effect { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>What was done, written when the action is completed; the source of a "you said, we did" note.</summary>
    public string? Outcome { get; set; }

    /// <summary>When the owner was reminded of the near deadline (once per deadline; cleared when the deadline moves).</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }

    public Guid CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (ETag); changes on every update.</summary>
    public Guid Version { get; set; }
}
