using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Manyi.Web.Tests.Features.Users;

/// <summary>The caller's own account: /auth/me, /auth/password, /auth/logout, and the sign-in rate limit.</summary>
public class AccountTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly Uri Login = new("/api/v1/auth/login", UriKind.Relative);
    private static readonly Uri Me = new("/api/v1/auth/me", UriKind.Relative);
    private static readonly Uri Password = new("/api/v1/auth/password", UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Me_UnitManager_ShowsRoleAndUnits_LogoutEndsTheSession(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        using var client = await app.CreateClientAsAsync(Roles.UnitManager, home.Id);

        using var me = await client.GetAsync(Me);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.JsonAsync();
        Assert.Equal(Roles.UnitManager, body.GetProperty("role").GetString());
        Assert.Equal(home.OrganisationId, body.GetProperty("organisationId").GetGuid());
        Assert.Equal(new[] { home.Id }, body.GetProperty("units").EnumerateArray().Select(u => u.GetGuid()).ToArray());

        using var logout = await client.PostAsync(new Uri("/api/v1/auth/logout", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await client.GetAsync(Me);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ChangePassword_BadInput_NamesTheField_AndKeepsTheOldPassword(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (_, userName) = await app.CreateUserAsync(Roles.Viewer);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Login, new { userName, password = SignedInClients.Password })).StatusCode);

        using var wrongCurrent = await client.PostAsJsonAsync(Password, new { currentPassword = "not-the-password-1", newPassword = "Another-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Equal(["currentPassword"], await wrongCurrent.ErrorFieldsAsync());
        // Identity's policy here: at least 10 characters, a digit, a lower- and an upper-case letter.
        using var weak = await client.PostAsJsonAsync(Password, new { currentPassword = SignedInClients.Password, newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(["newPassword"], await weak.ErrorFieldsAsync());
        using var missing = await client.PostAsJsonAsync(Password, new { });
        Assert.Equal(["currentPassword", "newPassword"], (await missing.ErrorFieldsAsync()).Order(StringComparer.Ordinal));

        // The old password still signs in.
        using var again = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync(Login, new { userName, password = SignedInClients.Password })).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_MoreThanTenAttemptsInAMinute_429WithRetryAfter(DatabaseProvider provider)
    {
        // Own app with the production limit (the test factory raises it for everybody else).
        await using var app = await ManyiWebFactory.StartAsync(provider, new Dictionary<string, string>(StringComparer.Ordinal) { ["Manyi:Login:PermitsPerMinute"] = "10" });
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsJsonAsync(Login, new { userName = "nobody-" + i, password = "wrong-password-1" });
            statuses.Add(response.StatusCode);
            if (i == 10)
            {
                Assert.True(response.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1), $"Retry-After: {response.Headers.RetryAfter}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        // Ten permits per window of one minute: attempts 1–10 reach the sign-in (unknown user → 401), the 11th is refused.
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        // Other routes are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
