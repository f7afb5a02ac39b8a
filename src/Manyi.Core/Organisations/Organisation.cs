namespace Manyi.Core.Organisations;

/// <summary>A company that uses Manyi; every record belongs to exactly one organisation (tenant).</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
