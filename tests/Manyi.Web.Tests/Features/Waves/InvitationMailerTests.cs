using System.Net.Http.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>The e-mail invitations and reminders over SMTP, against netDumbster on loopback and a fake clock.</summary>
[Collection(WavesGroup.Name)]
public sealed class InvitationMailerTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Mailer_SendsEachInvitationOnce_InTheCustomersLanguage_ThenTheDueReminder(DatabaseProvider provider)
    {
        Database.SkipIfUnavailable(provider);
        using var smtp = Configuration.Configure().WithRandomPort().Build();
        await using var baseApp = await ManyiWebFactory.StartAsync(provider, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Manyi:PublicBaseUrl"] = PublicBase,
            ["Manyi:Smtp:Host"] = "127.0.0.1",
            ["Manyi:Smtp:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Manyi:Smtp:From"] = "survey@example.cn",
            ["Manyi:Smtp:FromName"] = "满意",
            // The app's timer (real clock, once a day) never fires within the test: passes are triggered one by one below.
            ["Manyi:Smtp:IntervalSeconds"] = "86400",
        });
        // Whole seconds: PostgreSQL keeps microseconds, SQLite ticks; the stored SentAt then equals the clock exactly on both.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        // The app's own mailer on a fake clock (the services it needs come from the running app).
        var services = baseApp.Services;
        var mailer = new InvitationMailer(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<IOptions<SmtpOptions>>(),
            services.GetRequiredService<IConfiguration>(), clock, NullLogger<InvitationMailer>.Instance);

        using var analyst = await baseApp.CreateClientAsAsync(Roles.Analyst);
        Assert.True((await JsonOf(await analyst.GetAsync(Url("/api/v1/waves/mail")))).GetProperty("enabled").GetBoolean());
        var questionnaire = await QuestionnaireAsync(baseApp);
        var unit = await UnitAsync(baseApp);
        var chinese = await CustomerAsync(baseApp, unit, email: "zhang@example.cn");
        var english = await CustomerAsync(baseApp, unit, email: "smith@example.com", language: "en");
        var wave = (await WaveAsync(analyst, questionnaire, unit.Id, reminderAfterDays: 3, maxReminders: 1)).GetProperty("id").GetGuid();
        await analyst.PostAsync(Url($"/api/v1/waves/{wave}/open"), null);
        await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "email" });
        // A draft wave's invitation waits: nothing is sent for a wave that does not take answers yet.
        var draftUnit = await UnitAsync(baseApp);
        await CustomerAsync(baseApp, draftUnit, email: "wait@example.cn");
        var draft = (await WaveAsync(analyst, questionnaire, draftUnit.Id)).GetProperty("id").GetGuid();
        await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{draft}/invitations"), new { channel = "email" });

        // Two passes at once (two instances): each invitation is claimed by one of them, so exactly two e-mails go out.
        var passes = await Task.WhenAll(mailer.RunOnceAsync(CancellationToken.None), mailer.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, passes.Sum(p => p.Sent));
        Assert.Equal(2, smtp.ReceivedEmailCount);
        var tokens = await DbAsync(baseApp, db => db.Invitations.AsNoTracking().Where(i => i.WaveId == wave).ToDictionaryAsync(i => i.CustomerId, i => i));
        Assert.All(tokens.Values, i => Assert.Equal((InvitationStatus.Sent, clock.GetUtcNow()), (i.Status, i.SentAt!.Value)));
        Assert.Equal(InvitationStatus.Pending, await DbAsync(baseApp, db => db.Invitations.Where(i => i.WaveId == draft).Select(i => i.Status).SingleAsync()));

        var mails = Messages(smtp);
        var zh = mails.Single(m => m.To.Mailboxes.Single().Address == "zhang@example.cn");
        Assert.Equal("客户推荐意愿调查", zh.Subject); // the Chinese title of the NPS template
        Assert.Contains($"{PublicBase}/s/{tokens[chinese.Id].Token}", zh.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("尊敬的" + chinese.Name, zh.TextBody, StringComparison.Ordinal);
        Assert.Equal("survey@example.cn", zh.From.Mailboxes.Single().Address);
        var en = mails.Single(m => m.To.Mailboxes.Single().Address == "smith@example.com");
        Assert.Equal("How likely are you to recommend us?", en.Subject);
        Assert.Contains($"{PublicBase}/s/{tokens[english.Id].Token}", en.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens[chinese.Id].Token, en.TextBody, StringComparison.Ordinal);

        // Nothing is sent twice; no reminder before 3 days.
        Assert.Equal(new MailerPass(0, 0, 0), await mailer.RunOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new MailerPass(0, 0, 0), await mailer.RunOnceAsync(CancellationToken.None));

        // Day 3: the customer who answered gets no reminder; the other gets one (and only one: maxReminders = 1).
        await DbAsync(baseApp, db => db.Invitations.Where(i => i.Id == tokens[english.Id].Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Responded)));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new MailerPass(0, 0, 1), await mailer.RunOnceAsync(CancellationToken.None));
        Assert.Equal(3, smtp.ReceivedEmailCount);
        var reminder = Messages(smtp).Single(m => (m.Subject ?? string.Empty).StartsWith("提醒", StringComparison.Ordinal));
        Assert.Equal("zhang@example.cn", reminder.To.Mailboxes.Single().Address);
        Assert.Equal("提醒：客户推荐意愿调查", reminder.Subject);
        Assert.Contains($"{PublicBase}/s/{tokens[chinese.Id].Token}", reminder.TextBody, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(new MailerPass(0, 0, 0), await mailer.RunOnceAsync(CancellationToken.None));
        var after = await DbAsync(baseApp, db => db.Invitations.AsNoTracking().SingleAsync(i => i.Id == tokens[chinese.Id].Id));
        Assert.Equal(1, after.RemindersSent);
        Assert.Equal(3, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task Smtp_WithoutSender_RefusesToStart_AndWithoutHost_EmailIsOff()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ManyiWebFactory.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Manyi:Smtp:Host"] = "127.0.0.1" }));
        Assert.Contains("Manyi:Smtp:From", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("Manyi:PublicBaseUrl", failure.ToString(), StringComparison.Ordinal);

        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        var status = await JsonOf(await viewer.GetAsync(Url("/api/v1/waves/mail")));
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(new MailerPass(0, 0, 0), await app.Services.GetRequiredService<InvitationMailer>().RunOnceAsync(CancellationToken.None));
    }

    private static List<MimeMessage> Messages(SimpleSmtpServer smtp) =>
        smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();
}
