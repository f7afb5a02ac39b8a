using System.Threading.Channels;
using Manyi.Core.Collection;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Responses;

/// <summary>
/// Group commit of submitted responses: submissions that wait at the same moment are inserted in ONE transaction, so that a
/// burst costs one synchronous log write instead of one per response (a commit waits for the disk, ~ms; the insert itself is
/// µs). One writer per process, which also gives SQLite the single writer it wants. The database still decides duplicates: when
/// a batch breaks the unique (WaveId, IdempotencyKey) index, its rows are inserted one by one so that each submission learns
/// whether its own key was taken. On PostgreSQL a batch goes in by binary COPY (<see cref="ResponseCopy"/>).
/// </summary>
public sealed partial class ResponseWriter(IServiceScopeFactory scopes, ILogger<ResponseWriter> logger) : IDisposable
{
    /// <summary>At most this many responses per transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _loop;

    private sealed record Pending(Response Response, TaskCompletionSource<bool> Done);

    /// <summary>Inserts the response; true when stored, false when its idempotency key was already taken in its wave.</summary>
    public Task<bool> InsertAsync(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_lock)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(response, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(ResponseWriter)));
        }
        return done.Task;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await WriteAsync(batch, stop);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetCanceled(stop);
            }
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stop);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken stop)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var rows = batch.Select(p => p.Response).ToList();
            // PostgreSQL takes the batch by binary COPY, SQLite by one INSERT batch; either writes all rows or none.
            var stored = db is PostgresManyiDbContext ? await ResponseCopy.TryCopyAsync(db, rows, stop) : await TryInsertAllAsync(db, rows, stop);
            if (stored)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(true);
                }
                return;
            }
            // A key of the batch was taken (a resubmission): nothing of the batch was written; one by one now.
            foreach (var pending in batch)
            {
                db.Responses.Add(pending.Response);
                try
                {
                    await db.SaveChangesAsync(stop);
                    pending.Done.TrySetResult(true);
                }
                catch (DbUpdateException e) when (ResponseIntake.IsUniqueViolation(e))
                {
                    pending.Done.TrySetResult(false);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            LogBatchFailed(logger, batch.Count, e);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    /// <summary>One INSERT batch in one transaction; false, with nothing written, when a row's idempotency key is taken.</summary>
    private static async Task<bool> TryInsertAllAsync(ManyiDbContext db, List<Response> rows, CancellationToken stop)
    {
        db.Responses.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(stop);
            return true;
        }
        catch (DbUpdateException e) when (ResponseIntake.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        _stop.Dispose();
    }

    [LoggerMessage(5101, LogLevel.Error, "Writing a batch of {Count} responses failed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
