using System.Security.Cryptography;
using Manyi.Core.Jobs;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Jobs;

/// <summary>
/// The lease step every background job takes before a pass (<see cref="JobLease"/>): with several server instances only the
/// holder of the job's lease row runs the pass; a lease not renewed before it expires can be taken by another instance.
/// </summary>
public static class JobLeaseStep
{
    /// <summary>A holder id for this instance: machine name and a random suffix (two jobs of one instance may share one).</summary>
    public static string NewHolder() => $"{Environment.MachineName}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>
    /// Takes (or renews) the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="length"/>; true when it is now held by <paramref name="holder"/>, false when another holder's lease runs.
    /// </summary>
    public static async Task<bool> TryTakeAsync(ManyiDbContext db, string name, string holder, DateTimeOffset now, TimeSpan length, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var until = now + length;
        // A conditional update: the row is ours when free, expired or already ours; the database serialises competing updates.
        var taken = await db.JobLeases.Where(l => l.Name == name && (l.Holder == null || l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken > 0)
        {
            return true;
        }
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }
        db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted the row first: its lease runs.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
