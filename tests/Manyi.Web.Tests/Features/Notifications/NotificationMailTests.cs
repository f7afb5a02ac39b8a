using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Waves;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;
using static Manyi.Web.Tests.Features.Cases.ClockData;

namespace Manyi.Web.Tests.Features.Notifications;

/// <summary>Notices and follow-up links by e-mail, against netDumbster on loopback: each once, also with two passes at once.</summary>
public sealed class NotificationMailTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Notices_AndFollowUpLinks_AreMailedOnce(DatabaseProvider provider)
    {
        Database.SkipIfUnavailable(provider);
        using var smtp = Configuration.Configure().WithRandomPort().Build();
        await using var app = await ManyiWebFactory.StartAsync(provider, Settings(new()
        {
            ["Manyi:Smtp:Host"] = "127.0.0.1",
            ["Manyi:Smtp:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Manyi:Smtp:From"] = "cases@example.cn",
            ["Manyi:Smtp:IntervalSeconds"] = "86400",
        }));
        var s = app.Services;
        var now = new DateTimeOffset(2026, 10, 12, 2, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var mailer = new NotificationMailer(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<SmtpOptions>>(), s.GetRequiredService<IConfiguration>(), clock, NullLogger<NotificationMailer>.Instance);
        var caseClock = new CaseClock(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<CaseClockOptions>>(), s.GetRequiredService<IOptions<SmtpOptions>>(),
            s.GetRequiredService<IConfiguration>(), clock, NullLogger<CaseClock>.Instance, mailer, "tests");

        var withMail = await UserAsync(app, Roles.CaseHandler, "handler@example.cn");
        var withoutMail = await UserAsync(app);
        await ChinaCalendarAndLevelsAsync(app, withoutMail);
        var category = await CategoryWithPolicyAsync(app, 30, 60);
        var unit = await UnitAsync(app);
        var customer = await WaveData.CustomerAsync(app, unit, email: "zhang@example.cn");
        // Opened by someone else for the handler: the handler is notified (CaseAssigned) and has an address.
        var id = await DbAsync(app, async db =>
        {
            var org = await db.Organisations.Select(o => o.Id).FirstAsync();
            var rules = await CaseRules.LoadAsync(db, org, CancellationToken.None);
            var c = await CaseIntake.OpenAsync(db, org, new NewCase { Channel = "phone", CategoryId = category, UnitId = unit.Id, CustomerId = customer.Id, Subject = "停电", OwnerId = withMail },
                rules, new CaseActor(withoutMail, "receiver"), now, CancellationToken.None);
            await db.SaveChangesAsync();
            return c.Id;
        });

        var passes = await Task.WhenAll(mailer.RunOnceAsync(CancellationToken.None), mailer.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, passes.Sum());
        Assert.Equal(1, smtp.ReceivedEmailCount);
        var notice = Messages(smtp).Single();
        Assert.Equal("handler@example.cn", notice.To.Mailboxes.Single().Address);
        var number = (await CaseAsync(app, id)).Number;
        Assert.StartsWith($"工单 {number} 已分配给您。", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Case {number} was assigned to you.", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{WaveData.PublicBase}/cases/{id}", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, await mailer.RunOnceAsync(CancellationToken.None));

        // Resolved with a survey follow-up: the clock mails the link once.
        var token = CaseIntake.NewFollowUpToken();
        await ChangeAsync(app, id, (c, r) => c.Resolve("已恢复供电", RootCauseFor(app, c.OrganisationId), r.Calendar,
            new CaseActor(withMail, "handler"), now.AddMinutes(5), FollowUpMethod.Survey, token));
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(caseClock.RunOnceAsync(CancellationToken.None), caseClock.RunOnceAsync(CancellationToken.None));
        await caseClock.RunOnceAsync(CancellationToken.None);
        var followUps = Messages(smtp).Where(m => m.To.Mailboxes.Single().Address == "zhang@example.cn").ToList();
        var followUp = Assert.Single(followUps);
        Assert.Contains($"{WaveData.PublicBase}/f/{token}", followUp.TextBody, StringComparison.Ordinal);
        Assert.Single(await EventsAsync(app, id), e => e.Kind == CaseEventKind.FollowUpSent);
        Assert.Equal(clock.GetUtcNow(), (await CaseAsync(app, id)).FollowUpSentAt);
    }

    private static Guid RootCauseFor(ManyiWebFactory app, Guid organisationId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var cause = new RootCause { Id = Guid.NewGuid(), OrganisationId = organisationId, Kind = RootCauseKind.System, Code = WaveData.Code("rc"), NameZh = "线路故障" };
        db.RootCauses.Add(cause);
        db.SaveChanges();
        return cause.Id;
    }

    private static List<MimeMessage> Messages(SimpleSmtpServer smtp) =>
        smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();
}
