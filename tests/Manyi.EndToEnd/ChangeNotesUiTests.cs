using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// "You said, we did" (docs/goals.md) on the demo in a real browser, zh-CN and en: the public link of the open power-utility wave shows
/// the notes published before it opened, before the first question, without console or script errors; screenshots
/// you-said-we-did-&lt;culture&gt;.png (issue 9 acceptance). The notes and goals pages render for the analyst.
/// </summary>
public sealed class ChangeNotesUiTests
{
    [SkippableFact]
    public async Task LandingPageOfTheOpenDemoWave_ShowsThePublishedNotes_InBothLanguages()
    {
        BrowserSession.SkipWithoutChromium();
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        string token;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            token = await (from p in db.CollectionPoints.AsNoTracking()
                           join w in db.Waves on p.WaveId equals w.Id
                           join q in db.Questionnaires on w.QuestionnaireId equals q.Id
                           where w.Status == WaveStatus.Open && q.TemplateKey == "power-utility" && p.Kind == CollectionPointKind.Link
                           select p.Token).FirstAsync();
        }

        await using var session = await BrowserSession.LaunchAsync();
        var shots = BrowserSession.Screenshots;
        foreach (var (locale, text) in new[] { ("zh-CN", "计划停电现在提前 7 天"), ("en", "Planned outages are now announced 7 days ahead") })
        {
            await using var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add($"{page.Url}: {message.Text}");
                }
            };
            page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
            await page.GotoAsync("/s/" + token + "?lang=" + (locale == "en" ? "en" : "zh-CN"));
            await Assertions.Expect(page.Locator("#change-notes")).ToBeVisibleAsync();
            Assert.Equal(3, await page.Locator("#change-notes .change-note").CountAsync());
            await Assertions.Expect(page.Locator("#change-notes")).ToContainTextAsync(text);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"you-said-we-did-{locale}.png"), FullPage = true });
            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }

        var (signed, analyst, pageErrors) = await session.SignInAsync(server.Address, "zh-CN", "demo-analyst", filled.Summary!.Password);
        await using (signed)
        {
            await analyst.GotoAsync("/improvement/notes");
            await Assertions.Expect(analyst.Locator("#notes-table")).ToBeVisibleAsync();
            Assert.Equal(4, await analyst.Locator("#notes-table tbody tr").CountAsync());
            await analyst.GotoAsync("/improvement/goals");
            await Assertions.Expect(analyst.Locator("#goals-table")).ToBeVisibleAsync();
            Assert.Equal(7, await analyst.Locator("#goals-table tbody tr").CountAsync());
            await analyst.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "goals-zh-CN.png"), FullPage = true });
            Assert.True(pageErrors.Count == 0, "console or script errors:\n" + string.Join('\n', pageErrors));
        }
    }
}
