using Manyi.Data;
using Manyi.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The landing page and the measure analysis pages (headline measures, index tree, expectation–perception, 2-tuple, Kano,
/// SERVQUAL), each on the demo wave whose questionnaire the model is for, signed in as the administrator, in zh-CN and en: no
/// console or script error, the chart drawn (canvas) with its table and downloads, the trace footer. Screenshots
/// analysis-&lt;page&gt;-&lt;culture&gt;.png go to bin/screenshots.
/// </summary>
public sealed class AnalysisMeasuresUiTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string NewPassword = "Analysis-measures-e2e-1";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>Each page with the template of the demo wave it is shown on.</summary>
    private static readonly (string Page, string Template)[] Pages =
    [
        ("overview", "power-utility"), ("index", "power-utility"), ("ratios", "linguistic-study"), ("linguistic", "linguistic-study"),
        ("kano", "kano-study"), ("servqual", "servqual-22"),
    ];

    [SkippableFact]
    public async Task MeasurePages_OnTheDemoWaves_RenderInBothLanguages_WithoutErrors()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        var waves = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var template in Pages.Select(p => p.Template).Distinct(StringComparer.Ordinal))
        {
            var wave = await LatestWaveAsync(server.Services, template);
            Assert.True(wave is not null, $"the demo should have a wave of the {template} questionnaire");
            waves[template] = wave.Value;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var shots = Path.Combine(Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots"));
        Directory.CreateDirectory(shots);
        var password = server.AdministratorPassword;

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
            await page.Locator("#Input_UserName").FillAsync("admin");
            await page.Locator("#Input_Password").FillAsync(password);
            await page.Locator("#sign-in").ClickAsync();
            if (await page.Locator("#must-change").CountAsync() == 1)
            {
                await page.Locator("#Input_Current").FillAsync(password);
                await page.Locator("#Input_New").FillAsync(NewPassword);
                await page.Locator("#Input_Confirm").FillAsync(NewPassword);
                await page.Locator("#change-password").ClickAsync();
                password = NewPassword;
            }
            await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
            if (await page.Locator($"#language-switch[lang={locale}]").CountAsync() == 1)
            {
                await page.Locator("#language-switch").ClickAsync();
            }
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
            var tag = locale == "en" ? "en" : "zh";

            await page.GotoAsync("/analysis");
            await Assertions.Expect(page.Locator($"a[href^='/analysis/{waves["power-utility"]}/']").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"analysis-landing-{tag}.png"), FullPage = true });
            foreach (var (key, template) in Pages)
            {
                await VisitAsync(page, waves[template], key, mustDraw: true, Path.Combine(shots, $"analysis-{key}-{tag}.png"));
            }
            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }

    private static async Task VisitAsync(IPage page, Guid waveId, string key, bool mustDraw, string screenshot)
    {
        var response = await page.GotoAsync($"/analysis/{waveId}/{key}");
        Assert.True(response is { Ok: true }, $"{key}: HTTP {response?.Status}");
        await Assertions.Expect(page.Locator($"#analysis-page-{key}.active")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#trace")).ToBeVisibleAsync();
        var charts = page.Locator(".chart");
        if (mustDraw || await charts.CountAsync() > 0)
        {
            Assert.True(await charts.CountAsync() > 0, $"{key}: the page should show its chart");
            await Assertions.Expect(page.Locator(".chart canvas").First).ToBeVisibleAsync();
            Assert.True(await page.Locator(".chart-table table tbody tr").CountAsync() > 0, $"{key}: the chart's table should have rows");
            Assert.True(await page.Locator(".chart-downloads button").CountAsync() > 0, $"{key}: the chart should offer downloads");
        }
        else
        {
            Assert.True(await page.Locator("#analysis-notes, .empty").CountAsync() > 0, $"{key}: a page without a chart should say why");
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
    }

    private static async Task<Guid?> LatestWaveAsync(IServiceProvider services, string templateKey)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var waves = await (
            from w in db.Waves.AsNoTracking()
            join q in db.Questionnaires.AsNoTracking() on w.QuestionnaireId equals q.Id
            where q.TemplateKey == templateKey
            select new { w.Id, w.OpensAt, w.CreatedAt }).ToListAsync();
        return waves.OrderByDescending(w => w.OpensAt ?? w.CreatedAt).Select(w => (Guid?)w.Id).FirstOrDefault();
    }
}
