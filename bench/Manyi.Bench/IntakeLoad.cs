using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Manyi.Bench;

/// <summary>
/// Load test of the transactional API (issue 5): starts the real Manyi host on loopback Kestrel (SQLite file in a temp directory,
/// or a fresh PostgreSQL database), creates a wave of the NPS template and an API key with the submit-responses scope, then
/// POSTs responses with C concurrent clients, each with its own Idempotency-Key, bounded by a count AND a time. Reports sustained
/// submissions/s, p50/p95/p99 latency and errors, and checks count in (201 answers) = count stored (SELECT COUNT).
/// </summary>
internal static class IntakeLoad
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? postgres = null;
        var count = 50_000;
        var seconds = 30.0;
        var concurrency = 32;
        var warmup = 2_000;
        var wal = true;
        var raw = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--postgres":
                    postgres = args[++i];
                    break;
                case "--count":
                    count = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-wal":
                    wal = false;
                    break;
                case "--client":
                    raw = args[++i] switch
                    {
                        "raw" => true,
                        "httpclient" => false,
                        _ => throw new ArgumentException("--client is raw or httpclient"),
                    };
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    output.WriteLine($"unknown option {args[i]}; options: --postgres CONN --count N --seconds S --concurrency C --warmup N --client raw|httpclient --no-wal");
                    return 2;
            }
        }
        if (postgres == "env")
        {
            postgres = Environment.GetEnvironmentVariable("MANYI_TEST_POSTGRES") ?? throw new InvalidOperationException("MANYI_TEST_POSTGRES is not set");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), $"manyi-intake-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        string? database = null;
        var provider = postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;
        var connection = $"Data Source={Path.Combine(dataDir, "manyi.db")}";
        if (postgres is not null)
        {
            database = $"manyi_bench_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
            connection = new NpgsqlConnectionStringBuilder(postgres) { Database = database, MaxPoolSize = 100 }.ConnectionString;
        }
        try
        {
            var app = ManyiApp.Build([], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration["Manyi:DataDirectory"] = dataDir;
                builder.Configuration["Manyi:Database:Provider"] = provider.ToString();
                builder.Configuration["Manyi:Database:ConnectionString"] = connection;
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(new FirstStartConsole(TextWriter.Null));
            });
            await app.StartAsync();
            try
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                var (waveId, key) = await SeedAsync(app.Services);
                if (provider == DatabaseProvider.Sqlite && !wal)
                {
                    // Manyi switches SQLite to write-ahead logging at start; --no-wal measures the rollback journal instead.
                    await using var walScope = app.Services.CreateAsyncScope();
                    await walScope.ServiceProvider.GetRequiredService<ManyiDbContext>().Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;");
                }
                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
                using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                var url = new Uri($"/api/v1/waves/{waveId}/responses", UriKind.Relative);

                Func<Task<Submitter>> connect = raw ? () => RawSubmitterAsync(new Uri(address), url, key) : () => Task.FromResult(HttpClientSubmitter(client, url));
                var warm = await LoadAsync(connect, "warm-", warmup, 60, concurrency);
                var run = await LoadAsync(connect, "run-", count, seconds, concurrency);

                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
                var stored = await db.Responses.CountAsync(r => r.WaveId == waveId);
                var sent = warm.Created + run.Created;
                var latencies = run.Latencies;
                Array.Sort(latencies);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"provider={provider}{(provider == DatabaseProvider.Sqlite ? (wal ? " journal=wal" : " journal=delete") : string.Empty)} concurrency={concurrency} submitted={run.Sent} created={run.Created} errors={run.Errors} seconds={run.Seconds:0.00} " +
                    $"perSecond={run.Created / run.Seconds:0} p50ms={Percentile(latencies, 0.50):0.00} p95ms={Percentile(latencies, 0.95):0.00} p99ms={Percentile(latencies, 0.99):0.00} " +
                    $"maxms={(latencies.Length == 0 ? 0 : latencies[^1]):0.00} createdIncludingWarmup={sent} stored={stored} lost={sent - stored}"));
                if (run.FirstError is not null)
                {
                    output.WriteLine("first error: " + run.FirstError);
                }
                return stored == sent && run.Errors == 0 ? 0 : 1;
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>One worker's connection: sends a submission (idempotency key, JSON body) and returns the status and body.</summary>
    private sealed record Submitter(Func<string, string, Task<(int Status, string Body)>> SubmitAsync, IAsyncDisposable? Connection);

    /// <summary>A worker on its own <see cref="RawHttpClient"/> socket (the default: little CPU per request).</summary>
    private static async Task<Submitter> RawSubmitterAsync(Uri address, Uri url, string key)
    {
        var connection = await RawHttpClient.ConnectAsync(address);
        var head = $"POST {url.OriginalString} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n";
        return new Submitter(
            (idempotencyKey, body) => connection.SendAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{head}Idempotency-Key: {idempotencyKey}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"))),
            connection);
    }

    /// <summary>A worker on the shared <see cref="HttpClient"/> (<c>--client httpclient</c>).</summary>
    private static Submitter HttpClientSubmitter(HttpClient client, Uri url) => new(async (idempotencyKey, body) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }, null);

    /// <summary>Sends up to <paramref name="count"/> submissions for at most <paramref name="seconds"/> with <paramref name="concurrency"/> workers.</summary>
    private static async Task<Run> LoadAsync(Func<Task<Submitter>> connect, string keyPrefix, int count, double seconds, int concurrency)
    {
        var perWorker = new List<double>[concurrency];
        var next = -1;
        var created = 0;
        var errors = 0;
        string? firstError = null;
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var bodies = Enumerable.Range(0, 11).Select(score =>
            $"{{\"answers\":{{\"recommend\":{score},\"satisfaction\":{1 + (score / 3)}}},\"externalReference\":\"bench\"}}").ToArray();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = perWorker[w] = new List<double>(count / concurrency + 1);
            var submitter = await connect();
            try
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= count || Stopwatch.GetTimestamp() > deadline)
                    {
                        return;
                    }
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var (status, text) = await submitter.SubmitAsync(keyPrefix + i.ToString(CultureInfo.InvariantCulture), bodies[i % bodies.Length]);
                        if (status == 201)
                        {
                            Interlocked.Increment(ref created);
                        }
                        else
                        {
                            Interlocked.Increment(ref errors);
                            firstError ??= $"{status}: {text}";
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException)
                    {
                        Interlocked.Increment(ref errors);
                        firstError ??= e.Message;
                        return;
                    }
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            }
            finally
            {
                if (submitter.Connection is { } connection)
                {
                    await connection.DisposeAsync();
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Run(created + errors, created, errors, elapsed, [.. perWorker.SelectMany(l => l)], firstError);
    }

    private sealed record Run(int Sent, int Created, int Errors, double Seconds, double[] Latencies, string? FirstError);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>An open wave of the NPS relationship template and an API key with the submit-responses scope, written to the database.</summary>
    private static async Task<(Guid WaveId, string Key)> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var creator = await db.Users.Where(u => u.OrganisationId == organisation).Select(u => u.Id).FirstAsync();
        var template = QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!;
        var now = DateTimeOffset.UtcNow;
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "NPS bench", TemplateKey = template.Key, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion { Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = template.Questionnaire, CreatedAt = now };
        var wave = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = "Bench wave", Status = WaveStatus.Open, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var (key, prefix, hash) = ApiKeyFormat.Generate();
        db.AddRange(questionnaire, version, wave);
        db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "bench", Prefix = prefix, SecretHash = hash, Scopes = [Policies.SubmitResponses], CreatedBy = creator, CreatedAt = now });
        await db.SaveChangesAsync();
        return (wave.Id, key);
    }
}
