using Manyi.Web.Features.Demo;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The case pages on the demo organisation's year of cases (issue 6), in a real browser in zh-CN and en: the list, a case, the case
/// analysis with its ECharts charts, and the settings. Each page must render without a console error or a script error, the
/// analysis page must draw its charts (canvas elements), and screenshots case-demo-*.png go to bin/screenshots.
/// </summary>
public sealed class CaseDemoPagesUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [SkippableFact]
    public async Task CasePages_OnTheDemoYear_RenderInBothLanguages_WithoutErrors()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does)");
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        var password = filled.Summary!.Password;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var shots = Path.Combine(Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots"));
        Directory.CreateDirectory(shots);

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            var errors = new List<string>();
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add($"{page.Url}: {message.Text}");
                }
            };
            page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
            await page.GotoAsync("/login");
            await page.Locator("#Input_UserName").FillAsync("demo-handler-sh");
            await page.Locator("#Input_Password").FillAsync(password);
            await page.Locator("#sign-in").ClickAsync();
            await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
            if (locale == "en" && await page.Locator("#language-switch[lang=en]").CountAsync() == 1)
            {
                await page.Locator("#language-switch").ClickAsync();
            }
            var tag = locale == "en" ? "en" : "zh";

            // The handler's own open cases, then the first of them.
            await page.GotoAsync("/cases?view=mine");
            var first = page.Locator("table a[href^='/cases/']").First;
            await Assertions.Expect(first).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"case-demo-{tag}-1-list.png"), FullPage = true });
            await first.ClickAsync();
            await Assertions.Expect(page.Locator("#case-status")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#history li").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"case-demo-{tag}-2-case.png"), FullPage = true });

            // The analysis draws its charts from a year of cases.
            await page.GotoAsync("/cases/analytics");
            await Assertions.Expect(page.Locator(".chart canvas").First).ToBeVisibleAsync();
            Assert.True(await page.Locator(".chart canvas").CountAsync() >= 5, "the case analysis page should draw its charts");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"case-demo-{tag}-3-analytics.png"), FullPage = true });

            await page.GotoAsync("/cases/settings");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"case-demo-{tag}-4-settings.png"), FullPage = true });
            await page.GotoAsync("/notifications");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"case-demo-{tag}-5-notifications.png"), FullPage = true });

            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }
}
