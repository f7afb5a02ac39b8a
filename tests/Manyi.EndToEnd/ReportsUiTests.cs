using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The reports (issue 7) on the demo organisation, in a real browser in zh-CN and en: the wave report of the latest power-utility
/// wave, the survey summary report of the supplier-iatf16949 wave (the latest power-utility wave before the demo has one) and the
/// unit comparison. No console or script error; screenshots report-&lt;kind&gt;-&lt;culture&gt;.png (and one in print media);
/// the Excel download is a workbook.
/// </summary>
public sealed class ReportsUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [SkippableFact]
    public async Task Reports_OnTheDemo_RenderInBothLanguages_WithoutErrors()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does)");
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        var password = filled.Summary!.Password;
        var powerUtility = await LatestWaveAsync(server.Services, "power-utility");
        Assert.NotNull(powerUtility);
        var supplier = await LatestWaveAsync(server.Services, "supplier-iatf16949") ?? powerUtility;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var shots = Path.Combine(Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots"));
        Directory.CreateDirectory(shots);

        foreach (var locale in new[] { "zh-CN", "en" })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.Address.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true,
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
            await page.Locator("#Input_UserName").FillAsync("demo-analyst");
            await page.Locator("#Input_Password").FillAsync(password);
            await page.Locator("#sign-in").ClickAsync();
            await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
            if (locale == "en" && await page.Locator("#language-switch[lang=en]").CountAsync() == 1)
            {
                await page.Locator("#language-switch").ClickAsync();
            }
            var tag = locale == "en" ? "en" : "zh-CN";

            await page.GotoAsync("/reports");
            await Assertions.Expect(page.Locator("#report-waves")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"report-index-{tag}.png"), FullPage = true });

            foreach (var (kind, url) in new[]
            {
                ("wave", $"/reports/wave/{powerUtility}"),
                ("summary", $"/reports/summary?waveId={supplier}"),
                ("units", $"/reports/units/{powerUtility}"),
            })
            {
                await page.GotoAsync(url);
                await Assertions.Expect(page.Locator("#report-title")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#trace").First).ToBeVisibleAsync();
                if (await page.Locator(".report .chart").CountAsync() > 0)
                {
                    await Assertions.Expect(page.Locator(".report .chart canvas").First).ToBeVisibleAsync();
                }
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"report-{kind}-{tag}.png"), FullPage = true });
            }

            // The wave report as printed (print CSS: no navigation, page breaks), and its Excel download.
            await page.GotoAsync($"/reports/wave/{powerUtility}");
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(page.Locator(".topbar")).ToBeHiddenAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"report-wave-{tag}-print.png"), FullPage = true });
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-xlsx").ClickAsync());
            Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
            var file = await download.PathAsync();
            var head = new byte[4];
            await using (var stream = File.OpenRead(file))
            {
                Assert.Equal(4, await stream.ReadAsync(head));
            }
            Assert.Equal(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, head);

            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }

    /// <summary>The latest non-draft wave of the demo whose questionnaire comes from the template, or null.</summary>
    private static async Task<Guid?> LatestWaveAsync(IServiceProvider services, string templateKey)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var waves = await (
            from w in db.Waves.AsNoTracking()
            join q in db.Questionnaires.AsNoTracking() on w.QuestionnaireId equals q.Id
            where q.TemplateKey == templateKey && w.Status != WaveStatus.Draft
            select new { w.Id, w.OpensAt, w.CreatedAt }).ToListAsync();
        return waves.OrderByDescending(w => w.OpensAt ?? w.CreatedAt).Select(w => (Guid?)w.Id).FirstOrDefault();
    }
}
