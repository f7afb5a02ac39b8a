using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The PDCA board and an action page (product.md M7) on the demo in a real browser, zh-CN and en: the Pudong branch (SH-PD) has
/// demo actions in all four columns and goals of its own and of the organisation; the checked action shows its effect chart.
/// Screenshots pdca-board-&lt;culture&gt;.png (issue 9 acceptance) and improvement-action-&lt;culture&gt;.png; no console or script errors.
/// </summary>
public sealed class ImprovementUiTests
{
    [SkippableFact]
    public async Task PdcaBoardAndActionPage_OnTheDemo_RenderInBothLanguages_WithoutErrors()
    {
        BrowserSession.SkipWithoutChromium();
        await using var server = await ManyiServer.StartAsync();
        var filled = await DemoData.FillAsync(server.Services);
        Assert.True(filled.Created, filled.Refusal);
        Guid unitId;
        Guid actionId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            unitId = await db.Units.AsNoTracking().Where(u => u.Code == "SH-PD").Select(u => u.Id).FirstAsync();
            actionId = await db.ImprovementActions.AsNoTracking().Where(a => a.UnitId == unitId && a.Status == ActionStatus.Checked)
                .OrderBy(a => a.Number).Select(a => a.Id).FirstAsync();
        }

        await using var session = await BrowserSession.LaunchAsync();
        var shots = BrowserSession.Screenshots;
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var (context, page, errors) = await session.SignInAsync(server.Address, locale, "admin", server.AdministratorPassword);
            await using var _ = context;
            var tag = locale == "en" ? "en" : "zh-CN";

            await page.GotoAsync($"/improvement?unit={unitId}");
            await Assertions.Expect(page.Locator("#pdca-board")).ToBeVisibleAsync();
            foreach (var column in new[] { "plan", "do", "check", "act" })
            {
                Assert.True(await page.Locator($"#column-{column} .action-card").CountAsync() > 0, $"the {column} column has cards");
            }
            await Assertions.Expect(page.Locator("#board-goals-table")).ToBeVisibleAsync();
            Assert.True(await page.Locator("#board-goals-table tbody tr").CountAsync() >= 2, "the unit's and the organisation's goals are listed");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"pdca-board-{tag}.png"), FullPage = true });

            await page.GotoAsync($"/improvement/actions/{actionId}");
            await Assertions.Expect(page.Locator("#action-details")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#effect-chart canvas")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"improvement-action-{tag}.png"), FullPage = true });
            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }
}
