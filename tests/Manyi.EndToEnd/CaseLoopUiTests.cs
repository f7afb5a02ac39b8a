using System.Security.Cryptography;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The closed loop in a real browser (issue 6 acceptance): a customer answers the NPS survey on a phone with a detractor score; the
/// case clock opens an alert case; handler A finds it on /cases, works the checklist, responds and hands it over with a reason;
/// handler B resolves it with a root cause; the customer answers the follow-up "not resolved / 不满意"; the case is in progress
/// again at level 1 with "reopened" and "escalated" in its history. Screenshots cases-0*.png go to bin/screenshots.
/// </summary>
public sealed class CaseLoopUiTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Password = "Case-loop-password-1";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [SkippableFact]
    public async Task DetractorAnswer_OpensCase_HandlersWorkIt_NotSatisfiedFollowUp_ReopensAtLevelOne()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does)");
        await using var server = await ManyiServer.StartAsync("--Manyi:Cases:ClockSeconds=1");
        var setup = await SetUpAsync(server);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var phone = new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        };
        var desk = new BrowserNewContextOptions { BaseURL = server.Address.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } };
        var shots = Screenshots();

        // 1. The customer answers the survey with a detractor score (2 of 10).
        await using (var customer = await browser.NewContextAsync(phone))
        {
            var survey = await customer.NewPageAsync();
            await survey.GotoAsync("/s/" + setup.SurveyToken);
            await survey.Locator("#f-recommend-2").CheckAsync(new LocatorCheckOptions { Force = true });
            await survey.Locator("textarea").First.FillAsync("停电太频繁，客服电话打不通");
            await survey.Locator("#next").ClickAsync();
            await survey.Locator("input[type=radio]").First.CheckAsync(new LocatorCheckOptions { Force = true });
            await survey.Locator("#submit").ClickAsync();
            await Assertions.Expect(survey.Locator("#thanks")).ToBeVisibleAsync();
        }

        // 2. The case clock turns the answer into an alert case within a few seconds.
        var caseId = await WaitForAsync(server, db => db.Cases.Where(c => c.WaveId == setup.WaveId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(), TimeSpan.FromSeconds(30));
        Assert.True(caseId is not null, "no case was opened from the detractor answer (is the case clock running?)");
        var number = await ReadAsync(server, db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Number).SingleAsync());

        // 3. Handler A finds it among the open cases, ticks the checklist, responds and hands it over to B with a reason.
        await using var contextA = await browser.NewContextAsync(desk);
        var a = await SignInAsync(contextA, "handler-a");
        await a.GotoAsync("/cases?view=open");
        var row = a.Locator($"tr[data-case=\"{number}\"]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await a.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-01-list.png"), FullPage = true });
        await row.Locator("a.case-number").ClickAsync();
        await Assertions.Expect(a.Locator("#case-number")).ToHaveTextAsync(number);
        await Assertions.Expect(a.Locator("#case-kind")).ToHaveTextAsync("调查预警");
        foreach (var step in CaseChecklist.Steps)
        {
            await a.Locator("#tick-" + step).ClickAsync();
            await Assertions.Expect(a.Locator($"li[data-step=\"{step}\"]")).ToHaveClassAsync("done");
        }
        await a.Locator("#respond").ClickAsync();
        await Assertions.Expect(a.Locator("#case-status")).ToHaveAttributeAsync("data-status", nameof(CaseStatus.InProgress));
        await Assertions.Expect(a.Locator("#case-owner")).ToHaveTextAsync("处理人甲");
        await a.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-02-checklist.png"), FullPage = true });
        await a.Locator("#handover-to").SelectOptionAsync(new SelectOptionValue { Label = "处理人乙" });
        await a.Locator("#handover-reason").FillAsync("涉及电费核算，转营销专员");
        await a.Locator("#hand-over").ClickAsync();
        await Assertions.Expect(a.Locator("#case-owner")).ToHaveTextAsync("处理人乙");
        await Assertions.Expect(a.Locator("#history li[data-kind=HandedOver]").First).ToContainTextAsync("涉及电费核算，转营销专员");
        await a.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-03-handed-over.png"), FullPage = true });

        // 4. Handler B finds it on "mine" and resolves it with a root cause.
        await using var contextB = await browser.NewContextAsync(desk);
        var b = await SignInAsync(contextB, "handler-b");
        await b.GotoAsync("/cases");
        await b.Locator($"tr[data-case=\"{number}\"] a.case-number").ClickAsync();
        await b.Locator("#resolution").FillAsync("已上门检修线路并致电客户说明");
        await b.Locator("#root-cause").SelectOptionAsync(setup.RootCauseId.ToString());
        await b.Locator("#resolve").ClickAsync();
        await Assertions.Expect(b.Locator("#case-status")).ToHaveAttributeAsync("data-status", nameof(CaseStatus.Resolved));
        await b.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-04-resolved.png"), FullPage = true });

        // 5. The customer answers the follow-up: not resolved, not satisfied.
        var token = await ReadAsync(server, db => db.Cases.Where(c => c.Id == caseId).Select(c => c.FollowUpToken).SingleAsync());
        Assert.False(string.IsNullOrEmpty(token));
        await using (var customer = await browser.NewContextAsync(phone))
        {
            var followUp = await customer.NewPageAsync();
            await followUp.GotoAsync("/f/" + token);
            await followUp.Locator("#resolved-no").CheckAsync(new LocatorCheckOptions { Force = true });
            await followUp.Locator("#satisfaction-NotSatisfied").CheckAsync(new LocatorCheckOptions { Force = true });
            await followUp.Locator("#comment").FillAsync("还是经常停电");
            await followUp.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-05-follow-up.png"), FullPage = true });
            await followUp.Locator("#send-follow-up").ClickAsync();
            await Assertions.Expect(followUp.Locator("#follow-up-thanks")).ToBeVisibleAsync();
        }

        // 6. The case is in progress again, at level 1, and the history shows the reopening and the escalation.
        await b.ReloadAsync();
        await Assertions.Expect(b.Locator("#case-status")).ToHaveAttributeAsync("data-status", nameof(CaseStatus.InProgress));
        await Assertions.Expect(b.Locator("#case-level")).ToHaveAttributeAsync("data-level", "1");
        await Assertions.Expect(b.Locator("#history li[data-kind=Reopened]")).ToHaveCountAsync(1);
        await Assertions.Expect(b.Locator("#history li[data-kind=Escalated]")).ToHaveCountAsync(1);
        await b.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "cases-06-reopened.png"), FullPage = true });
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("#Input_UserName").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.Locator("#sign-in").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        return page;
    }

    private static async Task<T> ReadAsync<T>(ManyiServer server, Func<ManyiDbContext, Task<T>> read)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }

    private static async Task<T?> WaitForAsync<T>(ManyiServer server, Func<ManyiDbContext, Task<T?>> read, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await ReadAsync(server, read);
            if (value is not null || DateTime.UtcNow > until)
            {
                return value;
            }
            await Task.Delay(500);
        }
    }

    private sealed record Setup(Guid WaveId, string SurveyToken, Guid RootCauseId);

    /// <summary>
    /// Writes the configuration straight to the database: a wave of the NPS template with a customer's personal invitation, an NPS-detractor
    /// alert rule for it, escalation level 1 (handler B), an SLA policy for every case, a root cause, and handlers A and B.
    /// </summary>
    private static async Task<Setup> SetUpAsync(ManyiServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ManyiUser>>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var unit = await db.Units.Where(u => u.OrganisationId == organisation && u.ParentId == null).Select(u => u.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (userName, name) in new[] { ("handler-a", "处理人甲"), ("handler-b", "处理人乙") })
        {
            var user = new ManyiUser { Id = Guid.NewGuid(), UserName = userName, DisplayName = name, Role = Roles.CaseHandler, OrganisationId = organisation, CreatedAt = now };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            ids[userName] = user.Id;
        }

        var definition = QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!.Questionnaire;
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation, Name = definition.Title.Zh, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition, CreatedAt = now };
        var wave = new Wave { Id = Guid.NewGuid(), OrganisationId = organisation, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id, Name = "E2E cases", Status = WaveStatus.Open, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };
        // The customer answers through a personal invitation, so the case knows the customer and the follow-up survey has an
        // address to go to (without one the follow-up would be a call).
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, UnitId = unit, Code = "E2E-CASE-1", Name = "王五", Email = "wangwu@example.cn",
            Segment = "Residential", Tier = "B", Value = 1m, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var invitation = new Invitation { Id = Guid.NewGuid(), OrganisationId = organisation, WaveId = wave.Id, CustomerId = customer.Id, Token = NewToken(), Channel = InvitationChannel.Link, Status = InvitationStatus.Sent, CreatedAt = now };
        var rule = new AlertRule { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "NPS 贬损者", Kind = AlertRuleKind.NpsDetractor, WaveId = wave.Id, QuestionCode = "recommend", Priority = CasePriority.High, CreatedAt = now };
        var level = new EscalationLevel { Id = Guid.NewGuid(), OrganisationId = organisation, Level = 1, NameZh = "班组长", NameEn = "Team lead", NotifyUserIds = [ids["handler-b"]] };
        var policy = new SlaPolicy { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "默认", FirstResponseMinutes = 240, ResolutionMinutes = 2400 };
        var cause = new RootCause { Id = Guid.NewGuid(), OrganisationId = organisation, Kind = RootCauseKind.System, Code = "system.maintenance", NameZh = "检修计划不合理", NameEn = "Maintenance planning" };
        db.AddRange(questionnaire, version, wave, customer, invitation, rule, level, policy, cause);
        await db.SaveChangesAsync();
        return new Setup(wave.Id, invitation.Token, cause.Id);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Screenshots()
    {
        var dir = Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
