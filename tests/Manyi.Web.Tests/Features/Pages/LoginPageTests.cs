using System.Net;
using System.Text.RegularExpressions;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Manyi.Web.Tests.Features.Pages;

public partial class LoginPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [GeneratedRegex("one-time password ([A-Za-z0-9]+)")]
    private static partial Regex OneTimePassword();

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_NoLanguageAsked_RendersChinese(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = app.CreateClient();
        var html = await client.GetHtmlAsync("/login");
        // zh-CN is the default culture; the texts are those of SharedResource.zh-CN.resx.
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("登录", html, StringComparison.Ordinal);
        Assert.Contains("用户名", html, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_EnglishByAcceptLanguageOrCookie_RendersEnglish(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var byHeader = app.CreateClient();
        byHeader.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var html = await byHeader.GetHtmlAsync("/login");
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.Contains("User name", html, StringComparison.Ordinal);

        // The language switch posts to /culture, which sets the culture cookie and returns to the page.
        using var switching = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = await switching.GetTokenAsync("/login");
        var switched = await switching.PostFormAsync("/culture", ("culture", "en"), ("returnUrl", "/login"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/login", switched.Headers.Location?.OriginalString);
        var after = await switching.GetHtmlAsync("/login");
        Assert.Contains("<html lang=\"en\">", after, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_PostWithoutAntiforgeryToken_Is400AndSignsNobodyIn(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var password = OneTimePassword().Match(app.FirstStartOutput).Groups[1].Value;
        var response = await client.PostFormAsync("/login", ("Input.UserName", FirstStartName), ("Input.Password", password));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("manyi=", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_FirstAdministrator_IsSentToChangeThePassword(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var password = OneTimePassword().Match(app.FirstStartOutput).Groups[1].Value;
        Assert.NotEmpty(password);
        var token = await client.GetTokenAsync("/login");
        var response = await client.PostFormAsync("/login", ("Input.UserName", FirstStartName), ("Input.Password", password), ("__RequestVerificationToken", token));
        // The first administrator has MustChangePassword = true (FirstStart), so the login goes to the password page, not home.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/password", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var page = await client.GetHtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("id=\"must-change\"", page, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_WrongPassword_ShowsMessageInThePage(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await client.GetTokenAsync("/login");
        var response = await client.PostFormAsync("/login", ("Input.UserName", "nobody-" + Guid.NewGuid().ToString("N")), ("Input.Password", "Wrong-password-1"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_AnonymousOrWrongRole_AreRedirectedToLoginOrDenied(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/", "/customers", "/customers/import", "/admin/users", "/admin/audit", "/units", "/account/password" })
        {
            var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", Forms.PathOf(response.Headers.Location), StringComparison.Ordinal);
        }
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        // A viewer reads customers but may not write them nor administer (Policies.RolesFor).
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/customers", UriKind.Relative))).StatusCode);
        foreach (var path in new[] { "/customers/new", "/customers/import", "/admin/users", "/admin/audit" })
        {
            var response = await viewer.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/denied", Forms.PathOf(response.Headers.Location), StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex PostForm();

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_EveryPostForm_CarriesAnAntiforgeryToken(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var forms = 0;
        foreach (var path in new[] { "/", "/customers", "/customers/new", "/customers/import", "/admin/users", "/units", "/account/password", "/logout" })
        {
            foreach (Match form in PostForm().Matches(await admin.GetHtmlAsync(path)))
            {
                forms++;
                Assert.Contains("name=\"__RequestVerificationToken\"", form.Groups[1].Value, StringComparison.Ordinal);
            }
        }
        // Each page has at least the layout's language, unit and sign-out forms.
        Assert.True(forms >= 8 * 3, $"only {forms} forms found");
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_MoreThanTenPostsInAMinute_429_ShowingTheFormIsNotLimited(DatabaseProvider provider)
    {
        // Own app with the production limit (the test factory raises it for everybody else).
        await using var app = await ManyiWebFactory.StartAsync(provider, new Dictionary<string, string>(StringComparer.Ordinal) { ["Manyi:Login:PermitsPerMinute"] = "10" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.GetTokenAsync("/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostFormAsync("/login", ("Input.UserName", "nobody-" + i), ("Input.Password", "wrong-password-1"), ("__RequestVerificationToken", token));
            statuses.Add(response.StatusCode);
        }
        // Ten permits per window of one minute, as for POST /api/v1/auth/login: attempts 1–10 reach the sign-in (unknown user →
        // the form again with its error), the 11th is refused before it.
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        // The form itself is still shown (GET does not count).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode);
    }

    private const string FirstStartName = Manyi.Web.Hosting.FirstStart.AdministratorUserName;
}
