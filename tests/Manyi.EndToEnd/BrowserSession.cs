using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// What the browser tests share: Debian's Chromium, one context per culture whose console and script errors are collected, the
/// sign-in with the language switch, and the screenshot folder (tests/Manyi.EndToEnd/bin/screenshots).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where the screenshots go (created).</summary>
    public static string Screenshots
    {
        get
        {
            var path = Repository.Path("tests", "Manyi.EndToEnd", "bin", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Skips the test off CI when Chromium is missing; on CI a missing Chromium fails it.</summary>
    public static void SkipWithoutChromium()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!onCi && !File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser test");
    }

    public static async Task<BrowserSession> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A new context in the culture with a page signed in as the user (and switched to English for "en"); errors collects console and script errors.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignInAsync(Uri server, string locale, string user, string password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
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
        return (context, page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
