namespace Manyi.Core.Jobs;

/// <summary>
/// A background job's lease and progress, kept in the database so that with several server instances one runs each pass and a
/// restarted instance continues where the last pass stopped. A holder takes the lease with a conditional update (free, expired or
/// already its own); work that must happen once is additionally guarded by a conditional update of the row it changes.
/// </summary>
public sealed class JobLease
{
    /// <summary>The job's name, e.g. "case-clock"; the primary key.</summary>
    public required string Name { get; set; }

    /// <summary>The instance holding the lease (machine name and a random suffix), or null when free.</summary>
    public string? Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Where the job got to (e.g. the submission time up to which responses were checked against alert rules).</summary>
    public string? Cursor { get; set; }
}
