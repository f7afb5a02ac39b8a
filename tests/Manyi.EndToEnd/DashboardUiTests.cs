using Manyi.Web.Features.Demo;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The home dashboard on the demo organisation as a unit manager, a case handler and an analyst (and the scheduled reports page as
/// the analyst), in zh-CN and en: no console or page error, the manager's charts drawn; screenshots dashboard-&lt;role&gt;-&lt;culture&gt;.png.
/// </summary>
public sealed class DashboardUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [SkippableFact]
    public async Task Dashboards_OnTheDemo_RenderPerRole_InBothLanguages_WithoutErrors()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
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
            var tag = locale == "en" ? "en" : "zh";
            foreach (var (user, role) in new[] { ("demo-manager-js", "manager"), ("demo-handler-sh", "handler"), ("demo-analyst", "analyst") })
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
                await page.Locator("#Input_UserName").FillAsync(user);
                await page.Locator("#Input_Password").FillAsync(password);
                await page.Locator("#sign-in").ClickAsync();
                await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
                if (locale == "en" && await page.Locator("#language-switch[lang=en]").CountAsync() == 1)
                {
                    await page.Locator("#language-switch").ClickAsync();
                }
                await page.GotoAsync("/");
                await Assertions.Expect(page.Locator($"#dashboard-{role}")).ToBeVisibleAsync();
                if (role == "manager" && await page.Locator("#chart-trend").CountAsync() == 1)
                {
                    await Assertions.Expect(page.Locator("#chart-trend canvas")).ToBeVisibleAsync();
                    await Assertions.Expect(page.Locator("#chart-trend-csv")).ToBeVisibleAsync();
                }
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"dashboard-{role}-{tag}.png"), FullPage = true });
                if (role == "analyst")
                {
                    await page.GotoAsync("/reports/schedules?new=true");
                    await Assertions.Expect(page.Locator("#schedule-form")).ToBeVisibleAsync();
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"report-schedules-{tag}.png"), FullPage = true });
                }
                Assert.True(errors.Count == 0, string.Join("\n", errors));
            }
        }
    }
}
