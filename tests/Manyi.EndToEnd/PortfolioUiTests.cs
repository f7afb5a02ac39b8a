using Manyi.Web.Features.Demo;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The customer value page (product.md M2) on the demo in a real browser, zh-CN and en: the pyramid and, once the demo has profit figures
/// (DemoValue), the whale curve draw without console or script errors; screenshots value-pyramid-&lt;culture&gt;.png and
/// value-whale-&lt;culture&gt;.png (the whale section is shot also when it shows its empty state, so the run never depends on the figures).
/// </summary>
public sealed class PortfolioUiTests
{
    [SkippableFact]
    public async Task ValuePage_OnTheDemo_DrawsThePyramidAndTheWhaleCurve_InBothLanguages()
    {
        BrowserSession.SkipWithoutChromium();
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        var password = filled.Summary!.Password;

        await using var session = await BrowserSession.LaunchAsync();
        var shots = BrowserSession.Screenshots;
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var (context, page, errors) = await session.SignInAsync(server.Address, locale, "demo-analyst", password);
            await using var _ = context;
            var tag = locale == "en" ? "en" : "zh-CN";

            await page.GotoAsync("/customers/value");
            // The demo customers all have a value K: the pyramid is drawn with its table.
            await Assertions.Expect(page.Locator("#table-pyramid")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#chart-pyramid canvas")).ToBeVisibleAsync();
            Assert.Equal(4, await page.Locator("#table-pyramid tbody tr").CountAsync());
            await Assertions.Expect(page.Locator("#chart-pyramid-png")).ToBeVisibleAsync();
            await page.Locator("#pyramid").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, $"value-pyramid-{tag}.png") });

            var whale = page.Locator("#whale");
            if (await page.Locator("#chart-whale").CountAsync() > 0)
            {
                await Assertions.Expect(page.Locator("#chart-whale canvas")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#whale-peak")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#table-whale")).ToBeAttachedAsync();
            }
            else
            {
                await Assertions.Expect(page.Locator("#whale-empty")).ToBeVisibleAsync();
            }
            await whale.ScrollIntoViewIfNeededAsync();
            await whale.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, $"value-whale-{tag}.png") });
            await Assertions.Expect(page.Locator("#trace-generated")).ToBeAttachedAsync();
            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }
}
