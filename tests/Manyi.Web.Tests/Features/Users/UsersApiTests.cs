using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Users;

public class UsersApiTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly Uri UsersUri = new("/api/v1/users", UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_WithoutPassword_ReturnsAOneTimePasswordThatMustBeChanged(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var userName = "analyst-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await admin.PostAsJsonAsync(UsersUri, new { userName, displayName = "王芳", role = Roles.Analyst });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("user").GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/users/{id}", created.Headers.Location?.OriginalString);
        Assert.True(body.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        var oneTime = body.GetProperty("oneTimePassword").GetString()!;
        Assert.Equal(16, oneTime.Length);

        // The new user signs in with it, must change it, changes it, and the flag is cleared.
        using var user = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        using var login = await user.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName, password = oneTime });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True((await login.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());
        using var changed = await user.PostAsJsonAsync(new Uri("/api/v1/auth/password", UriKind.Relative), new { currentPassword = oneTime, newPassword = "A-new-password-42" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        using var me = await user.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.False((await me.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());

        // Audited with the id and role, without the display name (personal data).
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "user.create" && a.Subject == id.ToString());
        Assert.Equal("role=analyst", audit.Details);
        Assert.StartsWith("administrator-", audit.ActorName, StringComparison.Ordinal);
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == "user.password-change" && a.Subject == id.ToString()).ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_BadInput_ValidationProblemNamesEachField_AndWritesNothing(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var other = await app.OtherOrganisationAsync();
        var before = await CountUsersAsync(app);
        var taken = (await app.CreateUserAsync(Roles.Viewer)).UserName;
        before++;

        var cases = new (object Body, string[] Fields)[]
        {
            (new { userName = "", displayName = " ", role = "boss" }, ["userName", "displayName", "role"]),
            (new { userName = "um-" + Guid.NewGuid().ToString("N")[..8], displayName = "U", role = Roles.UnitManager }, ["units"]),
            (new { userName = "um-" + Guid.NewGuid().ToString("N")[..8], displayName = "U", role = Roles.UnitManager, units = new[] { other.Unit } }, ["units"]),
            (new { userName = "an-" + Guid.NewGuid().ToString("N")[..8], displayName = "A", role = Roles.Analyst, units = new[] { (await app.HomeUnitAsync()).Id } }, ["units"]),
            (new { userName = "pw-" + Guid.NewGuid().ToString("N")[..8], displayName = "P", role = Roles.Viewer, password = "short" }, ["password"]),
            (new { userName = taken, displayName = "T", role = Roles.Viewer }, ["userName"]),
            (new { userName = "bad name with spaces", displayName = "T", role = Roles.Viewer }, ["userName"]),
        };
        foreach (var (body, fields) in cases)
        {
            using var response = await admin.PostAsJsonAsync(UsersUri, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(fields.ToHashSet(StringComparer.Ordinal), await response.ErrorFieldsAsync());
        }
        Assert.Equal(before, await CountUsersAsync(app));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_CreatedAndUpdated_KeepsExactlyTheGivenUnits(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var headOffice = await app.HomeUnitAsync();
        var (a, b) = (await app.AddUnitAsync(headOffice.Id), await app.AddUnitAsync(headOffice.Id));

        using var created = await admin.PostAsJsonAsync(UsersUri, new
        {
            userName = "um-" + Guid.NewGuid().ToString("N")[..8], displayName = "Manager", role = Roles.UnitManager, units = new[] { a }, password = "Manager-password-1",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal(JsonValueKindNull, body.GetProperty("oneTimePassword").ValueKind);
        var id = body.GetProperty("user").GetProperty("id").GetGuid();

        using var updated = await admin.PutAsJsonAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative), new { displayName = "Manager B", role = Roles.UnitManager, units = new[] { b } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var user = await updated.JsonAsync();
        Assert.Equal(new[] { b }, user.GetProperty("units").EnumerateArray().Select(u => u.GetGuid()).ToArray());
        Assert.Equal("Manager B", user.GetProperty("displayName").GetString());

        // Turned into an analyst, the unit list must go (analysts see every unit).
        using var analyst = await admin.PutAsJsonAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative), new { displayName = "Manager B", role = Roles.Analyst });
        Assert.Equal(HttpStatusCode.OK, analyst.StatusCode);
        Assert.Empty((await analyst.JsonAsync()).GetProperty("units").EnumerateArray());

        using var list = await admin.GetAsync(UsersUri);
        Assert.Contains((await list.JsonAsync()).EnumerateArray(), u => u.GetProperty("id").GetGuid() == id && u.GetProperty("role").GetString() == Roles.Analyst);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Lock_RefusesSignIn_Unlock_AllowsItAgain(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var (id, userName) = await app.CreateUserAsync(Roles.Viewer);
        using var anonymous = app.CreateClient();

        using var locked = await admin.PostAsync(new Uri($"/api/v1/users/{id}/lock", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.JsonAsync()).GetProperty("locked").GetBoolean());
        using var refused = await anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName, password = SignedInClients.Password });
        Assert.Equal((HttpStatusCode)423, refused.StatusCode);

        using var unlocked = await admin.PostAsync(new Uri($"/api/v1/users/{id}/unlock", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.False((await unlocked.JsonAsync()).GetProperty("locked").GetBoolean());
        using var accepted = await anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName, password = SignedInClients.Password });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Delete_RemovesTheUser_ButNeverYourselfOrTheLastAdministrator(DatabaseProvider provider)
    {
        // Own app: this test counts the organisation's administrators.
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var (selfId, _, cookie) = await app.SignInCookieAsync(Roles.Administrator);
        using var admin = app.ClientWithCookie(cookie);
        var (viewer, _) = await app.CreateUserAsync(Roles.Viewer);
        var firstAdmin = (await (await admin.GetAsync(UsersUri)).JsonAsync()).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == "admin").GetProperty("id").GetGuid();

        using var deleted = await admin.DeleteAsync(new Uri($"/api/v1/users/{viewer}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/v1/users/{viewer}", UriKind.Relative))).StatusCode);

        using var self = await admin.DeleteAsync(new Uri($"/api/v1/users/{selfId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("your own account", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Two administrators: "admin" (first start) and this one. Locking "admin" leaves one who can sign in ...
        using var lockFirst = await admin.PostAsync(new Uri($"/api/v1/users/{firstAdmin}/lock", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, lockFirst.StatusCode);
        // ... whom a key with the administer scope may neither delete, lock nor demote.
        var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, "ops", "administer");
        using var machine = app.ClientWithKey(key);
        using var deleteLast = await machine.DeleteAsync(new Uri($"/api/v1/users/{selfId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, deleteLast.StatusCode);
        using var lockLast = await machine.PostAsync(new Uri($"/api/v1/users/{selfId}/lock", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, lockLast.StatusCode);
        using var demoteLast = await machine.PutAsJsonAsync(new Uri($"/api/v1/users/{selfId}", UriKind.Relative), new { displayName = "x", role = Roles.Viewer });
        Assert.Equal(HttpStatusCode.Conflict, demoteLast.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        Assert.Equal(Roles.Administrator, (await db.Users.AsNoTracking().SingleAsync(u => u.Id == selfId)).Role);
        Assert.Equal("administer", (await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "apikey.create")).Details?.Split('=')[1]);
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == "user.delete" && a.Subject == viewer.ToString()).ToListAsync());
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == "user.lock" && a.Subject == firstAdmin.ToString()).ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task AnotherOrganisationsUser_IsNotFound_ForEveryRoute(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var other = await app.OtherOrganisationAsync();
        var user = new Uri($"/api/v1/users/{other.User}", UriKind.Relative);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(user)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync(user, new { displayName = "x", role = Roles.Viewer })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/v1/users/{other.User}/lock", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/v1/users/{other.User}/unlock", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(user)).StatusCode);
        using var list = await admin.GetAsync(UsersUri);
        Assert.DoesNotContain((await list.JsonAsync()).EnumerateArray(), u => u.GetProperty("id").GetGuid() == other.User);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var untouched = await db.Users.AsNoTracking().SingleAsync(u => u.Id == other.User);
        Assert.Equal(Roles.Administrator, untouched.Role);
        Assert.Null(untouched.LockoutEnd);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task<int> CountUsersAsync(ManyiWebFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().Users.CountAsync();
    }
}
