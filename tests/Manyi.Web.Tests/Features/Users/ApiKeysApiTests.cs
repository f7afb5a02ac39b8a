using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Users;

public partial class ApiKeysApiTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly Uri Keys = new("/api/v1/api-keys", UriKind.Relative);
    private static readonly Uri UnitsUri = new("/api/v1/units", UriKind.Relative);

    /// <summary>manyi_ + 8 prefix characters + _ + 43 characters of [A-Za-z0-9]: 43 · log2 62 = 43 · 5.954 ≈ 256 bits ≥ 128.</summary>
    [GeneratedRegex("^manyi_([a-z0-9]{8})_([A-Za-z0-9]{43})$")]
    private static partial Regex KeyShape();

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_ReturnsTheKeyOnce_AndStoresOnlyTheSha256OfTheSecret(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);

        using var created = await admin.PostAsJsonAsync(Keys, new { name = "erp-sync", scopes = new[] { "read-data", "write-customers" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var key = body.GetProperty("key").GetString()!;
        var match = KeyShape().Match(key);
        Assert.True(match.Success, key);
        var id = body.GetProperty("apiKey").GetProperty("id").GetGuid();
        Assert.Equal(match.Groups[1].Value, body.GetProperty("apiKey").GetProperty("prefix").GetString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id);
            // The hash computed here independently: lower-case hex of SHA-256 over the UTF-8 secret.
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[2].Value))), stored.SecretHash);
            Assert.DoesNotContain(match.Groups[2].Value, stored.SecretHash + stored.Name + stored.Prefix, StringComparison.Ordinal);
        }

        using var list = await admin.GetAsync(Keys);
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains(id.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(match.Groups[2].Value, listed, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Key_ActsWithItsScopesOnly_BearerOrHeader_AndIsRefusedOnceRevoked(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var (id, key) = await SecurityTestData.CreateApiKeyAsync(admin, "reader", "read-data");

        using var bearer = app.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(UnitsUri)).StatusCode);
        using var header = app.CreateClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync(UnitsUri)).StatusCode);
        // Without the administer scope: 403, and nothing created.
        using var refused = await bearer.PostAsJsonAsync(UnitsUri, new { parentId = (await app.HomeUnitAsync()).Id, code = "KEY-1", name = "By key", kind = "branch" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var me = await bearer.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        var body = await me.JsonAsync();
        Assert.Equal("api-key", body.GetProperty("role").GetString());
        Assert.Equal("api-key:reader", body.GetProperty("name").GetString());
        Assert.Equal(["read-data"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        using var listed = await admin.GetAsync(Keys);
        var entry = (await listed.JsonAsync()).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, entry.GetProperty("lastUsedAt").ValueKind);

        using var revoked = await admin.DeleteAsync(new Uri($"/api/v1/api-keys/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await bearer.GetAsync(UnitsUri);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Key_AdministerScope_IsAuditedUnderItsName(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var name = "provisioning-" + Guid.NewGuid().ToString("N")[..6];
        var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, name, "administer", "read-data");
        using var machine = app.ClientWithKey(key);

        using var created = await machine.PostAsJsonAsync(UnitsUri, new { parentId = (await app.HomeUnitAsync()).Id, code = "K-" + Guid.NewGuid().ToString("N")[..8], name = "By key", kind = "branch" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var unit = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().AuditEntries.AsNoTracking().SingleAsync(a => a.Subject == unit.ToString());
        Assert.Equal("unit.create", audit.Action);
        Assert.Equal("api-key:" + name, audit.ActorName);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Unknown_Malformed_Or_OtherOrganisationKeys_AreRefused(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var other = await app.OtherOrganisationAsync();
        var (_, real) = await SecurityTestData.CreateApiKeyAsync(admin, "real", "read-data");
        // Same prefix, last secret character changed: a different hash.
        var forged = real[..^1] + (real[^1] == 'A' ? 'B' : 'A');
        foreach (var key in new[] { forged, "manyi_short_x", "not-a-key", real + "x" })
        {
            using var client = app.ClientWithKey(key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(UnitsUri)).StatusCode);
        }
        // An administrator cannot revoke another organisation's key; bad requests name the field and create nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/v1/api-keys/{other.Key}", UriKind.Relative))).StatusCode);
        using var unknownScope = await admin.PostAsJsonAsync(Keys, new { name = "x", scopes = new[] { "read-data", "root" } });
        Assert.Equal(["scopes"], await unknownScope.ErrorFieldsAsync());
        using var noName = await admin.PostAsJsonAsync(Keys, new { scopes = new[] { "read-data" } });
        Assert.Equal(["name"], await noName.ErrorFieldsAsync());
        using var list = await admin.GetAsync(Keys);
        var names = (await list.JsonAsync()).EnumerateArray().Select(k => k.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("x", names);
        Assert.DoesNotContain("other", names);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Id == other.Key)).RevokedAt);
    }
}
