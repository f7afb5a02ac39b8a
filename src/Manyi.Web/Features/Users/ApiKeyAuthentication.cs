using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Manyi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Users;

/// <summary>
/// API keys for machine clients (product.md M12). A key reads <c>manyi_&lt;prefix&gt;_&lt;secret&gt;</c>: the prefix (8 characters)
/// tells keys apart in lists, the secret (43 characters of [0-9A-Za-z], ≈ 256 random bits) is stored only as its SHA-256 hash.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>The authentication scheme of keys sent as <c>Authorization: Bearer …</c> or <c>X-Api-Key: …</c>.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The value of the <see cref="ManyiClaims.Role"/> claim of a key principal; keys pass a policy only through their scopes.</summary>
    public const string Role = "api-key";

    public const string HeaderName = "X-Api-Key";

    private const string Start = "manyi_";
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int PrefixLength = 8;

    /// <summary>43 characters of a 62-letter alphabet: 43 · log2(62) ≈ 256 bits.</summary>
    private const int SecretLength = 43;

    /// <summary>The scopes a key may hold: the names of the policies (<see cref="Policies.RolesFor"/>).</summary>
    public static IReadOnlyList<string> Scopes { get; } = [.. Policies.RolesFor.Keys];

    /// <summary>A new key: the full text to hand out once, its prefix, and the hash to store.</summary>
    public static (string Key, string Prefix, string SecretHash) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);
        return ($"{Start}{prefix}_{secret}", prefix, Hash(secret));
    }

    /// <summary>Splits a presented key into prefix and secret; false when it does not have the shape of a Manyi key.</summary>
    public static bool TryParse(string? key, out string prefix, out string secret)
    {
        prefix = secret = string.Empty;
        if (key is null || key.Length != Start.Length + PrefixLength + 1 + SecretLength || !key.StartsWith(Start, StringComparison.Ordinal)
            || key[Start.Length + PrefixLength] != '_')
        {
            return false;
        }
        prefix = key.Substring(Start.Length, PrefixLength);
        secret = key[(Start.Length + PrefixLength + 1)..];
        return prefix.All(c => PrefixAlphabet.Contains(c, StringComparison.Ordinal)) && secret.All(char.IsAsciiLetterOrDigit);
    }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The key a request presents (<c>Authorization: Bearer</c> or <c>X-Api-Key</c>), or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}

/// <summary>
/// Authenticates a request that presents an API key: a principal with the same claims as a signed-in user (organisation, actor
/// id and name, role "api-key") plus one <see cref="ManyiClaims.Scope"/> claim per scope. Unknown and revoked keys are refused.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ManyiDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>LastUsedAt is written at most this often, so that busy clients do not turn every read into a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ApiKeyFormat.Presented(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiKeyFormat.TryParse(presented, out var prefix, out var secret))
        {
            return AuthenticateResult.Fail("not a Manyi API key");
        }
        var hash = ApiKeyFormat.Hash(secret);
        var ct = Context.RequestAborted;
        var now = clock.GetUtcNow();
        // Busy machine clients (the transactional API) present the same key thousands of times a second: a key read from the
        // database is trusted for ApiKeyCache.Lifetime; revoking through the API forgets it at once.
        if (!ApiKeyCache.TryGet(hash, now, out var key))
        {
            key = await db.ApiKeys.AsNoTracking().Where(k => k.SecretHash == hash)
                .Select(k => new CachedApiKey(k.Id, k.OrganisationId, k.Name, k.Prefix, k.SecretHash, k.Scopes, k.LastUsedAt, k.RevokedAt))
                .FirstOrDefaultAsync(ct);
            if (key is not null)
            {
                ApiKeyCache.Set(hash, key, now);
            }
        }
        // Only hashes are stored, so the lookup compares hashes, never secrets; the constant-time comparison afterwards keeps
        // the final decision independent of how many characters match, whatever the database's string comparison does.
        if (key is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(hash))
            || !string.Equals(key.Prefix, prefix, StringComparison.Ordinal))
        {
            LogUnknownKey(Logger, prefix);
            return AuthenticateResult.Fail("unknown API key");
        }
        if (key.RevokedAt is not null)
        {
            LogRevokedKey(Logger, key.Id);
            return AuthenticateResult.Fail("the API key is revoked");
        }
        if (key.LastUsedAt is null || now - key.LastUsedAt.Value >= LastUsedResolution)
        {
            var id = key.Id;
            key.LastUsedAt = now;
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        var actor = "api-key:" + key.Name;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, actor),
            new(ManyiClaims.Organisation, key.OrganisationId.ToString()),
            new(ManyiClaims.Role, ApiKeyFormat.Role),
            new(ManyiClaims.ActorName, actor),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ManyiClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyFormat.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyFormat.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an unknown API key with prefix {Prefix}")]
    private static partial void LogUnknownKey(ILogger logger, string prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused the revoked API key {KeyId}")]
    private static partial void LogRevokedKey(ILogger logger, Guid keyId);
}

/// <summary>What authentication needs of a stored key (a cache entry of <see cref="ApiKeyCache"/>).</summary>
internal sealed record CachedApiKey(Guid Id, Guid OrganisationId, string Name, string Prefix, string SecretHash, List<string> Scopes, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public DateTimeOffset? LastUsedAt { get; set; } = LastUsedAt;
}

/// <summary>
/// Keys read from the database, by secret hash, trusted for <see cref="Lifetime"/> so that a busy client's requests do not each
/// read the key. Revocation through the API calls <see cref="Forget"/> (effective at once on this server, within
/// <see cref="Lifetime"/> on any other).
/// </summary>
internal static class ApiKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<string, (CachedApiKey Key, DateTimeOffset Expires)> Entries = new(StringComparer.Ordinal);

    public static bool TryGet(string hash, DateTimeOffset now, [NotNullWhen(true)] out CachedApiKey? key)
    {
        if (Entries.TryGetValue(hash, out var entry) && entry.Expires > now)
        {
            key = entry.Key;
            return true;
        }
        key = null;
        return false;
    }

    public static void Set(string hash, CachedApiKey key, DateTimeOffset now)
    {
        if (Entries.Count > 10_000)
        {
            Entries.Clear();
        }
        Entries[hash] = (key, now + Lifetime);
    }

    /// <summary>Drops the key from the cache (after revocation).</summary>
    public static void Forget(Guid keyId)
    {
        foreach (var (hash, entry) in Entries)
        {
            if (entry.Key.Id == keyId)
            {
                Entries.TryRemove(hash, out _);
            }
        }
    }
}
