using System.Text;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The admin UI in a real browser (Debian's Chromium, headless, driven by Playwright): first sign-in, password change, language
/// switch, customer import with a bad row, the fixed import, and search. Screenshots go to bin/screenshots.
/// </summary>
public sealed class AdminUiTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string NewPassword = "E2e-password-2026";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static string Screenshots()
    {
        var dir = Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [SkippableFact]
    public async Task FirstSignIn_ImportWithBadRowThenFixed_FindsTheCustomerInChinese()
    {
        // CI always has Chromium (.ci/run installs it) and fails without it; a developer's machine without it reports a skip.
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does)");
        await using var server = await ManyiServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), Locale = "en-US" });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) =>
        {
            // A script still loading when the test navigates on (the language switch reloads the page) is aborted by the
            // browser; that is the navigation, not a failure of the server.
            if (request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) != true)
            {
                problems.Add("request failed: " + request.Url + " " + request.Failure);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status}: {response.Url}");
            }
        };
        var shots = Screenshots();

        // Signed out, home sends us to /login (English: the browser asks for en-US).
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.Locator("#Input_UserName").FillAsync("admin");
        await page.Locator("#Input_Password").FillAsync(server.AdministratorPassword);
        await page.Locator("#sign-in").ClickAsync();

        // The first administrator must replace the one-time password.
        await Assertions.Expect(page.Locator("#must-change")).ToBeVisibleAsync();
        await page.Locator("#Input_Current").FillAsync(server.AdministratorPassword);
        await page.Locator("#Input_New").FillAsync(NewPassword);
        await page.Locator("#Input_Confirm").FillAsync(NewPassword);
        await page.Locator("#change-password").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");

        // Switch to Chinese: the whole UI follows, and the choice sticks (cookie).
        await page.Locator("#language-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("概览");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "01-home-zh.png"), FullPage = true });

        // Import a file whose third line is bad: the dry run names line, column, value and reason, and imports nothing.
        var code = "E2E-" + Guid.NewGuid().ToString("N")[..8];
        var bad = $"code,name,unit,segment,tier,value\n{code}-1,华北电力用户甲,HQ,Industrial,A,120000.50\n{code}-2,华北电力用户乙,HQ,Residential,B,12.3.4\n";
        await page.GotoAsync("/customers/import");
        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await page.Locator("#check").ClickAsync();
        var issues = page.Locator("#import-issues tbody tr");
        await Assertions.Expect(issues).ToHaveCountAsync(1);
        await Assertions.Expect(issues.First.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(issues.First.Locator("td").Nth(1)).ToHaveTextAsync("value");
        await Assertions.Expect(issues.First.Locator("td").Nth(2)).ToHaveTextAsync("12.3.4");
        await Assertions.Expect(page.Locator("#import")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "02-import-bad-row.png"), FullPage = true });
        await page.GotoAsync("/customers?q=" + Uri.EscapeDataString(code));
        await Assertions.Expect(page.Locator("#no-customers")).ToBeVisibleAsync();

        // Fix the row and import.
        await page.GotoAsync("/customers/import");
        var good = bad.Replace("12.3.4", "12.34", StringComparison.Ordinal);
        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(good) });
        await page.Locator("#check").ClickAsync();
        await Assertions.Expect(page.Locator("#import-clean")).ToBeVisibleAsync();
        await page.Locator("#import").ClickAsync();
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("新增 2 个客户");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "03-import-done.png"), FullPage = true });

        // Find the customer with the live search (htmx swaps the results while typing) and open it.
        await page.Locator("nav.nav a[href='/customers']").ClickAsync();
        await page.Locator("#q").FillAsync("用户乙");
        var row = page.Locator("#customer-table tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.First).ToContainTextAsync(code + "-2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "04-search.png"), FullPage = true });
        await row.First.Locator("a.customer-name").ClickAsync();
        await Assertions.Expect(page.Locator("#customer-name")).ToHaveTextAsync("华北电力用户乙");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "05-customer.png"), FullPage = true });

        // The home page now draws the tier chart with ECharts.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#tier-chart canvas")).ToHaveCountAsync(1);
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "06-home-mobile.png"), FullPage = true });

        Assert.Empty(problems);
    }
}
