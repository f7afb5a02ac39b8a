using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Manyi.Analytics.Monitoring;
using Manyi.Core.Audit;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Monitoring;

/// <summary>
/// The use cases of per-customer service monitoring (product.md M8): create a project, record a reading, a check-in, close a
/// stage (the self-correction), cancel, and the readings derived from the customer's cases. Each public command validates
/// everything first, then changes the tracked entities, writes its audit entry and saves once (one transaction, nothing
/// half-written). The derived-reading hooks (<see cref="CaseOpenedAsync"/>, <see cref="CaseRespondedAsync"/>) only add to the
/// context: the case's own save commits them. All numbers come from <see cref="ServiceMonitoring"/> and <see cref="SimplexLeastSquares"/>.
/// </summary>
public static partial class ProjectMonitor
{
    /// <summary>Audit actions.</summary>
    public static class Actions
    {
        public const string Create = "project.create";
        public const string Reading = "project.reading";
        public const string CheckIn = "project.check-in";
        public const string CloseStage = "project.close-stage";
        public const string Cancel = "project.cancel";
    }

    public const int NameLength = 200;

    public const int NoteLength = 2000;

    public const int KeyLength = 40;

    public const int ExternalKeyLength = 100;

    public const int MaxStages = 20;

    /// <summary>Channel of recovery cases.</summary>
    public const string Channel = "monitoring";

    /// <summary>Readings and estimate points are kept in arrival order: a second one in the same instant is stamped one microsecond later.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(10);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    // ---------------------------------------------------------------- create

    /// <summary>Creates a project: validated, baseline chosen, first stage active with S = B and its first estimate point.</summary>
    public static async Task<MonitorOutcome<ServiceProject>> CreateAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits,
        CaseActor actor, ProjectInput? input, CultureInfo culture, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(culture);
        input ??= new ProjectInput();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NameLength)
        {
            Error("name", $"give the project a name of 1–{NameLength} characters");
        }
        var customer = input.CustomerId is { } customerId
            ? await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.OrganisationId == organisationId)
                .Select(c => new { c.Id, c.UnitId, c.Segment }).FirstOrDefaultAsync(ct)
            : null;
        if (customer is null || (visibleUnits is not null && !visibleUnits.Contains(customer.UnitId) && input.UnitId is null))
        {
            Error("customerId", "no such customer in your units");
        }
        var unitId = input.UnitId ?? customer?.UnitId;
        if (unitId is { } u)
        {
            var unitExists = await db.Units.AsNoTracking().AnyAsync(x => x.Id == u && x.OrganisationId == organisationId, ct);
            if (!unitExists || (visibleUnits is not null && !visibleUnits.Contains(u)))
            {
                Error("unitId", "no such unit in your units");
            }
        }
        var ownerId = input.OwnerId ?? actor.Id;
        if (ownerId is not { } owner || !await CaseNotices.CanOwnAsync(db, organisationId, owner, ct))
        {
            Error("ownerId", "the owner must be a user of the organisation who can own cases (not a viewer)");
        }

        var stages = Stages(input, culture, Error);
        var margin = input.WarningMargin ?? 10;
        var hysteresis = input.Hysteresis ?? 2;
        var alpha = input.SmoothingAlpha ?? 0.5;
        var gain = input.CorrectionGain ?? 0.5;
        var minimumPairs = input.MinimumPairs ?? 3;
        if (!(margin is >= 0 and <= 100))
        {
            Error("warningMargin", "the warning margin is 0–100 points");
        }
        if (!(hysteresis is >= 0 and <= 50))
        {
            Error("hysteresis", "the hysteresis is 0–50 points");
        }
        if (!(alpha is > 0 and <= 1))
        {
            Error("smoothingAlpha", "the smoothing weight α is above 0 and at most 1");
        }
        if (!(gain is >= 0 and <= 1))
        {
            Error("correctionGain", "the correction gain is 0–1");
        }
        if (minimumPairs is < 1 or > 1000)
        {
            Error("minimumPairs", "the minimum number of pairs is 1–1000");
        }
        if (input.BaselineNote is { Length: > NoteLength })
        {
            Error("baselineNote", $"the note has at most {NoteLength} characters");
        }

        double baseline = 0;
        string? baselineNote = Trimmed(input.BaselineNote);
        if (input.BaselineSource is not { } source)
        {
            Error("baselineSource", "choose where the baseline comes from: customerHistory, segment, openingSurvey or manual");
        }
        else if (customer is not null)
        {
            switch (source)
            {
                case BaselineSource.CustomerHistory:
                case BaselineSource.Segment:
                    if (source == BaselineSource.Segment && string.IsNullOrWhiteSpace(customer.Segment))
                    {
                        Error("baselineSource", "the customer has no segment");
                        break;
                    }
                    var history = source == BaselineSource.CustomerHistory
                        ? await OutcomesAsync(db, db.Responses.Where(r => r.OrganisationId == organisationId && r.CustomerId == customer.Id), ct)
                        : await OutcomesAsync(db, db.Responses.Where(r => r.OrganisationId == organisationId && r.CustomerId != null
                            && db.Customers.Any(c => c.Id == r.CustomerId && c.OrganisationId == organisationId && c.Segment == customer.Segment)), ct);
                    if (history.Count == 0)
                    {
                        Error("baselineSource", source == BaselineSource.CustomerHistory
                            ? "the customer has no complete survey answers with an overall satisfaction; choose another source"
                            : "the customer's segment has no complete survey answers with an overall satisfaction; choose another source");
                        break;
                    }
                    baseline = history.Average();
                    baselineNote ??= string.Create(CultureInfo.InvariantCulture, $"mean overall satisfaction of {history.Count} complete answers");
                    break;
                case BaselineSource.OpeningSurvey:
                    if (input.BaselineResponseId is { } responseId)
                    {
                        var scaled = await ResponseOutcomeAsync(db, organisationId, customer.Id, responseId, ct);
                        if (scaled is null)
                        {
                            Error("baselineResponseId", "no complete response of this customer with an overall satisfaction answer");
                            break;
                        }
                        baseline = scaled.Value;
                        baselineNote ??= "response " + responseId.ToString("D", CultureInfo.InvariantCulture);
                    }
                    else if (input.BaselineValue is { } opening && opening is >= 0 and <= 100)
                    {
                        baseline = opening;
                    }
                    else
                    {
                        Error("baselineValue", "give the opening survey's result on 0–100 or its baselineResponseId");
                    }
                    break;
                case BaselineSource.Manual:
                    if (input.BaselineValue is not { } manual || !(manual is >= 0 and <= 100))
                    {
                        Error("baselineValue", "give the baseline on 0–100");
                    }
                    else
                    {
                        baseline = manual;
                    }
                    if (baselineNote is null)
                    {
                        Error("baselineNote", "say where a manual baseline comes from");
                    }
                    break;
                default:
                    Error("baselineSource", "unknown baseline source");
                    break;
            }
        }
        if (errors.Count > 0)
        {
            return MonitorOutcome.Invalid<ServiceProject>(errors);
        }

        var started = (input.StartedAt ?? now).ToUniversalTime();
        var project = new ServiceProject
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            UnitId = unitId!.Value,
            CustomerId = customer!.Id,
            OwnerId = ownerId!.Value,
            Name = name!,
            TemplateKey = input.Stages is { Count: > 0 } ? null : ProjectTemplates.Find(input.TemplateKey)?.Key,
            Status = ProjectStatus.Active,
            StartedAt = started,
            PlannedEndAt = input.PlannedEndAt?.ToUniversalTime(),
            BaselineSource = input.BaselineSource!.Value,
            BaselineNote = baselineNote,
            InitialBaseline = baseline,
            WarningMargin = margin,
            Hysteresis = hysteresis,
            SmoothingAlpha = alpha,
            CorrectionGain = gain,
            MinimumPairs = minimumPairs,
            CurrentStage = 0,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        var entities = stages.Select((s, i) => new ProjectStage
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            Index = i,
            Key = s.Key,
            Name = s.Name,
            Status = i == 0 ? StageStatus.Active : StageStatus.Pending,
            PlannedEndAt = s.PlannedEndAt,
            StartedAt = i == 0 ? started : null,
            Factors = [.. s.Factors],
            Weights = s.Factors.ToDictionary(f => f.Key, f => f.Weight, StringComparer.Ordinal),
            WeightsVersion = 1,
            Baseline = baseline,
            Warning = baseline - margin,
        }).ToList();
        db.ServiceProjects.Add(project);
        db.ProjectStages.AddRange(entities);
        var rules = new Lazy<Task<CaseRules>>(() => CaseRules.LoadAsync(db, organisationId, ct));
        await RecomputeAsync(db, project, entities[0], null, rules, now, ct);
        Audit(db, organisationId, actor, now, Actions.Create, project.Id, new()
        {
            ["stages"] = entities.Count,
            ["template"] = project.TemplateKey,
            ["baselineSource"] = project.BaselineSource.ToString(),
        });
        await db.SaveChangesAsync(ct);
        return MonitorOutcome.Done<ServiceProject>(project);
    }

    private sealed record NewStage(string Key, string Name, DateTimeOffset? PlannedEndAt, IReadOnlyList<StageFactor> Factors);

    private static List<NewStage> Stages(ProjectInput input, CultureInfo culture, Action<string, string> error)
    {
        var result = new List<NewStage>();
        if (input.Stages is { Count: > 0 } given)
        {
            if (input.TemplateKey is not null)
            {
                error("templateKey", "give a template or stages, not both");
            }
            if (given.Count > MaxStages)
            {
                error("stages", $"a project has at most {MaxStages} stages");
                return result;
            }
            var stageKeys = new HashSet<string>(StringComparer.Ordinal);
            var sources = new Dictionary<string, FactorSource>(StringComparer.Ordinal);
            for (var i = 0; i < given.Count; i++)
            {
                var s = given[i];
                var field = string.Create(CultureInfo.InvariantCulture, $"stages[{i}]");
                if (s is null)
                {
                    error(field, "the stage is empty");
                    continue;
                }
                var key = s.Key?.Trim();
                if (key is null || !KeyPattern().IsMatch(key))
                {
                    error(field + ".key", "a key is 1–40 lower-case letters, digits and hyphens");
                }
                else if (!stageKeys.Add(key))
                {
                    error(field + ".key", "the stage keys must be different");
                }
                var stageName = s.Name?.Trim();
                if (string.IsNullOrEmpty(stageName) || stageName.Length > NameLength)
                {
                    error(field + ".name", $"give the stage a name of 1–{NameLength} characters");
                }
                var factors = Factors(s.Factors, field, sources, error);
                if (key is not null && stageName is not null && factors is not null)
                {
                    result.Add(new NewStage(key, stageName, s.PlannedEndAt?.ToUniversalTime(), factors));
                }
            }
            return result;
        }
        var template = ProjectTemplates.Find(input.TemplateKey);
        if (template is null)
        {
            error(input.TemplateKey is null ? "stages" : "templateKey",
                "give the stages or a template key: " + string.Join(", ", ProjectTemplates.All.Select(t => t.Key)));
            return result;
        }
        var start = (input.StartedAt ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var end = start;
        foreach (var stage in template.Stages)
        {
            end = end.AddDays(stage.Days);
            result.Add(new NewStage(stage.Key, culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? stage.NameZh : stage.NameEn, end,
                [.. stage.Factors.Select(f => f.ToFactor(culture))]));
        }
        return result;
    }

    private static List<StageFactor>? Factors(IReadOnlyList<FactorInput>? given, string stageField, Dictionary<string, FactorSource> sources, Action<string, string> error)
    {
        if (given is not { Count: > 0 } || given.Count > SimplexLeastSquares.MaxFactors)
        {
            error(stageField + ".factors", $"a stage has 1–{SimplexLeastSquares.MaxFactors} factors");
            return null;
        }
        var ok = true;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var factors = new List<StageFactor>();
        for (var j = 0; j < given.Count; j++)
        {
            var f = given[j];
            var field = string.Create(CultureInfo.InvariantCulture, $"{stageField}.factors[{j}]");
            if (f is null)
            {
                error(field, "the factor is empty");
                ok = false;
                continue;
            }
            var key = f.Key?.Trim();
            if (key is null || !KeyPattern().IsMatch(key))
            {
                error(field + ".key", "a key is 1–40 lower-case letters, digits and hyphens");
                ok = false;
            }
            else if (!keys.Add(key))
            {
                error(field + ".key", "the factor keys of a stage must be different");
                ok = false;
            }
            var name = f.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > NameLength)
            {
                error(field + ".name", $"give the factor a name of 1–{NameLength} characters");
                ok = false;
            }
            if (f.Source is not { } source || !Enum.IsDefined(source))
            {
                error(field + ".source", "choose the source: milestones, issues, responseTime, pulse or manual");
                ok = false;
            }
            else if (key is not null && sources.TryGetValue(key, out var earlier) && earlier != source)
            {
                error(field + ".source", "the same factor key has the same source in every stage");
                ok = false;
            }
            else if (key is not null)
            {
                sources[key] = source;
            }
            if (f.Weight is not { } w || !double.IsFinite(w) || w < 0 || w > 1)
            {
                error(field + ".weight", "a weight is 0–1");
                ok = false;
            }
            if (f.Worst is not { } worst || !double.IsFinite(worst))
            {
                error(field + ".worst", "give the raw value that maps to 0");
                ok = false;
            }
            if (f.Best is not { } best || !double.IsFinite(best))
            {
                error(field + ".best", "give the raw value that maps to 100");
                ok = false;
            }
            else if (f.Worst == f.Best)
            {
                error(field + ".best", "worst and best must differ");
                ok = false;
            }
            if (ok)
            {
                factors.Add(new StageFactor { Key = key!, Name = name!, Source = f.Source!.Value, Weight = f.Weight!.Value, Worst = f.Worst!.Value, Best = f.Best!.Value });
            }
        }
        if (!ok)
        {
            return null;
        }
        var sum = factors.Sum(x => x.Weight);
        if (Math.Abs(sum - 1) > ServiceMonitoring.WeightSumTolerance)
        {
            error(stageField + ".factors", string.Create(CultureInfo.InvariantCulture, $"the weights sum to {sum:0.######}, not 1"));
            return null;
        }
        return factors;
    }

    // ---------------------------------------------------------------- readings

    /// <summary>The project in the caller's organisation and units (tracked), or null.</summary>
    public static Task<ServiceProject?> FindAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.ServiceProjects.Where(p => p.Id == id && p.OrganisationId == organisationId);
        if (visibleUnits is not null)
        {
            query = query.Where(p => visibleUnits.Contains(p.UnitId));
        }
        return query.FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Records a reading of a Milestones, Pulse or Manual factor of the active stage: scored, smoothed, S(t) recomputed, the alert
    /// opened or cleared, an estimate point written. A reading with an ExternalKey already recorded answers with that reading.
    /// </summary>
    public static async Task<MonitorOutcome<MonitoringReading>> RecordReadingAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits,
        CaseActor actor, Guid projectId, ReadingInput? input, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        input ??= new ReadingInput();
        var project = await FindAsync(db, organisationId, visibleUnits, projectId, ct);
        if (project is null)
        {
            return MonitorOutcome.NotFound<MonitoringReading>();
        }
        var externalKey = Trimmed(input.ExternalKey);
        if (externalKey is { Length: > ExternalKeyLength })
        {
            return MonitorOutcome.Invalid<MonitoringReading>("externalKey", $"the key has at most {ExternalKeyLength} characters");
        }
        if (externalKey is not null)
        {
            var earlier = await db.MonitoringReadings.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.ExternalKey == externalKey, ct);
            if (earlier is not null)
            {
                return MonitorOutcome.Done<MonitoringReading>(earlier);
            }
        }
        if (project.Status != ProjectStatus.Active)
        {
            return MonitorOutcome.Refuse<MonitoringReading>("the project is " + project.Status.ToString().ToLowerInvariant() + ": it takes no more readings");
        }
        var stage = await ActiveStageAsync(db, project, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var key = input.FactorKey?.Trim();
        var factor = stage.Factors.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));
        if (factor is null)
        {
            errors["factorKey"] = ["not a factor of the active stage: " + string.Join(", ", stage.Factors.Select(f => f.Key))];
        }
        else if (factor.Source is FactorSource.Issues or FactorSource.ResponseTime)
        {
            errors["factorKey"] = ["issue counts and response times are read from the customer's cases, not entered"];
        }
        if (input.Value is not { } value || !double.IsFinite(value))
        {
            errors["value"] = ["give the raw value as a number"];
        }
        if (input.Note is { Length: > NoteLength })
        {
            errors["note"] = [$"the note has at most {NoteLength} characters"];
        }
        if (factor?.Source == FactorSource.Manual && Trimmed(input.Note) is null)
        {
            errors.TryAdd("note", ["a manual rating comes with a note"]);
        }
        if (input.ObservedAt is { } observed && observed > now.AddDays(1))
        {
            errors["observedAt"] = ["the reading cannot be observed in the future"];
        }
        if (errors.Count > 0)
        {
            return MonitorOutcome.Invalid<MonitoringReading>(errors);
        }
        var rules = new Lazy<Task<CaseRules>>(() => CaseRules.LoadAsync(db, organisationId, ct));
        var reading = await ApplyReadingAsync(db, project, stage, factor!, input.Value!.Value, (input.ObservedAt ?? now).ToUniversalTime(), actor.Id, null,
            externalKey, Trimmed(input.Note), rules, now, ct);
        Audit(db, organisationId, actor, now, Actions.Reading, project.Id, new() { ["factor"] = factor!.Key, ["source"] = factor.Source.ToString() });
        await db.SaveChangesAsync(ct);
        return MonitorOutcome.Done<MonitoringReading>(reading);
    }

    /// <summary>
    /// Hook of <see cref="CaseIntake.OpenAsync"/>: a case of a monitored customer (not a recovery case) is an Issues reading —
    /// the count of the customer's cases opened since the active stage started — for each Issues factor of that stage. Added to
    /// the context; the case's save commits it.
    /// </summary>
    public static async Task CaseOpenedAsync(ManyiDbContext db, Case @case, CaseRules rules, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        if (@case.Kind == CaseKind.Recovery || @case.CustomerId is not { } customerId)
        {
            return;
        }
        foreach (var (project, stage, factors) in await MonitoredAsync(db, @case.OrganisationId, customerId, FactorSource.Issues, ct))
        {
            var since = stage.StartedAt ?? project.StartedAt;
            var saved = await db.Cases.AsNoTracking()
                .Where(c => c.OrganisationId == @case.OrganisationId && c.CustomerId == customerId && c.Kind != CaseKind.Recovery && c.ReceivedAt >= since)
                .Select(c => c.Id).ToListAsync(ct);
            var count = saved.Union(db.Cases.Local
                .Where(c => c.OrganisationId == @case.OrganisationId && c.CustomerId == customerId && c.Kind != CaseKind.Recovery && c.ReceivedAt >= since)
                .Select(c => c.Id)).Count();
            foreach (var factor in factors)
            {
                await ApplyReadingAsync(db, project, stage, factor, count, now, null, @case.Id, null, null, new(() => Task.FromResult(rules)), now, ct);
            }
        }
    }

    /// <summary>
    /// Hook of a case's first response: a ResponseTime reading — the mean first-response time in business hours of the
    /// customer's cases (not recovery) opened since the active stage started and answered — for each ResponseTime factor.
    /// </summary>
    public static async Task CaseRespondedAsync(ManyiDbContext db, Case @case, CaseRules rules, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(rules);
        if (@case.Kind == CaseKind.Recovery || @case.CustomerId is not { } customerId || @case.FirstRespondedAt is null)
        {
            return;
        }
        foreach (var (project, stage, factors) in await MonitoredAsync(db, @case.OrganisationId, customerId, FactorSource.ResponseTime, ct))
        {
            var since = stage.StartedAt ?? project.StartedAt;
            var saved = await db.Cases.AsNoTracking()
                .Where(c => c.OrganisationId == @case.OrganisationId && c.CustomerId == customerId && c.Kind != CaseKind.Recovery && c.ReceivedAt >= since
                    && c.FirstRespondedAt != null)
                .Select(c => new { c.Id, c.ReceivedAt, c.FirstRespondedAt }).ToListAsync(ct);
            var times = saved.ToDictionary(c => c.Id, c => (c.ReceivedAt, Responded: c.FirstRespondedAt!.Value));
            // The tracked cases carry this request's changes (the case just answered is not saved yet).
            foreach (var c in db.Cases.Local.Where(c => c.OrganisationId == @case.OrganisationId && c.CustomerId == customerId && c.Kind != CaseKind.Recovery
                && c.ReceivedAt >= since && c.FirstRespondedAt != null))
            {
                times[c.Id] = (c.ReceivedAt, c.FirstRespondedAt!.Value);
            }
            if (times.Count == 0)
            {
                continue;
            }
            var hours = times.Values.Average(t => rules.Calendar.BusinessMinutesBetween(t.ReceivedAt, t.Responded) / 60.0);
            foreach (var factor in factors)
            {
                await ApplyReadingAsync(db, project, stage, factor, hours, now, null, @case.Id, null, null, new(() => Task.FromResult(rules)), now, ct);
            }
        }
    }

    private static async Task<List<(ServiceProject Project, ProjectStage Stage, List<StageFactor> Factors)>> MonitoredAsync(ManyiDbContext db, Guid organisationId,
        Guid customerId, FactorSource source, CancellationToken ct)
    {
        var result = new List<(ServiceProject, ProjectStage, List<StageFactor>)>();
        var projects = await db.ServiceProjects
            .Where(p => p.OrganisationId == organisationId && p.CustomerId == customerId && p.Status == ProjectStatus.Active).ToListAsync(ct);
        foreach (var project in projects)
        {
            var stage = await ActiveStageAsync(db, project, ct);
            var factors = stage.Factors.Where(f => f.Source == source).ToList();
            if (factors.Count > 0)
            {
                result.Add((project, stage, factors));
            }
        }
        return result;
    }

    private static async Task<ProjectStage> ActiveStageAsync(ManyiDbContext db, ServiceProject project, CancellationToken ct) =>
        db.ProjectStages.Local.FirstOrDefault(s => s.ProjectId == project.Id && s.Index == project.CurrentStage)
        ?? await db.ProjectStages.FirstAsync(s => s.ProjectId == project.Id && s.Index == project.CurrentStage, ct);

    private static async Task<MonitoringReading> ApplyReadingAsync(ManyiDbContext db, ServiceProject project, ProjectStage stage, StageFactor factor, double raw,
        DateTimeOffset observedAt, Guid? recordedBy, Guid? sourceId, string? externalKey, string? note, Lazy<Task<CaseRules>> rules, DateTimeOffset now,
        CancellationToken ct)
    {
        var latest = await LatestReadingsAsync(db, project.Id, ct);
        var score = ServiceMonitoring.Score(raw, factor.Worst, factor.Best);
        var previous = latest.TryGetValue(factor.Key, out var p) ? p.SmoothedScore : (double?)null;
        var lastRecorded = latest.Count == 0 ? (DateTimeOffset?)null : latest.Values.Max(r => r.RecordedAt);
        var reading = new MonitoringReading
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            StageId = stage.Id,
            FactorKey = factor.Key,
            Source = factor.Source,
            RawValue = raw,
            Score = score,
            SmoothedScore = ServiceMonitoring.Smooth(previous, score, project.SmoothingAlpha),
            ObservedAt = observedAt,
            RecordedAt = Next(lastRecorded, now),
            RecordedById = recordedBy,
            SourceId = sourceId,
            ExternalKey = externalKey,
            Note = note,
        };
        db.MonitoringReadings.Add(reading);
        await RecomputeAsync(db, project, stage, reading.Id, rules, now, ct);
        return reading;
    }

    /// <summary>The latest reading of each factor key of the project (saved or added in this context), by arrival.</summary>
    private static async Task<Dictionary<string, MonitoringReading>> LatestReadingsAsync(ManyiDbContext db, Guid projectId, CancellationToken ct)
    {
        var saved = await db.MonitoringReadings.AsNoTracking().Where(r => r.ProjectId == projectId).ToListAsync(ct);
        var all = saved.Where(r => db.MonitoringReadings.Local.All(l => l.Id != r.Id))
            .Concat(db.MonitoringReadings.Local.Where(r => r.ProjectId == projectId));
        return all.GroupBy(r => r.FactorKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RecordedAt).First(), StringComparer.Ordinal);
    }

    private static DateTimeOffset Next(DateTimeOffset? last, DateTimeOffset now) => last is { } l && l >= now ? l + Tick : now;

    /// <summary>The estimator's view of the stage: weight in force, stage baseline, smoothed score (or the baseline before any reading).</summary>
    private static List<FactorState> States(ProjectStage stage, Dictionary<string, MonitoringReading> latest) =>
        [.. stage.Factors.Select(f => new FactorState(f.Key, stage.Weights.GetValueOrDefault(f.Key), stage.Baseline,
            latest.TryGetValue(f.Key, out var r) ? r.SmoothedScore : stage.Baseline))];

    /// <summary>S(t) of the stage, the estimate point, the project's current estimate and the alert's transition.</summary>
    private static async Task<double> RecomputeAsync(ManyiDbContext db, ServiceProject project, ProjectStage stage, Guid? readingId,
        Lazy<Task<CaseRules>> rules, DateTimeOffset now, CancellationToken ct)
    {
        var latest = await LatestReadingsAsync(db, project.Id, ct);
        var states = States(stage, latest);
        var estimate = ServiceMonitoring.Estimate(states);
        var lastPoint = db.ProjectEstimates.Local.Where(e => e.ProjectId == project.Id).Select(e => (DateTimeOffset?)e.At).Max()
            ?? project.EstimatedAt;
        var at = Next(lastPoint, now);
        db.ProjectEstimates.Add(new ProjectEstimate
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            StageId = stage.Id,
            At = at,
            Estimate = estimate,
            Baseline = stage.Baseline,
            Warning = stage.Warning,
            ReadingId = readingId,
        });
        project.CurrentEstimate = estimate;
        project.EstimatedAt = at;
        project.UpdatedAt = now;
        project.Version = Guid.NewGuid();

        var open = project.OpenAlertId is not null;
        switch (ServiceMonitoring.Alert(open, estimate, stage.Warning, project.Hysteresis))
        {
            case AlertTransition.Open:
                await OpenAlertAsync(db, project, stage, states, estimate, await rules.Value, now, ct);
                break;
            case AlertTransition.Stay:
                var alert = await AlertAsync(db, project.OpenAlertId!.Value, ct);
                alert.Lowest = Math.Min(alert.Lowest, estimate);
                break;
            case AlertTransition.Clear:
                var cleared = await AlertAsync(db, project.OpenAlertId!.Value, ct);
                cleared.Lowest = Math.Min(cleared.Lowest, estimate);
                cleared.ClearedAt = now;
                cleared.EstimateAtClear = estimate;
                project.OpenAlertId = null;
                if (cleared.CaseId is { } caseId && await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == project.OrganisationId, ct) is { } recovery)
                {
                    var change = recovery.Note(string.Create(CultureInfo.InvariantCulture,
                        $"S(t) back above W: S(t) {estimate:0.0} ≥ W {stage.Warning:0.0} + {project.Hysteresis:0.#}; the monitoring alert is cleared"), CaseActor.System, now);
                    db.CaseEvents.AddRange(change.Events);
                }
                break;
            default:
                break;
        }
        return estimate;
    }

    private static async Task<MonitoringAlert> AlertAsync(ManyiDbContext db, Guid id, CancellationToken ct) =>
        db.MonitoringAlerts.Local.FirstOrDefault(a => a.Id == id) ?? await db.MonitoringAlerts.FirstAsync(a => a.Id == id, ct);

    private static async Task OpenAlertAsync(ManyiDbContext db, ServiceProject project, ProjectStage stage, List<FactorState> states, double estimate,
        CaseRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var names = stage.Factors.ToDictionary(f => f.Key, f => f.Name, StringComparer.Ordinal);
        var causes = ServiceMonitoring.Causes(states).Select(c => new FactorContribution
        {
            FactorKey = c.Key,
            FactorName = names[c.Key],
            Weight = c.Weight,
            Score = c.Score,
            Contribution = c.Contribution,
        }).ToList();
        var top = causes.Count == 0 ? "—" : string.Join(", ", causes.Take(3).Select(c => c.FactorName));
        var subject = string.Create(CultureInfo.InvariantCulture, $"Service recovery: {project.Name}: S(t) {estimate:0.0} below W {stage.Warning:0.0} ({top})");
        if (subject.Length > CaseIntake.SubjectLength)
        {
            subject = subject[..CaseIntake.SubjectLength];
        }
        var description = string.Join('\n', new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"Stage {stage.Index + 1} {stage.Name}: S(t) = {estimate:0.0}, B = {stage.Baseline:0.0}, W = {stage.Warning:0.0}."),
        }.Concat(causes.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"- {c.FactorName}: weight {c.Weight:0.###}, score {c.Score:0.0}, contribution {c.Contribution:0.0}"))));
        var recovery = await CaseIntake.OpenAsync(db, project.OrganisationId, new NewCase
        {
            Kind = CaseKind.Recovery,
            Channel = Channel,
            Priority = CasePriority.High,
            CustomerId = project.CustomerId,
            UnitId = project.UnitId,
            OwnerId = project.OwnerId,
            Subject = subject,
            Description = description.Length > CaseIntake.TextLength ? description[..CaseIntake.TextLength] : description,
        }, rules, CaseActor.System, now, ct);
        var alert = new MonitoringAlert
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            StageId = stage.Id,
            OpenedAt = now,
            EstimateAtOpen = estimate,
            WarningAtOpen = stage.Warning,
            Causes = causes,
            CaseId = recovery.Id,
            Lowest = estimate,
        };
        db.MonitoringAlerts.Add(alert);
        project.OpenAlertId = alert.Id;
    }

    // ---------------------------------------------------------------- check-in, stage close, cancel

    /// <summary>A measurement of A during the stage: a calibration pair (smoothed scores, S_est, A) without closing the stage.</summary>
    public static async Task<MonitorOutcome<CalibrationPair>> CheckInAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits,
        CaseActor actor, Guid projectId, ActualInput? input, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var project = await FindAsync(db, organisationId, visibleUnits, projectId, ct);
        if (project is null)
        {
            return MonitorOutcome.NotFound<CalibrationPair>();
        }
        if (project.Status != ProjectStatus.Active)
        {
            return MonitorOutcome.Refuse<CalibrationPair>("the project is " + project.Status.ToString().ToLowerInvariant() + ": no more check-ins");
        }
        var (actual, _, errors) = await ActualAsync(db, project, input, ct);
        if (errors is not null)
        {
            return MonitorOutcome.Invalid<CalibrationPair>(errors);
        }
        var stage = await ActiveStageAsync(db, project, ct);
        var pair = await PairAsync(db, project, stage, actual, now, ct);
        project.UpdatedAt = now;
        project.Version = Guid.NewGuid();
        Audit(db, organisationId, actor, now, Actions.CheckIn, project.Id, new() { ["stage"] = stage.Index });
        await db.SaveChangesAsync(ct);
        return MonitorOutcome.Done<CalibrationPair>(pair);
    }

    private static async Task<CalibrationPair> PairAsync(ManyiDbContext db, ServiceProject project, ProjectStage stage, double actual, DateTimeOffset now,
        CancellationToken ct)
    {
        var latest = await LatestReadingsAsync(db, project.Id, ct);
        var states = States(stage, latest);
        var pair = new CalibrationPair
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            StageId = stage.Id,
            At = now,
            Scores = states.ToDictionary(s => s.Key, s => s.Score, StringComparer.Ordinal),
            Estimate = ServiceMonitoring.Estimate(states),
            Actual = actual,
        };
        db.CalibrationPairs.Add(pair);
        return pair;
    }

    /// <summary>
    /// Closes the active stage with the actual satisfaction A: the error A − S_est, a calibration pair, the corrected baseline and
    /// warning of the next stage, its weights re-estimated from the pairs (or kept), a stage correction; the next stage becomes
    /// active and S is recomputed. Closing the last stage completes the project.
    /// </summary>
    public static async Task<MonitorOutcome<StageCorrection>> CloseStageAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits,
        CaseActor actor, Guid projectId, ActualInput? input, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var project = await FindAsync(db, organisationId, visibleUnits, projectId, ct);
        if (project is null)
        {
            return MonitorOutcome.NotFound<StageCorrection>();
        }
        if (project.Status != ProjectStatus.Active)
        {
            return MonitorOutcome.Refuse<StageCorrection>("the project is " + project.Status.ToString().ToLowerInvariant() + ": no stage to close");
        }
        var (actual, actualNote, errors) = await ActualAsync(db, project, input, ct);
        if (errors is not null)
        {
            return MonitorOutcome.Invalid<StageCorrection>(errors);
        }
        var stages = await db.ProjectStages.Where(s => s.ProjectId == project.Id).OrderBy(s => s.Index).ToListAsync(ct);
        var stage = stages[project.CurrentStage];
        var next = project.CurrentStage + 1 < stages.Count ? stages[project.CurrentStage + 1] : null;
        var pair = await PairAsync(db, project, stage, actual, now, ct);
        var estimate = pair.Estimate;
        stage.Status = StageStatus.Closed;
        stage.ClosedAt = now;
        stage.EstimateAtClose = estimate;
        stage.Actual = actual;
        stage.ActualNote = actualNote;
        stage.Error = actual - estimate;
        stage.Note = Trimmed(input?.Note);
        var corrected = ServiceMonitoring.CorrectBaseline(stage.Baseline, estimate, actual, project.CorrectionGain);
        var correction = new StageCorrection
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            StageId = stage.Id,
            NextStageId = next?.Id,
            At = now,
            Estimate = estimate,
            Actual = actual,
            Error = actual - estimate,
            BaselineBefore = stage.Baseline,
            BaselineAfter = corrected,
            Kind = CorrectionKind.WeightsKept,
            WeightsVersion = stage.WeightsVersion,
            WeightsBefore = new Dictionary<string, double>(stage.Weights, StringComparer.Ordinal),
            WeightsAfter = new Dictionary<string, double>(stage.Weights, StringComparer.Ordinal),
        };
        if (next is null)
        {
            project.Status = ProjectStatus.Completed;
            project.CompletedAt = now;
            project.CurrentStage = stages.Count;
            project.UpdatedAt = now;
            project.Version = Guid.NewGuid();
        }
        else
        {
            var keys = next.Factors.Select(f => f.Key).ToList();
            var savedPairs = await db.CalibrationPairs.AsNoTracking().Where(p => p.ProjectId == project.Id).ToListAsync(ct);
            var pairs = savedPairs.Append(pair).Where(p => keys.All(p.Scores.ContainsKey)).OrderBy(p => p.At).ToList();
            correction.Pairs = pairs.Count;
            var configured = next.Factors.ToDictionary(f => f.Key, f => f.Weight, StringComparer.Ordinal);
            if (pairs.Count >= project.MinimumPairs)
            {
                var fit = SimplexLeastSquares.Fit(
                    [.. pairs.Select(p => (IReadOnlyList<double>)[.. keys.Select(k => p.Scores[k])])],
                    [.. pairs.Select(p => p.Actual)]);
                next.Weights = keys.Select((k, i) => (k, fit.Weights[i])).ToDictionary(x => x.k, x => x.Item2, StringComparer.Ordinal);
                next.WeightsVersion = stages.Max(s => s.WeightsVersion) + 1;
                correction.Kind = CorrectionKind.WeightsEstimated;
                correction.FitError = fit.Rmse;
            }
            else
            {
                next.Weights = configured;
            }
            correction.WeightsVersion = next.WeightsVersion;
            correction.WeightsAfter = new Dictionary<string, double>(next.Weights, StringComparer.Ordinal);
            next.Baseline = corrected;
            next.Warning = corrected - project.WarningMargin;
            next.Status = StageStatus.Active;
            next.StartedAt = now;
            project.CurrentStage = next.Index;
            var rules = new Lazy<Task<CaseRules>>(() => CaseRules.LoadAsync(db, organisationId, ct));
            await RecomputeAsync(db, project, next, null, rules, now, ct);
        }
        db.StageCorrections.Add(correction);
        Audit(db, organisationId, actor, now, Actions.CloseStage, project.Id, new()
        {
            ["stage"] = stage.Index,
            ["kind"] = correction.Kind.ToString(),
            ["weightsVersion"] = correction.WeightsVersion,
        });
        await db.SaveChangesAsync(ct);
        return MonitorOutcome.Done<StageCorrection>(correction);
    }

    /// <summary>Cancels an active project: no more readings; kept for the record.</summary>
    public static async Task<MonitorOutcome<ServiceProject>> CancelAsync(ManyiDbContext db, Guid organisationId, IReadOnlySet<Guid>? visibleUnits,
        CaseActor actor, Guid projectId, CancelInput? input, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var project = await FindAsync(db, organisationId, visibleUnits, projectId, ct);
        if (project is null)
        {
            return MonitorOutcome.NotFound<ServiceProject>();
        }
        if (input?.Note is { Length: > NoteLength })
        {
            return MonitorOutcome.Invalid<ServiceProject>("note", $"the note has at most {NoteLength} characters");
        }
        if (project.Status != ProjectStatus.Active)
        {
            return MonitorOutcome.Refuse<ServiceProject>("the project is already " + project.Status.ToString().ToLowerInvariant());
        }
        project.Status = ProjectStatus.Cancelled;
        project.CompletedAt = now;
        project.UpdatedAt = now;
        project.Version = Guid.NewGuid();
        Audit(db, organisationId, actor, now, Actions.Cancel, project.Id, new() { ["stage"] = project.CurrentStage });
        await db.SaveChangesAsync(ct);
        return MonitorOutcome.Done<ServiceProject>(project);
    }

    /// <summary>A on 0–100 from the input (a number, a scale answer or a response of the customer) and where it came from.</summary>
    private static async Task<(double Actual, string? Note, Dictionary<string, string[]>? Errors)> ActualAsync(ManyiDbContext db, ServiceProject project,
        ActualInput? input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        input ??= new ActualInput();
        double actual = 0;
        string? note = null;
        if (input.Note is { Length: > NoteLength })
        {
            errors["note"] = [$"the note has at most {NoteLength} characters"];
        }
        if (input.ResponseId is { } responseId)
        {
            if (input.Value is not null)
            {
                errors["value"] = ["give a value or a responseId, not both"];
            }
            var scaled = await ResponseOutcomeAsync(db, project.OrganisationId, project.CustomerId, responseId, ct);
            if (scaled is null)
            {
                errors["responseId"] = ["no complete response of this customer with an overall satisfaction answer"];
            }
            else
            {
                actual = scaled.Value;
                note = "response " + responseId.ToString("D", CultureInfo.InvariantCulture);
            }
        }
        else if (input.Value is not { } value || !double.IsFinite(value))
        {
            errors["value"] = ["give the actual satisfaction on 0–100, an answer with its scale, or a responseId"];
        }
        else if (input.ScaleMin is not null || input.ScaleMax is not null)
        {
            if (input.ScaleMin is not { } min || input.ScaleMax is not { } max || !double.IsFinite(min) || !double.IsFinite(max) || min >= max)
            {
                errors["scaleMax"] = ["give the scale's lowest and highest points (scaleMin < scaleMax)"];
            }
            else if (value < min || value > max)
            {
                errors["value"] = ["the answer is outside the scale"];
            }
            else
            {
                actual = ServiceMonitoring.Score(value, min, max);
                note = string.Create(CultureInfo.InvariantCulture, $"pulse answer {value:0.##} on {min:0.##}–{max:0.##}");
            }
        }
        else if (value is < 0 or > 100)
        {
            errors["value"] = ["the actual satisfaction is 0–100"];
        }
        else
        {
            actual = value;
            note = "entered";
        }
        var text = Trimmed(input.Note);
        if (text is not null && note is not null && input.ResponseId is null && input.ScaleMin is null)
        {
            note = "entered: " + text;
        }
        return errors.Count > 0 ? (0, null, errors) : (actual, note, null);
    }

    // ---------------------------------------------------------------- outcomes of responses

    /// <summary>The overall satisfaction of one complete response of the customer, scaled to 0–100, or null.</summary>
    public static async Task<double?> ResponseOutcomeAsync(ManyiDbContext db, Guid organisationId, Guid customerId, Guid responseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var values = await OutcomesAsync(db, db.Responses.Where(r => r.Id == responseId && r.OrganisationId == organisationId && r.CustomerId == customerId), ct);
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>The overall satisfaction (<see cref="WaveRoles.Outcome"/>) of the complete responses, each scaled to 0–100 from its scale.</summary>
    private static async Task<List<double>> OutcomesAsync(ManyiDbContext db, IQueryable<Response> responses, CancellationToken ct)
    {
        var rows = await responses.AsNoTracking().Where(r => r.Status == ResponseStatus.Complete)
            .Select(r => new { r.QuestionnaireVersionId, r.Answers }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var versionIds = rows.Select(r => r.QuestionnaireVersionId).Distinct().ToList();
        var definitions = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Definition }).ToListAsync(ct);
        var cells = definitions.ToDictionary(d => d.Id, d => WaveRoles.Outcome(d.Definition));
        var values = new List<double>();
        foreach (var row in rows)
        {
            if (cells.GetValueOrDefault(row.QuestionnaireVersionId) is { Min: { } min, Max: { } max } cell && max > min
                && row.Answers.TryGetValue(cell.Key, out var text)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                values.Add(ServiceMonitoring.Score(value, min, max));
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- helpers

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Audit(ManyiDbContext db, Guid organisationId, CaseActor actor, DateTimeOffset now, string action, Guid projectId,
        Dictionary<string, object?> details) =>
        db.AuditEntries.Add(new AuditEntry
        {
            OrganisationId = organisationId,
            ActorId = actor.Id,
            ActorName = actor.Name.Length <= 200 ? actor.Name : actor.Name[..200],
            Action = action,
            Subject = "project " + projectId.ToString("D", CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(details),
            At = now,
        });
}
