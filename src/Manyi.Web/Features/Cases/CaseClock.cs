using System.Globalization;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Jobs;
using Manyi.Web.Features.Waves;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Cases;

/// <summary>Settings of the case clock (<c>Manyi:Cases</c>).</summary>
public sealed class CaseClockOptions
{
    public const string Section = "Manyi:Cases";

    /// <summary>Seconds between two passes of the case clock (1..3600).</summary>
    public int ClockSeconds { get; set; } = 30;

    /// <summary>At most this many rows per step and page (responses, breaches, mails).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Responses submitted this many seconds before the cursor are checked again (a response committed late is not missed).</summary>
    public int AlertOverlapSeconds { get; set; } = 300;

    /// <summary>On the very first pass (no cursor yet), responses submitted this many hours back are checked.</summary>
    public int AlertLookbackHours { get; set; } = 24;
}

/// <summary>Checks <see cref="CaseClockOptions"/> at start.</summary>
public sealed class CaseClockOptionsValidation : IValidateOptions<CaseClockOptions>
{
    public ValidateOptionsResult Validate(string? name, CaseClockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ClockSeconds is < 1 or > 3600)
        {
            failures.Add("Manyi:Cases:ClockSeconds must be between 1 and 3600");
        }
        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Manyi:Cases:BatchSize must be between 1 and 10000");
        }
        if (options.AlertOverlapSeconds is < 0 or > 86_400)
        {
            failures.Add("Manyi:Cases:AlertOverlapSeconds must be between 0 and 86400");
        }
        if (options.AlertLookbackHours is < 0 or > 24 * 366)
        {
            failures.Add("Manyi:Cases:AlertLookbackHours must be between 0 and 8784");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What one pass of the case clock did (for tests and the log; counts only).</summary>
public sealed record ClockPass(bool Leased, int AlertCases, int FirstResponseBreaches, int ResolutionBreaches, int FollowUpsSent, int AutoClosed, int NoticesMailed)
{
    public static ClockPass NotLeased { get; } = new(false, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// The case clock (product.md M5): one pass opens cases from survey answers that trip alert rules, marks first-response and
/// resolution breaches (the latter escalates one level), sends follow-up survey links, closes resolved cases whose follow-up never
/// came, and mails pending notifications. All state is in the database: a restarted instance continues where the last pass
/// stopped. With several instances the pass runs where the lease <c>case-clock</c> is held, and each once-only change is
/// additionally won by a conditional update of its row inside a transaction, so nothing happens twice. Logs counts only.
/// </summary>
public sealed partial class CaseClock(IServiceScopeFactory scopes, IOptions<CaseClockOptions> options, IOptions<SmtpOptions> smtp,
    IConfiguration configuration, TimeProvider clock, ILogger<CaseClock> log, NotificationMailer? mailer = null, string? holder = null)
{
    public const string LeaseName = "case-clock";

    /// <summary>This instance's lease holder id: machine name and a random suffix.</summary>
    public string Holder { get; } = holder ?? JobLeaseStep.NewHolder();

    /// <summary>One pass; does nothing (and says so) when another instance holds the lease.</summary>
    public async Task<ClockPass> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = clock.GetUtcNow();
        if (!await JobLeaseStep.TryTakeAsync(db, LeaseName, Holder, now, TimeSpan.FromSeconds(Math.Max(60, settings.ClockSeconds * 4)), ct))
        {
            return ClockPass.NotLeased;
        }
        var alerts = await ScanAlertsAsync(db, settings, now, ct);
        var first = await FirstResponseBreachesAsync(db, settings, now, ct);
        var resolution = await ResolutionBreachesAsync(db, settings, now, ct);
        var followUps = await FollowUpMailsAsync(db, settings, now, ct);
        var closed = await AutoCloseAsync(db, settings, now, ct);
        var mailed = mailer is null ? 0 : await mailer.RunOnceAsync(ct);
        var pass = new ClockPass(true, alerts, first, resolution, followUps, closed, mailed);
        if (alerts + first + resolution + followUps + closed + mailed > 0)
        {
            Log.Pass(log, alerts, first, resolution, followUps, closed, mailed);
        }
        return pass;
    }

    // ---- 1. alert rules → cases ----

    private async Task<int> ScanAlertsAsync(ManyiDbContext db, CaseClockOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var cursorText = await db.JobLeases.AsNoTracking().Where(l => l.Name == LeaseName).Select(l => l.Cursor).FirstOrDefaultAsync(ct);
        var cursor = DateTimeOffset.TryParse(cursorText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var c) ? c : now.AddHours(-settings.AlertLookbackHours);
        var from = (cursor < now ? cursor : now).AddSeconds(-settings.AlertOverlapSeconds);
        if (!await db.AlertRules.AsNoTracking().AnyAsync(r => r.Active, ct))
        {
            await SaveCursorAsync(db, now, ct);
            return 0;
        }
        var context = new ScanContext();
        var opened = 0;
        var lastAt = from;
        List<Guid> boundary = [];
        var reachedEnd = false;
        for (var page = 0; page < 20; page++)
        {
            var at = lastAt;
            var seen = boundary;
            // Pages by submission time; responses at exactly the previous page's last time and already seen are left out.
            var query = db.Responses.AsNoTracking().Where(r => r.Status == ResponseStatus.Complete && r.SubmittedAt != null && r.SubmittedAt <= now);
            query = page == 0 ? query.Where(r => r.SubmittedAt > at) : query.Where(r => r.SubmittedAt >= at && !seen.Contains(r.Id));
            var batch = await query.OrderBy(r => r.SubmittedAt).Take(settings.BatchSize)
                .Select(r => new ScannedResponse(r.Id, r.OrganisationId, r.WaveId, r.QuestionnaireVersionId, r.CustomerId, r.UnitId, r.SubmittedAt!.Value, r.Answers))
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                reachedEnd = true;
                break;
            }
            var ids = batch.Select(r => r.Id).ToList();
            var done = (await db.Cases.AsNoTracking().Where(x => x.ResponseId != null && ids.Contains(x.ResponseId.Value)).Select(x => x.ResponseId!.Value).ToListAsync(ct)).ToHashSet();
            foreach (var response in batch.Where(r => !done.Contains(r.Id)))
            {
                if (await OpenAlertCaseAsync(db, context, response, now, ct))
                {
                    opened++;
                }
            }
            lastAt = batch[^1].SubmittedAt;
            boundary = [.. batch.Where(r => r.SubmittedAt == lastAt).Select(r => r.Id), .. page == 0 || at != lastAt ? [] : seen];
            if (batch.Count < settings.BatchSize)
            {
                reachedEnd = true;
                break;
            }
        }
        var newCursor = reachedEnd ? now : lastAt;
        if (newCursor > cursor || cursorText is null)
        {
            await SaveCursorAsync(db, newCursor, ct);
        }
        return opened;
    }

    private async Task SaveCursorAsync(ManyiDbContext db, DateTimeOffset cursor, CancellationToken ct)
    {
        var text = cursor.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var me = Holder;
        await db.JobLeases.Where(l => l.Name == LeaseName && l.Holder == me).ExecuteUpdateAsync(s => s.SetProperty(l => l.Cursor, text), ct);
    }

    /// <summary>Opens the one case of a response that trips rules; false when it trips none or another instance was first.</summary>
    private static async Task<bool> OpenAlertCaseAsync(ManyiDbContext db, ScanContext context, ScannedResponse response, DateTimeOffset now, CancellationToken ct)
    {
        var org = await context.OrganisationAsync(db, response.OrganisationId, ct);
        var definition = await context.DefinitionAsync(db, response.QuestionnaireVersionId, ct);
        if (definition is null || org.Rules.Count == 0)
        {
            return false;
        }
        var customer = response.CustomerId is { } cid
            ? await db.Customers.AsNoTracking().Where(x => x.Id == cid && x.OrganisationId == response.OrganisationId).Select(x => new { x.Id, x.UnitId }).FirstOrDefaultAsync(ct)
            : null;
        var unit = response.UnitId ?? customer?.UnitId
            ?? await db.Waves.AsNoTracking().Where(w => w.Id == response.WaveId).Select(w => w.UnitId).FirstOrDefaultAsync(ct)
            ?? org.RootUnit;
        if (unit is not { } unitId)
        {
            return false;
        }
        var path = org.UnitAndAncestors(unitId);
        var rules = org.Rules.Where(r => (r.WaveId is null || r.WaveId == response.WaveId) && (r.UnitId is null || path.Contains(r.UnitId.Value)));
        var trips = AlertCheck.Check(definition, response.Answers, rules);
        if (trips.Count == 0)
        {
            return false;
        }
        var first = trips[0].Rule;
        var reasons = trips.SelectMany(t => t.Reasons).ToList();
        // The rule's name is the people's label (e.g. "NPS 贬损者"); the reasons name the question and the value.
        var subject = Shorten(first.Name + ": " + string.Join("; ", reasons), CaseIntake.SubjectLength);
        var description = Shorten(string.Join("\n", trips.Select(t => t.Rule.Name + ": " + string.Join("; ", t.Reasons))), CaseIntake.TextLength);
        var request = new NewCase
        {
            Kind = CaseKind.Alert,
            Channel = "survey",
            Priority = first.Priority,
            CategoryId = first.CategoryId,
            CustomerId = customer?.Id,
            UnitId = unitId,
            Subject = subject,
            Description = description,
            ResponseId = response.Id,
            WaveId = response.WaveId,
            AlertRuleId = first.Id,
        };
        try
        {
            await CaseIntake.OpenAsync(db, response.OrganisationId, request, org.CaseRules, CaseActor.System, now, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index on Cases.ResponseId: another instance opened this response's case first.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    // ---- 2. and 3. SLA breaches ----

    private static async Task<int> FirstResponseBreachesAsync(ManyiDbContext db, CaseClockOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Cases.AsNoTracking()
            .Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress || c.Status == CaseStatus.WaitingForCustomer)
                && c.FirstRespondedAt == null && c.FirstResponseDueAt != null && c.FirstResponseDueAt <= now && c.FirstResponseBreachedAt == null)
            .OrderBy(c => c.FirstResponseDueAt).Take(settings.BatchSize).Select(c => c.Id).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            if (await OnceAsync(db, id,
                q => q.Where(c => c.FirstResponseBreachedAt == null && c.FirstRespondedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.FirstResponseBreachedAt, now), ct),
                async @case =>
                {
                    db.CaseEvents.Add(@case.FirstResponseBreached(now));
                    var rules = await CaseRules.LoadAsync(db, @case.OrganisationId, ct);
                    await CaseNotices.ToLevelAsync(db, @case, rules, NotificationKind.FirstResponseBreached, now, ct);
                }, ct))
            {
                count++;
            }
        }
        return count;
    }

    private static async Task<int> ResolutionBreachesAsync(ManyiDbContext db, CaseClockOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Cases.AsNoTracking()
            .Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress)
                && c.ResolutionDueAt != null && c.ResolutionDueAt <= now && c.ResolutionBreachedAt == null)
            .OrderBy(c => c.ResolutionDueAt).Take(settings.BatchSize).Select(c => c.Id).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            if (await OnceAsync(db, id,
                q => q.Where(c => c.ResolutionBreachedAt == null && (c.Status == CaseStatus.New || c.Status == CaseStatus.InProgress) && c.ResolutionDueAt <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ResolutionBreachedAt, now), ct),
                async @case =>
                {
                    db.CaseEvents.Add(@case.ResolutionBreached(now));
                    var rules = await CaseRules.LoadAsync(db, @case.OrganisationId, ct);
                    await CaseIntake.EscalateAsync(db, @case, EscalationReason.Overdue, rules, CaseActor.System, now, ct);
                }, ct))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Wins the case row by <paramref name="claim"/> (a conditional update: 1 row = ours) and applies <paramref name="change"/> in the
    /// same transaction, so the change and its history and notices are stored exactly once: a second instance's claim waits for
    /// the first's commit and then finds nothing to update.
    /// </summary>
    private static async Task<bool> OnceAsync(ManyiDbContext db, Guid id, Func<IQueryable<Case>, Task<int>> claim, Func<Case, Task> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (await claim(db.Cases.Where(c => c.Id == id)) == 0)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
            var @case = await db.Cases.FirstAsync(c => c.Id == id, ct);
            await change(@case);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent change of the case (its version moved): nothing is stored; the next pass looks again.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    // ---- 4. follow-up survey mails ----

    private async Task<int> FollowUpMailsAsync(ManyiDbContext db, CaseClockOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var mail = smtp.Value;
        if (!mail.Enabled)
        {
            return 0;
        }
        var candidates = await (from x in db.Cases.AsNoTracking()
                                join cu in db.Customers on x.CustomerId equals cu.Id
                                where x.Status == CaseStatus.Resolved && x.FollowUpToken != null && x.FollowUpSentAt == null && x.ResolvedAt != null
                                    && x.ResolvedAt <= now && cu.Email != null && cu.Email != ""
                                orderby x.ResolvedAt
                                select new FollowUpWork(x.Id, x.OrganisationId, x.Number, x.FollowUpToken!, x.ResolvedAt!.Value, cu.Name, cu.Email!))
            .Take(settings.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }
        var delays = new Dictionary<Guid, int>();
        foreach (var org in candidates.Select(c => c.OrganisationId).Distinct())
        {
            delays[org] = await db.CaseSettings.AsNoTracking().Where(s => s.OrganisationId == org).Select(s => (int?)s.FollowUpDelayHours).FirstOrDefaultAsync(ct) ?? 0;
        }
        var due = candidates.Where(c => c.ResolvedAt.AddHours(delays[c.OrganisationId]) <= now).ToList();
        if (due.Count == 0)
        {
            return 0;
        }
        var baseUrl = PublicUrls.Configured(configuration) ?? "http://localhost";
        await using var sender = await MailSender.ConnectAsync(mail, baseUrl, ct);
        if (sender is null)
        {
            Log.SmtpUnavailable(log);
            return 0;
        }
        var sent = 0;
        foreach (var work in due)
        {
            var token = work.Token;
            var claimed = await db.Cases.Where(c => c.Id == work.Id && c.FollowUpSentAt == null && c.FollowUpToken == token && c.Status == CaseStatus.Resolved)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FollowUpSentAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }
            var failure = await sender.SendAsync(FollowUpMessages.Build(mail, work.Email, work.Name, work.Number, baseUrl + "/f/" + token), ct);
            if (failure is not null)
            {
                // Not sent: release the claim so the next pass tries again.
                await db.Cases.Where(c => c.Id == work.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FollowUpSentAt, (DateTimeOffset?)null), ct);
                Log.FollowUpFailed(log, work.Id, failure);
                if (!sender.Connected)
                {
                    break;
                }
                continue;
            }
            db.ChangeTracker.Clear();
            var @case = await db.Cases.FirstAsync(c => c.Id == work.Id, ct);
            db.CaseEvents.Add(@case.FollowUpSent(now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
            sent++;
        }
        return sent;
    }

    // ---- 5. auto-close ----

    private static async Task<int> AutoCloseAsync(ManyiDbContext db, CaseClockOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        var orgs = await db.CaseSettings.AsNoTracking().Select(s => new { s.OrganisationId, s.AutoCloseDays }).ToDictionaryAsync(s => s.OrganisationId, s => s.AutoCloseDays, ct);
        var defaultDays = new CaseSettings().AutoCloseDays;
        // The earliest limit any organisation could have; each case is then checked against its own organisation's.
        var positive = orgs.Values.Where(d => d > 0).ToList();
        var shortest = positive.Count == 0 ? defaultDays : Math.Min(defaultDays, positive.Min());
        var limit = now.AddDays(-shortest);
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Resolved && c.FollowUpAt == null && c.ResolvedAt != null && c.ResolvedAt <= limit)
            .OrderBy(c => c.ResolvedAt).Take(settings.BatchSize).Select(c => new { c.Id, c.OrganisationId, ResolvedAt = c.ResolvedAt!.Value }).ToListAsync(ct);
        var count = 0;
        foreach (var candidate in candidates)
        {
            var days = orgs.TryGetValue(candidate.OrganisationId, out var d) ? d : defaultDays;
            if (days <= 0 || candidate.ResolvedAt.AddDays(days) > now)
            {
                continue;
            }
            db.ChangeTracker.Clear();
            var @case = await db.Cases.FirstAsync(c => c.Id == candidate.Id, ct);
            var change = @case.Close(string.Create(CultureInfo.InvariantCulture, $"closed automatically: no follow-up within {days} days"), CaseActor.System, now);
            if (change.Refused)
            {
                continue;
            }
            db.CaseEvents.AddRange(change.Events);
            try
            {
                // The case's version guards it: if another instance or a user changed it meanwhile, this save fails and nothing is stored.
                await db.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }
        return count;
    }

    private sealed record ScannedResponse(Guid Id, Guid OrganisationId, Guid WaveId, Guid QuestionnaireVersionId, Guid? CustomerId, Guid? UnitId,
        DateTimeOffset SubmittedAt, Dictionary<string, string> Answers);

    private sealed record FollowUpWork(Guid Id, Guid OrganisationId, string Number, string Token, DateTimeOffset ResolvedAt, string Name, string Email);

    /// <summary>An organisation's active rules, unit tree and case rules, read once per pass.</summary>
    private sealed record OrganisationScan(IReadOnlyList<AlertRule> Rules, Dictionary<Guid, Guid?> Parents, Guid? RootUnit, CaseRules CaseRules)
    {
        public List<Guid> UnitAndAncestors(Guid unit) => Hierarchy.PathUp(unit, Parents);
    }

    private sealed class ScanContext
    {
        private readonly Dictionary<Guid, OrganisationScan> _orgs = [];
        private readonly Dictionary<Guid, QuestionnaireDefinition?> _definitions = [];

        public async Task<OrganisationScan> OrganisationAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
        {
            if (!_orgs.TryGetValue(organisationId, out var scan))
            {
                var rules = await db.AlertRules.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.Active).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
                var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
                var caseRules = await CaseRules.LoadAsync(db, organisationId, ct);
                _orgs[organisationId] = scan = new OrganisationScan(rules, units.ToDictionary(u => u.Id, u => u.ParentId),
                    units.Where(u => u.ParentId == null).Select(u => (Guid?)u.Id).FirstOrDefault(), caseRules);
            }
            return scan;
        }

        public async Task<QuestionnaireDefinition?> DefinitionAsync(ManyiDbContext db, Guid versionId, CancellationToken ct)
        {
            if (!_definitions.TryGetValue(versionId, out var definition))
            {
                _definitions[versionId] = definition = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Definition).FirstOrDefaultAsync(ct);
            }
            return definition;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6101, LogLevel.Information, "Case clock pass: {Alerts} alert cases, {FirstResponse} first-response breaches, {Resolution} resolution breaches, {FollowUps} follow-ups sent, {Closed} auto-closed, {Mailed} notices mailed")]
        public static partial void Pass(ILogger logger, int alerts, int firstResponse, int resolution, int followUps, int closed, int mailed);

        [LoggerMessage(6102, LogLevel.Warning, "Case clock: cannot reach the SMTP server; follow-up links wait for the next pass")]
        public static partial void SmtpUnavailable(ILogger logger);

        [LoggerMessage(6103, LogLevel.Warning, "Case clock: follow-up mail of case {CaseId} failed: {Reason}")]
        public static partial void FollowUpFailed(ILogger logger, Guid caseId, string reason);
    }
}
