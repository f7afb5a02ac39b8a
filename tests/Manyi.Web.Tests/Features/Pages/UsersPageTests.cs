using System.Net;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Pages;

public class UsersPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CreateUser_UnitManagerWithUnit_IsStoredWithScopeAndAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var token = await admin.GetTokenAsync("/admin/users");
        var userName = "mgr-" + Guid.NewGuid().ToString("N")[..8];

        // A unit manager without a unit is refused and nothing is stored.
        var refused = await admin.PostFormAsync("/admin/users", ("Input.UserName", userName), ("Input.DisplayName", "Manager"),
            ("Input.Role", Roles.UnitManager), ("Input.Password", "First-password-1"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ManyiUser>>().FindByNameAsync(userName));
        }

        var created = await admin.PostFormAsync("/admin/users", ("Input.UserName", userName), ("Input.DisplayName", "<b>Manager</b>"),
            ("Input.Role", Roles.UnitManager), ("Input.Units", unit.Id.ToString()), ("Input.Password", "First-password-1"), ("__RequestVerificationToken", token));
        var html = await created.Content.ReadAsStringAsync();
        Assert.Contains("id=\"user-created\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Manager&lt;/b&gt;", html, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
            Assert.True(user.MustChangePassword);
            Assert.Equal(Roles.UnitManager, user.Role);
            Assert.Equal(unit.Id, (await db.UserUnits.AsNoTracking().SingleAsync(u => u.UserId == user.Id)).UnitId);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.create" && a.Subject == user.Id.ToString()));
        }
    }
}
