using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Jobs;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Manyi.Web.Features.Reports;

/// <summary>Settings of the report scheduler (<c>Manyi:Reports</c>).</summary>
public sealed class ReportSchedulerOptions
{
    public const string Section = "Manyi:Reports";

    /// <summary>Seconds between two passes of the scheduler (1..3600).</summary>
    public int SchedulerSeconds { get; set; } = 60;

    /// <summary>At most this many due definitions per pass.</summary>
    public int BatchSize { get; set; } = 20;
}

/// <summary>Checks <see cref="ReportSchedulerOptions"/> at start.</summary>
public sealed class ReportSchedulerOptionsValidation : IValidateOptions<ReportSchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportSchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SchedulerSeconds is < 1 or > 3600)
        {
            failures.Add("Manyi:Reports:SchedulerSeconds must be between 1 and 3600");
        }
        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Manyi:Reports:BatchSize must be between 1 and 1000");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Generates a report file for a viewer (<see cref="ReportFiles.RenderAsync"/>; tests pass their own).</summary>
public delegate Task<ReportFile?> ReportRenderer(IServiceProvider services, Viewer viewer, ReportRequest request, ReportFormat format, CancellationToken ct);

/// <summary>What one pass of the scheduler did (counts only).</summary>
public sealed record SchedulerPass(bool Leased, int Sent, int Failed)
{
    public static SchedulerPass NotLeased { get; } = new(false, 0, 0);
}

/// <summary>
/// Sends scheduled reports (product.md M9). One pass, where the database lease <c>report-scheduler</c> is held, picks enabled
/// definitions whose <see cref="ReportDefinition.NextRunAt"/> has come, claims each by a conditional update of NextRunAt to its
/// next run (so two instances never send one run twice, and a failed run is still followed by the next), generates the report as
/// the definition's creator sees the data, mails it to the recipients as an attachment with a link to the printable page, and
/// records LastRunAt and LastOutcome ("sent" or the reason). Logs ids and counts only.
/// </summary>
public sealed partial class ReportScheduler(IServiceScopeFactory scopes, IOptions<ReportSchedulerOptions> options, IOptions<SmtpOptions> smtp,
    IConfiguration configuration, TimeProvider clock, ILogger<ReportScheduler> log, ReportRenderer? render = null, string? holder = null)
{
    public const string LeaseName = "report-scheduler";

    /// <summary>The outcome recorded when the report went out.</summary>
    public const string Sent = "sent";

    private readonly ReportRenderer _render = render ?? ReportFiles.RenderAsync;

    /// <summary>This instance's lease holder id: machine name and a random suffix.</summary>
    public string Holder { get; } = holder ?? JobLeaseStep.NewHolder();

    /// <summary>One pass; does nothing when another instance holds the lease.</summary>
    public async Task<SchedulerPass> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = clock.GetUtcNow();
        if (!await JobLeaseStep.TryTakeAsync(db, LeaseName, Holder, now, TimeSpan.FromSeconds(Math.Max(120, settings.SchedulerSeconds * 4)), ct))
        {
            return SchedulerPass.NotLeased;
        }
        var due = await db.ReportDefinitions.AsNoTracking()
            .Where(d => d.Enabled && d.NextRunAt != null && d.NextRunAt <= now)
            .OrderBy(d => d.NextRunAt).Take(settings.BatchSize).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var definition in due)
        {
            var previous = definition.NextRunAt;
            var next = ReportSchedule.Next(definition, now);
            var id = definition.Id;
            var claimed = await db.ReportDefinitions.Where(d => d.Id == id && d.Enabled && d.NextRunAt == previous)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextRunAt, next), ct);
            if (claimed == 0)
            {
                continue;
            }
            var outcome = await SendAsync(scope.ServiceProvider, db, definition, now, ct);
            if (outcome == Sent)
            {
                sent++;
            }
            else
            {
                failed++;
            }
        }
        if (sent + failed > 0)
        {
            Log.Pass(log, sent, failed);
        }
        return new SchedulerPass(true, sent, failed);
    }

    /// <summary>Sends one definition now (the "send now" button), outside its schedule; returns the outcome, or null when it does
    /// not exist in the organisation.</summary>
    public async Task<string?> SendNowAsync(Guid organisationId, Guid definitionId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var definition = await db.ReportDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionId && d.OrganisationId == organisationId, ct);
        return definition is null ? null : await SendAsync(scope.ServiceProvider, db, definition, clock.GetUtcNow(), ct);
    }

    /// <summary>Generates, mails and records one run; never throws for a failing report or mail server.</summary>
    private async Task<string> SendAsync(IServiceProvider services, ManyiDbContext db, ReportDefinition definition, DateTimeOffset now, CancellationToken ct)
    {
        var outcome = await TrySendAsync(services, db, definition, ct);
        var id = definition.Id;
        var recorded = Shorten(outcome, 500);
        await db.ReportDefinitions.Where(d => d.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastRunAt, now).SetProperty(d => d.LastOutcome, recorded), ct);
        if (outcome != Sent)
        {
            Log.RunFailed(log, id, recorded);
        }
        return outcome;
    }

    private async Task<string> TrySendAsync(IServiceProvider services, ManyiDbContext db, ReportDefinition definition, CancellationToken ct)
    {
        var mail = smtp.Value;
        if (!mail.Enabled)
        {
            return "failed: e-mail is not configured (Manyi:Smtp:Host)";
        }
        if (definition.Recipients.Count == 0)
        {
            return "failed: no recipients";
        }
        var viewer = await Viewer.ForUserAsync(db, definition.OrganisationId, definition.CreatedById, ct);
        if (viewer is null)
        {
            return "failed: the user the report runs as no longer exists";
        }
        ReportFile? file;
        try
        {
            file = await _render(services, viewer, RequestOf(definition), definition.Format, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "failed: the report could not be generated (" + e.GetType().Name + ")";
        }
        if (file is null)
        {
            return "failed: the wave or unit of the report no longer exists or is not visible to its creator";
        }
        var baseUrl = PublicUrls.Configured(configuration) ?? "http://localhost";
        await using var sender = await MailSender.ConnectAsync(mail, baseUrl, ct);
        if (sender is null)
        {
            return "failed: the mail server could not be reached";
        }
        var failure = await sender.SendAsync(Build(mail, definition, file, baseUrl), ct);
        return failure is null ? Sent : "failed: " + failure;
    }

    /// <summary>The report request a definition stands for.</summary>
    public static ReportRequest RequestOf(ReportDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ReportRequest(definition.Kind, definition.WaveId, definition.UnitId, definition.Segment, definition.PeriodFrom, definition.PeriodTo, definition.Culture);
    }

    /// <summary>The printable page of a definition's report (relative to the public base).</summary>
    public static string PagePath(ReportDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var path = definition.Kind switch
        {
            ReportKind.Wave => $"/reports/wave/{definition.WaveId}",
            ReportKind.UnitComparison => $"/reports/units/{definition.WaveId}",
            _ => "/reports/summary",
        };
        var query = new List<string>();
        if (definition.Kind == ReportKind.SurveySummary && definition.WaveId is { } wave)
        {
            query.Add("waveId=" + wave.ToString("D", CultureInfo.InvariantCulture));
        }
        if (definition.UnitId is { } unit)
        {
            query.Add("unitId=" + unit.ToString("D", CultureInfo.InvariantCulture));
        }
        if (!string.IsNullOrEmpty(definition.Segment))
        {
            query.Add("segment=" + Uri.EscapeDataString(definition.Segment));
        }
        if (definition.PeriodFrom is { } from)
        {
            query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (definition.PeriodTo is { } to)
        {
            query.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        query.Add("lang=" + Uri.EscapeDataString(definition.Culture));
        return path + "?" + string.Join('&', query);
    }

    private static MimeMessage Build(SmtpOptions mail, ReportDefinition definition, ReportFile file, string baseUrl)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.FromName ?? "Manyi", mail.From!));
        foreach (var recipient in definition.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }
        var chinese = definition.Culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        message.Subject = (chinese ? "定期报告：" : "Scheduled report: ") + definition.Name;
        var link = baseUrl + PagePath(definition);
        var text = chinese
            ? $"附件是报告“{definition.Name}”（{file.FileName}），按生成时的数据计算。\n可打印的网页版：{link}\n\nThe report \"{definition.Name}\" is attached. Printable page: {link}\n"
            : $"The report \"{definition.Name}\" is attached ({file.FileName}), computed from the data at the time it was generated.\nPrintable page: {link}\n";
        var body = new BodyBuilder { TextBody = text };
        body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];

    private static partial class Log
    {
        [LoggerMessage(9101, LogLevel.Information, "Report scheduler: {Sent} reports sent, {Failed} failed")]
        public static partial void Pass(ILogger logger, int sent, int failed);

        [LoggerMessage(9102, LogLevel.Warning, "Scheduled report {DefinitionId} was not sent: {Outcome}")]
        public static partial void RunFailed(ILogger logger, Guid definitionId, string outcome);
    }
}

/// <summary>Runs <see cref="ReportScheduler.RunOnceAsync"/> every <see cref="ReportSchedulerOptions.SchedulerSeconds"/> on the injected clock.</summary>
public sealed class ReportSchedulerService(ReportScheduler scheduler, IOptions<ReportSchedulerOptions> options, TimeProvider clock, ILogger<ReportSchedulerService> log)
    : PeriodicJobService(clock, log)
{
    protected override string JobName => ReportScheduler.LeaseName;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.SchedulerSeconds);

    protected override Task RunPassAsync(CancellationToken ct) => scheduler.RunOnceAsync(ct);
}
