using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Infrastructure;

/// <summary>Creates users of a role and returns HTTP clients signed in as them through <c>POST /api/v1/auth/login</c>.</summary>
public static class SignedInClients
{
    public const string Password = "Test-password-123";

    /// <summary>A new user of <paramref name="role"/> in the first organisation (unit managers get <paramref name="units"/>), signed in.</summary>
    public static async Task<HttpClient> CreateClientAsAsync(this ManyiWebFactory app, string role, params Guid[] units)
    {
        ArgumentNullException.ThrowIfNull(app);
        var userName = $"{role}-{Guid.NewGuid():N}"[..20];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ManyiUser>>();
            var user = new ManyiUser { Id = Guid.NewGuid(), UserName = userName, DisplayName = userName, Role = role, OrganisationId = organisation.Id, CreatedAt = DateTimeOffset.UtcNow };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            foreach (var unit in units)
            {
                db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = unit });
            }
            await db.SaveChangesAsync();
        }
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>The head-office unit created at first start.</summary>
    public static async Task<Unit> HeadOfficeAsync(this ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Units.AsNoTracking().SingleAsync(u => u.ParentId == null);
    }
}
