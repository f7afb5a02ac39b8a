using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Security;

/// <summary>Helpers of the users, units and security tests: sign-in cookies, API keys, other organisations, JSON.</summary>
public static class SecurityTestData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new user of <paramref name="role"/> in the first organisation, signed in; returns the user's id and the cookie header.</summary>
    public static async Task<(Guid Id, string UserName, string Cookie)> SignInCookieAsync(this ManyiWebFactory app, string role, params Guid[] units)
    {
        var (id, userName) = await app.CreateUserAsync(role, units);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName, password = SignedInClients.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("manyi=", StringComparison.Ordinal));
        return (id, userName, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    /// <summary>A new user in the first organisation with <see cref="SignedInClients.Password"/>.</summary>
    public static async Task<(Guid Id, string UserName)> CreateUserAsync(this ManyiWebFactory app, string role, params Guid[] units)
    {
        ArgumentNullException.ThrowIfNull(app);
        var userName = $"{role}-{Guid.NewGuid():N}"[..24];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ManyiUser>>();
        var user = new ManyiUser { Id = Guid.NewGuid(), UserName = userName, DisplayName = userName, Role = role, OrganisationId = organisation.Id, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, SignedInClients.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        db.UserUnits.AddRange(units.Select(u => new UserUnit { UserId = user.Id, UnitId = u }));
        await db.SaveChangesAsync();
        return (user.Id, userName);
    }

    /// <summary>The top unit of the first organisation (unlike HeadOfficeAsync, right also when other organisations exist).</summary>
    public static async Task<Unit> HomeUnitAsync(this ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        return await db.Units.AsNoTracking().SingleAsync(u => u.ParentId == null && u.OrganisationId == organisation);
    }

    /// <summary>A new unit below <paramref name="parent"/>, written straight to the database.</summary>
    public static async Task<Guid> AddUnitAsync(this ManyiWebFactory app, Guid parent, UnitKind kind = UnitKind.Branch)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Units.Where(u => u.Id == parent).Select(u => u.OrganisationId).SingleAsync();
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = organisation, ParentId = parent, Code = "U-" + Guid.NewGuid().ToString("N")[..10], Name = "Unit", Kind = kind };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    }

    /// <summary>A client that sends <paramref name="cookie"/> on every request and keeps no cookies of its own.</summary>
    public static HttpClient ClientWithCookie(this ManyiWebFactory app, string cookie)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>A client that presents <paramref name="key"/> as <c>Authorization: Bearer</c>.</summary>
    public static HttpClient ClientWithKey(this ManyiWebFactory app, string key)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates an API key through the API as <paramref name="admin"/>; returns its id and the key text.</summary>
    public static async Task<(Guid Id, string Key)> CreateApiKeyAsync(HttpClient admin, string name, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostAsJsonAsync(new Uri("/api/v1/api-keys", UriKind.Relative), new { name, scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return (body.GetProperty("apiKey").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    /// <summary>A second organisation with a unit, a user and an API key, written straight to the database.</summary>
    public static async Task<(Guid Organisation, Guid Unit, Guid User, Guid Key)> OtherOrganisationAsync(this ManyiWebFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = "Other", CreatedAt = DateTimeOffset.UtcNow };
        var unit = new Unit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Code = "O-" + Guid.NewGuid().ToString("N")[..8], Name = "Other HQ", Kind = UnitKind.Company };
        db.Organisations.Add(organisation);
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ManyiUser>>();
        var user = new ManyiUser { Id = Guid.NewGuid(), UserName = "other-" + Guid.NewGuid().ToString("N")[..8], DisplayName = "Other", Role = Roles.Administrator, OrganisationId = organisation.Id };
        Assert.True((await users.CreateAsync(user, SignedInClients.Password)).Succeeded);
        var key = new ApiKey { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Name = "other", Prefix = "otherkey", SecretHash = Guid.NewGuid().ToString("N"), Scopes = ["read-data"] };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (organisation.Id, unit.Id, user.Id, key.Id);
    }

    /// <summary>Reads a JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The field names of a ValidationProblem's <c>errors</c>.</summary>
    public static async Task<HashSet<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        return body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }
}
