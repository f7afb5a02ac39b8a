namespace Manyi.Core.Users;

/// <summary>
/// A key for machine clients (product.md M12). Only a SHA-256 hash of the secret is stored; the secret is shown once at
/// creation. Scopes name what the key may do (e.g. "customers:read", "customers:write").
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists so that people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public List<string> Scopes { get; set; } = [];

    public Guid CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
