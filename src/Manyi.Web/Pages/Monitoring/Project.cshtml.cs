using Manyi.Analytics.Monitoring;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Resources;
using Microsoft.Extensions.Localization;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Monitoring;

/// <summary>A factor of the active stage as the project page shows it.</summary>
public sealed record FactorRow(StageFactor Factor, double WeightInForce, double Score, bool HasReading, double? Contribution);

/// <summary>A reading with the name of its factor.</summary>
public sealed record ReadingRow(MonitoringReading Reading, string FactorName, string StageName);

/// <summary>An alert with its recovery case.</summary>
public sealed record AlertRow(MonitoringAlert Alert, string StageName, string? CaseNumber, CaseStatus? CaseStatus, string? Resolution);

/// <summary>A recovery action: an event of a recovery case (responded, noted, resolved, closed).</summary>
public sealed record RecoveryAction(DateTimeOffset At, Guid CaseId, string CaseNumber, CaseEventKind Kind);

/// <summary>A stage correction with the names of the stages.</summary>
public sealed record CorrectionRow(StageCorrection Correction, string StageName, int StageNumber, string? NextStageName,
    IReadOnlyList<(string Key, string Name, double? Before, double? After)> Weights);

/// <summary>
/// <c>/monitoring/projects/{id}</c>: one service project (product.md M8): S(t), B and W over time with the readings, alerts,
/// stage boundaries and recovery actions; the stages with their estimate against the actual; the active stage's factors; the
/// corrections; the readings; the alerts. Users who handle cases add readings, check-ins, close the stage or cancel here.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed partial class ProjectModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock,
    IStringLocalizer<MonitoringResource> l, ILogger<ProjectModel> logger) : PageModel
{
    public const int NoteLength = 2000;

    /// <summary>How A is given in the check-in and close forms: on 0–100, or as an answer on a scale (mapped like a Pulse factor).</summary>
    public static IReadOnlyList<string> Scales { get; } = ["0-100", "1-5", "1-7", "0-10"];

    /// <summary>Whether readings of this source are entered by a user (issues and response times are derived from cases).</summary>
    public static bool Recordable(FactorSource source) => source is FactorSource.Milestones or FactorSource.Pulse or FactorSource.Manual;

    // The forms' fields, kept after a refused post so that the form shows what was entered next to its errors.
    public string? FactorKey { get; private set; }

    public string? RawValue { get; private set; }

    public string? ReadingNote { get; private set; }

    public string? CheckInValue { get; private set; }

    public string? CheckInScale { get; private set; }

    public string? CheckInNote { get; private set; }

    public string? CloseValue { get; private set; }

    public string? CloseScale { get; private set; }

    public string? CloseNote { get; private set; }

    public string? CancelNote { get; private set; }

    public ServiceProject Project { get; private set; } = null!;

    public string CustomerName { get; private set; } = string.Empty;

    public string? CustomerCode { get; private set; }

    public string UnitName { get; private set; } = string.Empty;

    public string? OwnerName { get; private set; }

    public IReadOnlyList<ProjectStage> Stages { get; private set; } = [];

    public ProjectStage? ActiveStage { get; private set; }

    public IReadOnlyList<FactorRow> Factors { get; private set; } = [];

    public IReadOnlyList<ProjectEstimate> Estimates { get; private set; } = [];

    public IReadOnlyList<ReadingRow> Readings { get; private set; } = [];

    public IReadOnlyList<AlertRow> Alerts { get; private set; } = [];

    public IReadOnlyList<RecoveryAction> Actions { get; private set; } = [];

    public IReadOnlyList<CorrectionRow> Corrections { get; private set; } = [];

    public int PairCount { get; private set; }

    public bool CanHandle { get; private set; }

    /// <summary>Which form failed (to open it again with its errors).</summary>
    public string? FailedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Adds a reading of a Milestones, Pulse or Manual factor of the active stage.</summary>
    public Task<IActionResult> OnPostReadingAsync(Guid id, Guid version, string? factorKey, string? rawValue, string? readingNote, CancellationToken ct)
    {
        (FactorKey, RawValue, ReadingNote) = (factorKey, rawValue, readingNote);
        var value = Number(rawValue, "rawValue", l["Forms.RawValue"]);
        var input = new ReadingInput { FactorKey = factorKey, Value = value, Note = Blank(readingNote) };
        return ActAsync(id, version, "reading", new Dictionary<string, string>(StringComparer.Ordinal) { ["factorKey"] = "factorKey", ["value"] = "rawValue", ["note"] = "readingNote" },
            async (visible, actor, now) => Outcome(await ProjectMonitor.RecordReadingAsync(db, user.OrganisationId, visible, actor, id, input, now, ct)), ct);
    }

    /// <summary>Records a check-in: A measured during the stage (a calibration pair) without closing it.</summary>
    public Task<IActionResult> OnPostCheckInAsync(Guid id, Guid version, string? checkInValue, string? checkInScale, string? checkInNote, CancellationToken ct)
    {
        (CheckInValue, CheckInScale, CheckInNote) = (checkInValue, checkInScale, checkInNote);
        var input = Actual(checkInValue, checkInScale, checkInNote, "checkInValue", "checkInScale");
        return ActAsync(id, version, "checkin", ActualFields("checkInValue", "checkInScale", "checkInNote"),
            async (visible, actor, now) => Outcome(await ProjectMonitor.CheckInAsync(db, user.OrganisationId, visible, actor, id, input, now, ct)), ct);
    }

    /// <summary>Closes the active stage with the actual A (self-correction); the last stage completes the project.</summary>
    public Task<IActionResult> OnPostCloseAsync(Guid id, Guid version, string? closeValue, string? closeScale, string? closeNote, CancellationToken ct)
    {
        (CloseValue, CloseScale, CloseNote) = (closeValue, closeScale, closeNote);
        var input = Actual(closeValue, closeScale, closeNote, "closeValue", "closeScale");
        return ActAsync(id, version, "close", ActualFields("closeValue", "closeScale", "closeNote"),
            async (visible, actor, now) => Outcome(await ProjectMonitor.CloseStageAsync(db, user.OrganisationId, visible, actor, id, input, now, ct)), ct);
    }

    /// <summary>Cancels the project.</summary>
    public Task<IActionResult> OnPostCancelAsync(Guid id, Guid version, string? cancelNote, CancellationToken ct)
    {
        CancelNote = cancelNote;
        var input = new CancelInput { Note = Blank(cancelNote) };
        return ActAsync(id, version, "cancel", new Dictionary<string, string>(StringComparer.Ordinal) { ["note"] = "cancelNote" },
            async (visible, actor, now) => Outcome(await ProjectMonitor.CancelAsync(db, user.OrganisationId, visible, actor, id, input, now, ct)), ct);
    }

    private static (IReadOnlyDictionary<string, string[]>? Errors, string? Conflict, bool Missing) Outcome<T>(MonitorOutcome<T> outcome) where T : class =>
        (outcome.Errors, outcome.Conflict, outcome.Missing);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Dictionary<string, string> ActualFields(string value, string scale, string note) => new(StringComparer.Ordinal)
    {
        ["value"] = value, ["responseId"] = value, ["scaleMin"] = scale, ["scaleMax"] = scale, ["note"] = note,
    };

    /// <summary>A number typed in a form (invariant or current culture), or an error on the field.</summary>
    private double? Number(string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError(field, l["Validation.Required", label]);
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        ModelState.AddModelError(field, l["Validation.Required", label]);
        return null;
    }

    /// <summary>A as the engine takes it: on 0–100, or as an answer on a scale "min-max".</summary>
    private ActualInput Actual(string? valueText, string? scale, string? note, string valueField, string scaleField)
    {
        var value = Number(valueText, valueField, l["Forms.Actual"]);
        scale ??= Scales[0];
        if (!Scales.Contains(scale, StringComparer.Ordinal))
        {
            ModelState.AddModelError(scaleField, l["Validation.Choose", l["Forms.Scale"]]);
            scale = Scales[0];
        }
        var parts = scale.Split('-');
        var (min, max) = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        return string.Equals(scale, Scales[0], StringComparison.Ordinal)
            ? new ActualInput { Value = value, Note = Blank(note) }
            : new ActualInput { Value = value, ScaleMin = min, ScaleMax = max, Note = Blank(note) };
    }

    /// <summary>
    /// Runs a command of the engine on the project the reader may see: 404 outside the scope; the version posted must be the
    /// project's (else the page shows the project as it is now); the engine's refusals are shown next to their field.
    /// </summary>
    private async Task<IActionResult> ActAsync(Guid id, Guid version, string form, IReadOnlyDictionary<string, string> fields,
        Func<IReadOnlySet<Guid>?, CaseActor, DateTimeOffset, Task<(IReadOnlyDictionary<string, string[]>? Errors, string? Conflict, bool Missing)>> command,
        CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded)
        {
            return Forbid();
        }
        var visible = await user.VisibleUnitsAsync(ct);
        var current = await (await MonitoringPages.VisibleAsync(db, user, ct)).Where(p => p.Id == id).Select(p => new { p.Version }).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        if (current.Version != version)
        {
            ModelState.AddModelError(string.Empty, l["Validation.Conflict"]);
        }
        if (ModelState.IsValid)
        {
            try
            {
                var (errors, conflict, missing) = await command(visible, new CaseActor(user.ActorId, user.ActorName), clock.GetUtcNow());
                if (missing)
                {
                    return NotFound();
                }
                foreach (var (field, messages) in errors ?? new Dictionary<string, string[]>())
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(fields.GetValueOrDefault(field, string.Empty), message);
                    }
                }
                if (conflict is not null)
                {
                    ModelState.AddModelError(string.Empty, conflict);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                LogConflict(logger, id, form);
                db.ChangeTracker.Clear();
                ModelState.AddModelError(string.Empty, l["Validation.Conflict"]);
            }
        }
        if (ModelState.IsValid)
        {
            return RedirectToPage(new { id });
        }
        FailedForm = form;
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitoring form {Form} on project {ProjectId} met a concurrent change")]
    private static partial void LogConflict(ILogger logger, Guid projectId, string form);

    /// <summary>Loads the project if the reader may see it.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        var organisationId = user.OrganisationId;
        var project = await (await MonitoringPages.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return false;
        }
        Project = project;
        var customer = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Id == project.CustomerId)
            .Select(c => new { c.Name, c.Code }).FirstOrDefaultAsync(ct);
        CustomerName = customer?.Name ?? string.Empty;
        CustomerCode = customer?.Code;
        UnitName = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Id == project.UnitId)
            .Select(u => u.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        OwnerName = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Id == project.OwnerId)
            .Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

        Stages = await db.ProjectStages.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.Index).ToListAsync(ct);
        ActiveStage = Stages.FirstOrDefault(s => s.Status == StageStatus.Active);
        var stageNames = Stages.ToDictionary(s => s.Id, s => s.Name);
        var stageNumbers = Stages.ToDictionary(s => s.Id, s => s.Index + 1);

        Estimates = await db.ProjectEstimates.AsNoTracking().Where(e => e.ProjectId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var readings = await db.MonitoringReadings.AsNoTracking().Where(r => r.ProjectId == id)
            .OrderByDescending(r => r.ObservedAt).ThenByDescending(r => r.RecordedAt).ToListAsync(ct);
        var factorNames = Stages.SelectMany(s => s.Factors).GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Name, StringComparer.Ordinal);
        Readings = [.. readings.Select(r => new ReadingRow(r, factorNames.GetValueOrDefault(r.FactorKey, r.FactorKey), stageNames.GetValueOrDefault(r.StageId, string.Empty)))];

        // The active stage's factors: the weight in force, the smoothed score (the latest reading of the key in the project, the
        // stage baseline before any), and its share of a drop below the baseline (ServiceMonitoring.Causes).
        if (ActiveStage is { } active)
        {
            var latest = readings.OrderBy(r => r.RecordedAt).GroupBy(r => r.FactorKey, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().SmoothedScore, StringComparer.Ordinal);
            var states = active.Factors.Select(f => new FactorState(f.Key, active.Weights.GetValueOrDefault(f.Key, f.Weight), active.Baseline,
                latest.TryGetValue(f.Key, out var s) ? s : active.Baseline)).ToList();
            IReadOnlyList<FactorShare> causes = [];
            try
            {
                causes = ServiceMonitoring.Causes(states);
            }
            catch (ArgumentException)
            {
                // Weights that do not sum to 1 (not written by the engine): show the factors without shares.
            }
            Factors = [.. active.Factors.Zip(states, (f, s) => new FactorRow(f, s.Weight, s.Score, latest.ContainsKey(f.Key),
                causes.FirstOrDefault(c => string.Equals(c.Key, f.Key, StringComparison.Ordinal))?.Contribution))];
        }

        var alerts = await db.MonitoringAlerts.AsNoTracking().Where(a => a.ProjectId == id).OrderByDescending(a => a.OpenedAt).ToListAsync(ct);
        var caseIds = alerts.Where(a => a.CaseId is not null).Select(a => a.CaseId!.Value).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.Status, c.Resolution }).ToDictionaryAsync(c => c.Id, ct);
        Alerts = [.. alerts.Select(a =>
        {
            var c = a.CaseId is { } caseId ? cases.GetValueOrDefault(caseId) : null;
            return new AlertRow(a, stageNames.GetValueOrDefault(a.StageId, string.Empty), c?.Number, c?.Status, c?.Resolution);
        })];
        CaseEventKind[] shown = [CaseEventKind.Responded, CaseEventKind.Noted, CaseEventKind.Resolved, CaseEventKind.Closed];
        var events = await db.CaseEvents.AsNoTracking()
            .Where(e => e.OrganisationId == organisationId && caseIds.Contains(e.CaseId) && shown.Contains(e.Kind))
            .OrderBy(e => e.At).Select(e => new { e.At, e.CaseId, e.Kind }).ToListAsync(ct);
        Actions = [.. events.Select(e => new RecoveryAction(e.At, e.CaseId, cases.GetValueOrDefault(e.CaseId)?.Number ?? string.Empty, e.Kind))];

        var corrections = await db.StageCorrections.AsNoTracking().Where(c => c.ProjectId == id).OrderBy(c => c.At).ToListAsync(ct);
        Corrections = [.. corrections.Select(c => new CorrectionRow(c, stageNames.GetValueOrDefault(c.StageId, string.Empty),
            stageNumbers.GetValueOrDefault(c.StageId), c.NextStageId is { } n ? stageNames.GetValueOrDefault(n) : null,
            [.. c.WeightsBefore.Keys.Union(c.WeightsAfter.Keys, StringComparer.Ordinal).Select(k => (k, factorNames.GetValueOrDefault(k, k),
                c.WeightsBefore.TryGetValue(k, out var b) ? b : (double?)null, c.WeightsAfter.TryGetValue(k, out var a) ? a : (double?)null))]))];
        PairCount = await db.CalibrationPairs.AsNoTracking().CountAsync(p => p.ProjectId == id, ct);
        return true;
    }
}
