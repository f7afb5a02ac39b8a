using System.Globalization;
using System.Resources;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Waves;
using Manyi.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Manyi.Web.Features.Cases;

/// <summary>
/// E-mails pending in-app notifications (product.md M5: "notifications in the app and by e-mail") to users who have an address,
/// when SMTP is configured (<see cref="SmtpOptions"/>). Each notice is claimed by a conditional update (attempt n → n + 1 and
/// EmailedAt set) before it is sent, so no notice is mailed twice with several instances; a failed send releases EmailedAt and
/// is tried again, at most <see cref="MaxAttempts"/> times. The text is the case vocabulary's <c>Notice.&lt;Kind&gt;</c> in
/// Chinese, then English, with a link to the case. Logs counts and ids only.
/// </summary>
public sealed partial class NotificationMailer(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, IConfiguration configuration, TimeProvider clock, ILogger<NotificationMailer> log)
{
    public const int MaxAttempts = 5;

    private static readonly ResourceManager Texts = new("Manyi.Web.Resources.CasesResource", typeof(CasesResource).Assembly);

    /// <summary>One pass; returns the number of notices mailed (0 when e-mail is off).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.Enabled)
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = clock.GetUtcNow();
        var pending = await (from n in db.Notifications.AsNoTracking()
                             join u in db.Users on n.UserId equals u.Id
                             where n.EmailedAt == null && n.EmailAttempts < MaxAttempts && u.Email != null && u.Email != "" && u.OrganisationId == n.OrganisationId
                             orderby n.CreatedAt
                             select new Pending(n.Id, n.Kind, n.CaseId, n.CaseNumber, n.Level, n.EmailAttempts, u.Email!, u.DisplayName, n.ActionId))
            .Take(smtp.BatchSize).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }
        var baseUrl = PublicUrls.Configured(configuration) ?? "http://localhost";
        await using var sender = await MailSender.ConnectAsync(smtp, baseUrl, ct);
        if (sender is null)
        {
            Log.ConnectFailed(log);
            return 0;
        }
        var mailed = 0;
        foreach (var work in pending)
        {
            var attempts = work.Attempts;
            var claimed = await db.Notifications.Where(n => n.Id == work.Id && n.EmailedAt == null && n.EmailAttempts == attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailAttempts, attempts + 1).SetProperty(n => n.EmailedAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }
            var failure = await sender.SendAsync(Build(smtp, work, baseUrl), ct);
            if (failure is null)
            {
                mailed++;
                continue;
            }
            await db.Notifications.Where(n => n.Id == work.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailedAt, (DateTimeOffset?)null), ct);
            Log.SendFailed(log, work.Id, failure);
            if (!sender.Connected)
            {
                break;
            }
        }
        return mailed;
    }

    /// <summary>The notice in Chinese and English (Chinese first).</summary>
    public static (string Zh, string En) Text(NotificationKind kind, string? caseNumber, int? level)
    {
        string Format(string culture)
        {
            var c = CultureInfo.GetCultureInfo(culture);
            var template = Texts.GetString("Notice." + kind, c) ?? kind.ToString();
            return string.Format(c, template, caseNumber ?? string.Empty, level ?? 0);
        }
        return (Format("zh-CN"), Format("en"));
    }

    private static MimeMessage Build(SmtpOptions smtp, Pending work, string baseUrl)
    {
        var (zh, en) = Text(work.Kind, work.CaseNumber, work.Level);
        var link = work.CaseId is { } id ? $"{baseUrl}/cases/{id}"
            : work.ActionId is { } action ? $"{baseUrl}/improvement/actions/{action}" : baseUrl + "/notifications";
        var (openZh, openEn) = work.ActionId is null ? ("查看工单", "Open the case") : ("查看改进措施", "Open the action");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName ?? "Manyi", smtp.From ?? string.Empty));
        message.To.Add(new MailboxAddress(work.DisplayName ?? string.Empty, work.Email));
        message.Subject = $"[满意 Manyi] {zh} / {en}";
        message.Body = new TextPart("plain")
        {
            Text = $"{zh}\n{openZh}：{link}\n\n{en}\n{openEn}: {link}\n",
        };
        return message;
    }

    private sealed record Pending(Guid Id, NotificationKind Kind, Guid? CaseId, string? CaseNumber, int? Level, int Attempts, string Email, string? DisplayName, Guid? ActionId);

    private static partial class Log
    {
        [LoggerMessage(6201, LogLevel.Warning, "Notification mailer: cannot reach the SMTP server; notices wait for the next pass")]
        public static partial void ConnectFailed(ILogger logger);

        [LoggerMessage(6202, LogLevel.Warning, "Notification mailer: notice {NotificationId} failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, Guid notificationId, string reason);
    }
}

/// <summary>The follow-up (回访) survey e-mail: Chinese, then English, with the personal link.</summary>
public static class FollowUpMessages
{
    public static MimeMessage Build(SmtpOptions smtp, string email, string name, string caseNumber, string url)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName ?? "Manyi", smtp.From ?? string.Empty));
        message.To.Add(new MailboxAddress(name, email));
        message.Subject = $"回访：您的工单 {caseNumber} / Follow-up on your case {caseNumber}";
        message.Body = new TextPart("plain")
        {
            Text = $"尊敬的{name}：\n\n您反映的问题（工单 {caseNumber}）已处理完毕。请花一分钟告诉我们问题是否已解决、您是否满意：\n{url}\n\n"
                + $"Dear {name},\n\nYour case {caseNumber} has been resolved. Please tell us in one minute whether the problem is solved and you are satisfied:\n{url}\n\n"
                + "此链接为您个人专用，请勿转发。 This link is personal; please do not forward it.\n",
        };
        return message;
    }
}
