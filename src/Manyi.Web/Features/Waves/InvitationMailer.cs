using Manyi.Core.Collection;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Manyi.Web.Features.Waves;

/// <summary>
/// SMTP settings (<c>Manyi:Smtp</c>). Without <see cref="Host"/> e-mail is off: invitations of channel email wait as Pending and
/// <c>GET /api/v1/waves/mail</c> says so. When set, the settings are checked when the server starts.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Manyi:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>TLS: implicit on port 465, STARTTLS otherwise.</summary>
    public bool UseTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? From { get; set; }

    public string? FromName { get; set; }

    /// <summary>Seconds between two passes of the mailer.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>At most this many invitations and this many reminders per pass.</summary>
    public int BatchSize { get; set; } = 200;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Checks <see cref="SmtpOptions"/> at start when e-mail is configured (and that links can be absolute: <c>Manyi:PublicBaseUrl</c>).</summary>
public sealed class SmtpOptionsValidation(IConfiguration configuration) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add("Manyi:Smtp:Port must be between 1 and 65535");
        }
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add("Manyi:Smtp:From must be the sender's e-mail address when Manyi:Smtp:Host is set");
        }
        if (options.IntervalSeconds is < 1 or > 86_400)
        {
            failures.Add("Manyi:Smtp:IntervalSeconds must be between 1 and 86400 (a day)");
        }
        if (options.BatchSize < 1)
        {
            failures.Add("Manyi:Smtp:BatchSize must be at least 1");
        }
        var baseUrl = PublicUrls.Configured(configuration);
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Manyi:PublicBaseUrl must be the absolute http(s) address respondents reach when e-mail is on (links in e-mails are absolute)");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What one mailer pass did.</summary>
public sealed record MailerPass(int Sent, int Failed, int Reminders);

/// <summary>
/// Sends Pending e-mail invitations of open waves and the reminders that are due (product.md M4). All state is in the database,
/// so a restart loses nothing; each row is claimed by a conditional update (Pending → Sent; reminder count n → n + 1) before its
/// e-mail goes out, so with several instances no e-mail is sent twice (at most once: a crash after the claim loses that e-mail
/// rather than repeating it). Never logs addresses or names.
/// </summary>
public sealed partial class InvitationMailer(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, IConfiguration configuration, TimeProvider clock, ILogger<InvitationMailer> log)
{
    /// <summary>One pass: invitations, then reminders. Does nothing when e-mail is off.</summary>
    public async Task<MailerPass> RunOnceAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.Enabled)
        {
            return new MailerPass(0, 0, 0);
        }
        var baseUrl = PublicUrls.Configured(configuration) ?? "http://localhost";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = clock.GetUtcNow();
        var waves = await db.Waves.AsNoTracking()
            .Where(w => w.Status == WaveStatus.Open)
            .Select(w => new WaveInfo(w.Id, w.QuestionnaireVersionId, w.ClosesAt, w.ReminderAfterDays, w.MaxReminders))
            .ToListAsync(ct);
        waves = waves.Where(w => w.ClosesAt is null || w.ClosesAt > now).ToList();
        if (waves.Count == 0)
        {
            return new MailerPass(0, 0, 0);
        }
        var waveIds = waves.Select(w => w.Id).ToList();
        var pending = await db.Invitations.AsNoTracking()
            .Where(i => waveIds.Contains(i.WaveId) && i.Channel == InvitationChannel.Email && i.Status == InvitationStatus.Pending)
            .OrderBy(i => i.CreatedAt).Take(smtp.BatchSize)
            .Select(i => new Work(i.Id, i.WaveId, i.CustomerId, i.Token, i.RemindersSent)).ToListAsync(ct);
        var reminders = new List<Work>();
        foreach (var wave in waves.Where(w => w.ReminderAfterDays is not null && w.MaxReminders > 0))
        {
            var due = now.AddDays(-wave.ReminderAfterDays!.Value);
            var max = wave.MaxReminders;
            reminders.AddRange(await db.Invitations.AsNoTracking()
                .Where(i => i.WaveId == wave.Id && i.Channel == InvitationChannel.Email
                    && (i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Started)
                    && i.RemindersSent < max && i.SentAt != null && (i.LastReminderAt ?? i.SentAt) <= due)
                .OrderBy(i => i.SentAt).Take(smtp.BatchSize)
                .Select(i => new Work(i.Id, i.WaveId, i.CustomerId, i.Token, i.RemindersSent)).ToListAsync(ct));
        }
        if (pending.Count == 0 && reminders.Count == 0)
        {
            return new MailerPass(0, 0, 0);
        }

        var customerIds = pending.Concat(reminders).Select(w => w.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Email, c.Attributes }).ToDictionaryAsync(c => c.Id, ct);
        var versionIds = waves.Select(w => w.QuestionnaireVersionId).Distinct().ToList();
        var titles = await db.QuestionnaireVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Definition.Title, ct);
        var waveById = waves.ToDictionary(w => w.Id);

        await using var sender = await MailSender.ConnectAsync(smtp, baseUrl, ct);
        if (sender is null)
        {
            // Nothing was claimed: the invitations stay Pending for the next pass.
            Log.ConnectFailed(log);
            return new MailerPass(0, 0, 0);
        }

        int sent = 0, failed = 0, reminded = 0;
        foreach (var work in pending)
        {
            // Claim: only the instance whose update changes the row sends the e-mail.
            var claimed = await db.Invitations.Where(i => i.Id == work.Id && i.Status == InvitationStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Sent).SetProperty(i => i.SentAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }
            var failure = await SendAsync(sender, smtp, baseUrl, work, customers.GetValueOrDefault(work.CustomerId) is { } c ? (c.Name, c.Email, c.Attributes) : null,
                titles.GetValueOrDefault(waveById[work.WaveId].QuestionnaireVersionId), reminder: false, ct);
            if (failure is null)
            {
                sent++;
                continue;
            }
            failed++;
            await db.Invitations.Where(i => i.Id == work.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Failed).SetProperty(i => i.FailureReason, failure), ct);
            if (!sender.Connected)
            {
                return new MailerPass(sent, failed, reminded);
            }
        }
        foreach (var work in reminders)
        {
            var claimed = await db.Invitations.Where(i => i.Id == work.Id && i.RemindersSent == work.RemindersSent)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindersSent, work.RemindersSent + 1).SetProperty(i => i.LastReminderAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }
            var failure = await SendAsync(sender, smtp, baseUrl, work, customers.GetValueOrDefault(work.CustomerId) is { } c ? (c.Name, c.Email, c.Attributes) : null,
                titles.GetValueOrDefault(waveById[work.WaveId].QuestionnaireVersionId), reminder: true, ct);
            if (failure is null)
            {
                reminded++;
            }
            else
            {
                Log.ReminderFailed(log, work.Id, failure);
                if (!sender.Connected)
                {
                    break;
                }
            }
        }
        Log.Pass(log, sent, failed, reminded);
        return new MailerPass(sent, failed, reminded);
    }

    /// <summary>Sends one e-mail; null when accepted by the server, else a reason without personal data.</summary>
    private static async Task<string?> SendAsync(MailSender sender, SmtpOptions smtp, string baseUrl, Work work,
        (string Name, string? Email, Dictionary<string, string> Attributes)? customer, Manyi.Core.Surveys.LocalText? title, bool reminder, CancellationToken ct)
    {
        if (customer is not { } c || string.IsNullOrWhiteSpace(c.Email) || !MailboxAddress.TryParse(c.Email, out var to))
        {
            return "no usable e-mail address";
        }
        var english = c.Attributes.TryGetValue("language", out var language) && language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var message = InvitationMessages.Build(smtp, to, c.Name, english, title, baseUrl + "/s/" + work.Token, reminder);
        return await sender.SendAsync(message, ct);
    }

    private sealed record WaveInfo(Guid Id, Guid QuestionnaireVersionId, DateTimeOffset? ClosesAt, int? ReminderAfterDays, int MaxReminders);

    private sealed record Work(Guid Id, Guid WaveId, Guid CustomerId, string Token, int RemindersSent);

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Warning, "Mailer: cannot reach the SMTP server; the invitations stay pending")]
        public static partial void ConnectFailed(ILogger logger);

        [LoggerMessage(5102, LogLevel.Warning, "Mailer: reminder of invitation {InvitationId} failed: {Reason}")]
        public static partial void ReminderFailed(ILogger logger, Guid invitationId, string reason);

        [LoggerMessage(5103, LogLevel.Information, "Mailer pass: {Sent} invitations sent, {Failed} failed, {Reminders} reminders")]
        public static partial void Pass(ILogger logger, int sent, int failed, int reminders);
    }
}

/// <summary>The texts of invitation and reminder e-mails, in Chinese (default) or English per the customer's <c>language</c> attribute.</summary>
public static class InvitationMessages
{
    public static MimeMessage Build(SmtpOptions smtp, MailboxAddress to, string name, bool english, Manyi.Core.Surveys.LocalText? title, string url, bool reminder)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName ?? "Manyi", smtp.From ?? string.Empty));
        message.To.Add(to);
        var survey = title is null ? (english ? "our customer survey" : "客户满意度调查") : english ? (title.En ?? title.Zh) : title.Zh;
        if (english)
        {
            message.Subject = (reminder ? "Reminder: " : string.Empty) + survey;
            message.Body = new TextPart("plain")
            {
                Text = $"Dear {name},\n\n"
                    + (reminder ? "A short reminder: we would still value your opinion.\n\n" : "We would value your opinion on our service.\n\n")
                    + $"Please answer our survey \"{survey}\" here (it takes a few minutes):\n{url}\n\n"
                    + "This link is personal; please do not forward it.\n",
            };
        }
        else
        {
            message.Subject = (reminder ? "提醒：" : string.Empty) + survey;
            message.Body = new TextPart("plain")
            {
                Text = $"尊敬的{name}：\n\n"
                    + (reminder ? "温馨提醒：我们仍然非常希望听到您的意见。\n\n" : "我们诚挚邀请您对我们的服务进行评价。\n\n")
                    + $"请点击以下链接参加“{survey}”（约需几分钟）：\n{url}\n\n"
                    + "此链接为您个人专用，请勿转发。\n",
            };
        }
        return message;
    }
}

/// <summary>Runs <see cref="InvitationMailer.RunOnceAsync"/> every <see cref="SmtpOptions.IntervalSeconds"/> on the injected clock.</summary>
public sealed partial class InvitationMailerService(InvitationMailer mailer, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<InvitationMailerService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await mailer.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException)
            {
                Log.PassFailed(log, e.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5104, LogLevel.Error, "Mailer pass failed ({Error}); it runs again at the next interval")]
        public static partial void PassFailed(ILogger logger, string error);
    }
}
