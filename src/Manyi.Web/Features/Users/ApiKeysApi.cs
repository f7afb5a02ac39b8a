using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Users;

/// <summary>The /api/v1/api-keys routes (administrators): create (the key is shown once), list, revoke.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Administer);
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("API keys of the organisation (never their secrets)");
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Create an API key; the key is in this response and nowhere else");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key (it is refused from then on)");
        return api;
    }

    /// <summary>An API key as lists show it: the prefix tells keys apart, the secret is never shown again.</summary>
    public sealed record ApiKeyDto(
        Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt, bool Revoked);

    /// <summary>Body of <c>POST /api/v1/api-keys</c>: a name and the scopes (policy names, <see cref="ApiKeyFormat.Scopes"/>).</summary>
    public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);

    /// <summary>The new key's record and the key itself (<c>manyi_&lt;prefix&gt;_&lt;secret&gt;</c>), returned only once.</summary>
    public sealed record CreatedApiKeyResponse(ApiKeyDto ApiKey, string Key);

    private static async Task<Ok<List<ApiKeyDto>>> ListAsync(CurrentUser current, ManyiDbContext db, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganisationId == organisationId)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.RevokedAt != null))
            .ToListAsync(ct);
        return TypedResults.Ok(keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Prefix, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["a name is required"];
        }
        else if (name.Length > 200)
        {
            errors["name"] = ["the name has more than 200 characters"];
        }
        var scopes = (request.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = scopes.Where(s => !ApiKeyFormat.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (scopes.Count == 0)
        {
            errors["scopes"] = [$"at least one scope is required: {string.Join(", ", ApiKeyFormat.Scopes)}"];
        }
        else if (unknown.Count > 0)
        {
            errors["scopes"] = [$"unknown scope(s) {string.Join(", ", unknown)}; the scopes are {string.Join(", ", ApiKeyFormat.Scopes)}"];
        }
        if (errors.Count > 0 || string.IsNullOrEmpty(name))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (text, prefix, hash) = ApiKeyFormat.Generate();
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            OrganisationId = current.OrganisationId,
            Name = name,
            Prefix = prefix,
            SecretHash = hash,
            Scopes = [.. scopes.Order(StringComparer.Ordinal)],
            CreatedBy = current.ActorId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        AuditLog.Write(db, current, clock, "apikey.create", key.Id.ToString(), "scopes=" + string.Join(",", key.Scopes));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", new CreatedApiKeyResponse(key.ToDto(), text));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganisationId == organisationId, ct);
        if (key is null)
        {
            return TypedResults.NotFound();
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            AuditLog.Write(db, current, clock, "apikey.revoke", key.Id.ToString(), null);
            await db.SaveChangesAsync(ct);
        }
        ApiKeyCache.Forget(key.Id);
        return TypedResults.NoContent();
    }

    private static ApiKeyDto ToDto(this ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.LastUsedAt, key.RevokedAt, key.RevokedAt is not null);
}
