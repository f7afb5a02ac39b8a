using System.Security.Cryptography;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The respondent side in a real browser on a phone-sized screen (390×844, Chinese): a templated survey through a QR collection
/// point, left halfway and resumed in a new browser context with the same cookies, submitted; an invitation submitted twice
/// (the second politely refused); the counter tablet rating three transactions. Screenshots go to bin/screenshots.
/// </summary>
public sealed class RespondUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [SkippableFact]
    public async Task Phone_AnswersTemplatedSurvey_ResumesAfterLeaving_SecondSubmissionRefused_KioskRatesThree()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does)");
        await using var server = await ManyiServer.StartAsync();
        var setup = await SetUpAsync(server);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var phone = new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        };
        var shots = Screenshots();

        // 1. Through the QR point: answer the first page, leave.
        await using var first = await browser.NewContextAsync(phone);
        var page = await first.NewPageAsync();
        await page.GotoAsync("/s/" + setup.QrToken);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("#progress")).ToContainTextAsync("第 1 页");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-01-first-page.png"), FullPage = true });
        await AnswerPageAsync(page);
        await page.Locator("#next").ClickAsync();
        await Assertions.Expect(page.Locator("#progress")).ToContainTextAsync("第 2 页");
        var state = await first.StorageStateAsync();
        await page.CloseAsync();

        // 2. Come back later (a new context with the same cookies): the survey continues on page 2, then is submitted.
        await using var second = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = phone.BaseURL, Locale = phone.Locale, ViewportSize = phone.ViewportSize, IsMobile = true, HasTouch = true, StorageState = state,
        });
        page = await second.NewPageAsync();
        await page.GotoAsync("/s/" + setup.QrToken);
        await Assertions.Expect(page.Locator("#progress")).ToContainTextAsync("第 2 页");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-02-resumed.png"), FullPage = true });
        await AnswerUntilSubmittedAsync(page);
        await Assertions.Expect(page.Locator("#thanks h1")).ToHaveTextAsync("感谢您的参与！");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-03-thanks.png"), FullPage = true });

        // 3. An invitation opened in two tabs and submitted from both: the second submission is refused politely.
        await using var invited = await browser.NewContextAsync(phone);
        var tabA = await invited.NewPageAsync();
        await tabA.GotoAsync("/s/" + setup.InvitationToken);
        await AnswerUntilLastPageAsync(tabA);
        var tabB = await invited.NewPageAsync();
        await tabB.GotoAsync("/s/" + setup.InvitationToken);
        await AnswerPageAsync(tabB);
        await SubmitLastPageAsync(tabA);
        await Assertions.Expect(tabA.Locator("#thanks")).ToBeVisibleAsync();
        await tabB.Locator("#submit").ClickAsync();
        await Assertions.Expect(tabB.Locator("#notice-alreadyanswered h1")).ToHaveTextAsync("您已完成本问卷");
        await tabB.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-04-already-answered.png"), FullPage = true });

        // 4. The counter tablet: three open transactions, three taps.
        await using var tablet = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = phone.BaseURL, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 800, Height = 1280 } });
        var kiosk = await tablet.NewPageAsync();
        await kiosk.GotoAsync("/k/" + setup.KioskToken);
        await kiosk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-05-kiosk.png"), FullPage = true });
        foreach (var value in new[] { "3", "2", "3" })
        {
            await kiosk.Locator("#rate-" + value).ClickAsync();
            await Assertions.Expect(kiosk.Locator("#kiosk-thanks h1")).ToHaveTextAsync("感谢您的评价！");
            // The thank-you screen returns to the buttons by itself (meta refresh, no JavaScript needed).
            await Assertions.Expect(kiosk.Locator("#kiosk")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }
        await kiosk.Locator("#rate-1").ClickAsync();
        await kiosk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "respond-06-kiosk-thanks.png"), FullPage = true });

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var survey = await db.Responses.AsNoTracking().Where(r => r.WaveId == setup.SurveyWave).ToListAsync();
        Assert.Equal(2, survey.Count);
        Assert.All(survey, r => Assert.Equal(ResponseStatus.Complete, r.Status));
        Assert.Single(survey, r => r.InvitationId is not null);
        var kioskRows = await db.Responses.AsNoTracking().Where(r => r.WaveId == setup.KioskWave).ToListAsync();
        Assert.Equal(["3", "2", "3"], kioskRows.Where(r => r.ExternalReference != null).OrderBy(r => r.ExternalReference).Select(r => r.Answers["rating"]).ToArray());
        Assert.Single(kioskRows, r => r.ExternalReference is null && r.Answers["rating"] == "1");
    }

    /// <summary>Answers every question on the page: the last radio of each group, the first checkbox, ranks in order, a short text.</summary>
    private static async Task AnswerPageAsync(IPage page)
    {
        var names = await page.Locator("input[type=radio]").EvaluateAllAsync<string[]>("els => [...new Set(els.map(e => e.name))]");
        foreach (var name in names)
        {
            await page.Locator($"input[type=radio][name=\"{name}\"]").Last.CheckAsync(new LocatorCheckOptions { Force = true });
        }
        var boxes = page.Locator("fieldset.question");
        for (var i = 0; i < await boxes.CountAsync(); i++)
        {
            var checkbox = boxes.Nth(i).Locator("input[type=checkbox]");
            if (await checkbox.CountAsync() > 0)
            {
                await checkbox.First.CheckAsync(new LocatorCheckOptions { Force = true });
            }
            var selects = boxes.Nth(i).Locator("select");
            for (var s = 0; s < await selects.CountAsync(); s++)
            {
                await selects.Nth(s).SelectOptionAsync((s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var texts = page.Locator("fieldset.question textarea");
        for (var t = 0; t < await texts.CountAsync(); t++)
        {
            await texts.Nth(t).FillAsync("服务很好");
        }
    }

    private static async Task AnswerUntilLastPageAsync(IPage page)
    {
        for (var guard = 0; guard < 30 && await page.Locator("#next").CountAsync() > 0; guard++)
        {
            await AnswerPageAsync(page);
            await PostFormAsync(page, "#next");
        }
    }

    private static async Task AnswerUntilSubmittedAsync(IPage page)
    {
        await AnswerUntilLastPageAsync(page);
        await SubmitLastPageAsync(page);
    }

    private static async Task SubmitLastPageAsync(IPage page)
    {
        // An answer can reveal a follow-up on the same page (power-utility: "did you complain? 是" → how was it handled); without
        // JavaScript it appears after the submit, marked as still to answer, so answer and submit again.
        for (var round = 0; round < 3; round++)
        {
            await AnswerPageAsync(page);
            await PostFormAsync(page, "#submit");
            if (await page.Locator("#submit").CountAsync() == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Clicks a form's submit button and waits for the document the server answers with. The form posts without JavaScript, so the
    /// answer replaces the document and a marker set on the old one is gone; waiting for the load state or the URL instead returns
    /// at once while the old page is still shown (same URL, already loaded), which made this test time out now and then.
    /// </summary>
    private static async Task PostFormAsync(IPage page, string button)
    {
        await page.EvaluateAsync("() => { window.manyiBeforePost = true; }");
        await page.Locator(button).ClickAsync();
        await page.WaitForFunctionAsync("() => window.manyiBeforePost === undefined && document.readyState !== 'loading'");
    }

    private sealed record Setup(string QrToken, string InvitationToken, string KioskToken, Guid SurveyWave, Guid KioskWave);

    /// <summary>
    /// Writes the waves straight to the database (the wave and questionnaire screens are built elsewhere): the power-utility template
    /// when it ships, else the NPS one; the bank-counter template for the kiosk when it ships, else a 1–3 rating like it.
    /// </summary>
    private static async Task<Setup> SetUpAsync(ManyiServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var unit = await db.Units.Where(u => u.OrganisationId == organisation && u.ParentId == null).Select(u => u.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var template = (QuestionnaireTemplates.Find("power-utility") ?? QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!).Questionnaire;
        var counter = QuestionnaireTemplates.Find("bank-counter")?.Questionnaire ?? new QuestionnaireDefinition
        {
            Title = new("柜台服务评价", "Counter service rating"),
            Pages =
            [
                new QuestionPage
                {
                    Questions =
                    [
                        new Question
                        {
                            Code = "rating", Type = QuestionType.Scale, ScaleMin = 1, ScaleMax = 3, Required = true, Text = new("您对本次服务满意吗？"),
                            Options = [new("1", new("不满意")), new("2", new("一般")), new("3", new("满意"))],
                        },
                    ],
                },
            ],
        };
        Guid AddWave(QuestionnaireDefinition definition)
        {
            var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation, Name = definition.Title.Zh, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
            var version = new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition, CreatedAt = now };
            var wave = new Wave { Id = Guid.NewGuid(), OrganisationId = organisation, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id, Name = "E2E", Status = WaveStatus.Open, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };
            db.AddRange(questionnaire, version, wave);
            return wave.Id;
        }
        var surveyWave = AddWave(template);
        var kioskWave = AddWave(counter);
        var qr = new CollectionPoint { Id = Guid.NewGuid(), OrganisationId = organisation, WaveId = surveyWave, Kind = CollectionPointKind.Qr, Name = "QR", Token = NewToken(), UnitId = unit, CreatedAt = now };
        var kiosk = new CollectionPoint { Id = Guid.NewGuid(), OrganisationId = organisation, WaveId = kioskWave, Kind = CollectionPointKind.Kiosk, Name = "柜台 1", Token = NewToken(), UnitId = unit, Counter = "1", CreatedAt = now };
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, UnitId = unit, Code = "E2E-1", Name = "王五", Segment = "Residential", Tier = "B", Value = 1m,
            CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var invitation = new Invitation { Id = Guid.NewGuid(), OrganisationId = organisation, WaveId = surveyWave, CustomerId = customer.Id, Token = NewToken(), Channel = InvitationChannel.Link, Status = InvitationStatus.Sent, CreatedAt = now };
        db.AddRange(qr, kiosk, customer, invitation);
        await db.SaveChangesAsync();
        // Three transactions opened by the teller system, as POST /api/v1/kiosks/{point}/transactions stores them.
        var versionId = await db.Waves.Where(w => w.Id == kioskWave).Select(w => w.QuestionnaireVersionId).SingleAsync();
        for (var t = 1; t <= 3; t++)
        {
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(), OrganisationId = organisation, WaveId = kioskWave, QuestionnaireVersionId = versionId, Channel = ResponseChannel.Kiosk,
                Status = ResponseStatus.InProgress, UnitId = unit, CollectionPointId = kiosk.Id, IdempotencyKey = $"kiosk:{kiosk.Id:N}:T{t}", ExternalReference = $"T{t}",
                StartedAt = now.AddSeconds(t), UpdatedAt = now.AddSeconds(t),
            });
        }
        await db.SaveChangesAsync();
        return new Setup(qr.Token, invitation.Token, kiosk.Token, surveyWave, kioskWave);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Screenshots()
    {
        var dir = Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
