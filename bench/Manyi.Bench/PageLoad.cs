using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Demo;
using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

namespace Manyi.Bench;

/// <summary>
/// Server time of the pages people read (issue 7 acceptance: "pages answer within 300 ms at the server for a wave of 100,000
/// responses"). Starts the real Manyi host on loopback Kestrel (SQLite file in a temp directory, or a fresh PostgreSQL database),
/// fills the demo organisation, bulk-inserts one open <c>power-utility</c> wave of N Complete responses (default 100,000) over the
/// demo's branches and customers, times the <see cref="WaveDataCache"/> cold load of that wave on its own, signs in as the demo
/// analyst, and then for every page — the 12 analysis pages and their API routes, live results (page and API), the three report
/// pages and home — measures the first request (cold: the wave's cached data is dropped just before it) and W warm requests
/// one after the other. Time = from sending the request to the last byte of the answer over loopback. Routes answering 404 are
/// reported as "missing" (built on other branches), not as failures. Prints a Markdown table.
/// </summary>
internal static class PageLoad
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? postgres = null;
        var responses = 100_000;
        var warm = 20;
        var user = "demo-analyst";
        string? only = null;
        var keep = false;
        var logSql = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--postgres":
                    postgres = args[++i];
                    break;
                case "--responses":
                    responses = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warm":
                    warm = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--user":
                    user = args[++i];
                    break;
                case "--only":
                    only = args[++i];
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--log-sql":
                    logSql = true;
                    break;
                default:
                    output.WriteLine($"unknown option {args[i]}; options: --postgres CONN|env --responses N --warm W --user demo-analyst|demo-manager-js|… --only ROUTE-SUBSTRING|=ROUTE --keep (SQLite: keep the database file to inspect) --log-sql (every SQL statement with its time, on stderr)");
                    return 2;
            }
        }
        if (postgres == "env")
        {
            postgres = Environment.GetEnvironmentVariable("MANYI_TEST_POSTGRES") ?? throw new InvalidOperationException("MANYI_TEST_POSTGRES is not set");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), $"manyi-pages-{Guid.NewGuid():N}");
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
            connection = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
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
                if (logSql)
                {
                    // EF Core logs each statement with its execution time; everything else stays quiet.
                    builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                        .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
                    builder.Logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                }
                builder.Services.AddSingleton(new FirstStartConsole(TextWriter.Null));
            });
            await app.StartAsync();
            try
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                var watch = Stopwatch.StartNew();
                string password;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var filled = await DemoData.FillAsync(scope.ServiceProvider);
                    password = filled.Summary?.Password ?? throw new InvalidOperationException("demo fill refused: " + filled.Refusal);
                }
                var fillSeconds = watch.Elapsed.TotalSeconds;
                watch.Restart();
                var waveId = await InsertWaveAsync(app.Services, responses);
                var insertSeconds = watch.Elapsed.TotalSeconds;
                if (postgres is not null)
                {
                    // What autovacuum does shortly after a bulk insert: sets the visibility map, so that counting a wave's responses is an
                    // index-only scan instead of a heap visit per row, and gives the planner its statistics.
                    await using var vacuum = new NpgsqlConnection(connection);
                    await vacuum.OpenAsync();
                    await using var command = new NpgsqlCommand("VACUUM ANALYZE", vacuum) { CommandTimeout = 600 };
                    await command.ExecuteNonQueryAsync();
                }

                var cache = app.Services.GetRequiredService<WaveDataCache>();
                var (coldLoads, warmLoad) = await TimeCacheAsync(app.Services, cache, waveId);
                var (withOrganisation, withoutOrganisation) = await TimeStampQueriesAsync(app.Services, waveId);

                var cookies = new CookieContainer();
                using var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
                using var client = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
                client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
                using (var login = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName = user, password }))
                {
                    if (login.StatusCode != HttpStatusCode.OK)
                    {
                        output.WriteLine($"sign-in as {user} failed: {(int)login.StatusCode}");
                        return 1;
                    }
                }

                var rows = new List<string>();
                var slow = 0;
                foreach (var route in Routes(waveId).Where(r => only is null || (only.StartsWith('=') ? Shown(r, waveId) == only[1..] : Shown(r, waveId).Contains(only, StringComparison.Ordinal))))
                {
                    cache.Forget(waveId);
                    var (status, bytes, cold) = await GetAsync(client, route);
                    if (status == 404)
                    {
                        rows.Add($"| `{Shown(route, waveId)}` | missing (404) | | | | | | |");
                        continue;
                    }
                    var times = new double[warm];
                    var statuses = new HashSet<int> { status };
                    for (var i = 0; i < warm; i++)
                    {
                        var (s, _, ms) = await GetAsync(client, route);
                        statuses.Add(s);
                        times[i] = ms;
                    }
                    Array.Sort(times);
                    var p95 = Percentile(times, 0.95);
                    slow += p95 > 300 || statuses.Any(s => s >= 400) ? 1 : 0;
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| `{Shown(route, waveId)}` | {string.Join("/", statuses.Order())} | {bytes / 1024.0:0.0} | {cold:0} | {Percentile(times, 0.50):0.0} | {p95:0.0} | {Percentile(times, 0.99):0.0} | {(times.Length == 0 ? 0 : times[^1]):0.0} |"));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"provider={provider} responses={responses:N0} warm={warm} user={user} demoFillSeconds={fillSeconds:0.0} insertSeconds={insertSeconds:0.0} processors={Environment.ProcessorCount}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"WaveDataCache cold load of {responses:N0} responses: {string.Join(", ", coldLoads.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))} ms; warm (stamp check) {warmLoad:0.0} ms"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"stamp query (count, latest) best of 5: with the OrganisationId predicate {withOrganisation:0.0} ms, on the wave id alone {withoutOrganisation:0.0} ms"));
                output.WriteLine();
                output.WriteLine("| route | status | KiB | cold ms | p50 ms | p95 ms | p99 ms | max ms |");
                output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
                foreach (var row in rows)
                {
                    output.WriteLine(row);
                }
                return slow == 0 ? 0 : 1;
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
            if (keep && database is null)
            {
                output.WriteLine($"kept {Path.Combine(dataDir, "manyi.db")}");
            }
            else
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>The measured routes, in the order of the table.</summary>
    private static IEnumerable<string> Routes(Guid waveId)
    {
        foreach (var key in AnalysisPages.Keys)
        {
            yield return AnalysisPages.Path(waveId, key);
        }
        foreach (var key in AnalysisPages.Keys)
        {
            yield return $"/api/v1/waves/{waveId}/analysis/{key}";
        }
        yield return $"/waves/{waveId}/results";
        yield return $"/api/v1/waves/{waveId}/results";
        yield return $"/reports/wave/{waveId}";
        yield return $"/reports/units/{waveId}";
        yield return $"/reports/summary?waveId={waveId}";
        yield return $"/analysis/{waveId}/findings";
        yield return $"/api/v1/waves/{waveId}/findings";
        yield return "/customers/value";
        yield return "/improvement";
        yield return "/";
    }

    private static string Shown(string route, Guid waveId) => route.Replace(waveId.ToString(), "{id}", StringComparison.Ordinal);

    /// <summary>One GET: status, bytes and milliseconds from sending to the last byte read.</summary>
    private static async Task<(int Status, long Bytes, double Ms)> GetAsync(HttpClient client, string route)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(route, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, body.LongLength, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Three cold loads (the wave forgotten before each) and one warm call of the cache for the wave.</summary>
    private static async Task<(double[] Cold, double Warm)> TimeCacheAsync(IServiceProvider services, WaveDataCache cache, Guid waveId)
    {
        var cold = new double[3];
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var wave = await db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId);
        var definition = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Id == wave.QuestionnaireVersionId).Select(v => v.Definition).SingleAsync();
        for (var i = 0; i < cold.Length; i++)
        {
            cache.Forget(waveId);
            GC.Collect();
            var t0 = Stopwatch.GetTimestamp();
            var data = await cache.GetAsync(db, wave, definition, CancellationToken.None);
            cold[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (data.Count == 0)
            {
                throw new InvalidOperationException("the cache holds no rows of the bench wave");
            }
        }
        var w0 = Stopwatch.GetTimestamp();
        await cache.GetAsync(db, wave, definition, CancellationToken.None);
        return (cold, Stopwatch.GetElapsedTime(w0).TotalMilliseconds);
    }

    /// <summary>The cache's freshness query as it is (wave, organisation, status) and without the organisation predicate
    /// (which the (WaveId, Status, SubmittedAt) index covers): best of five each, in milliseconds.</summary>
    private static async Task<(double WithOrganisation, double WithoutOrganisation)> TimeStampQueriesAsync(IServiceProvider services, Guid waveId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Waves.Where(w => w.Id == waveId).Select(w => w.OrganisationId).SingleAsync();
        async Task<double> BestAsync(bool organisation)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var query = db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.Status == ResponseStatus.Complete);
                if (organisation)
                {
                    query = query.Where(r => r.OrganisationId == organisationId);
                }
                _ = await query.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Latest = g.Max(r => r.SubmittedAt) }).FirstOrDefaultAsync();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            return best;
        }
        return (await BestAsync(organisation: true), await BestAsync(organisation: false));
    }

    /// <summary>
    /// An open wave on the demo's power-utility questionnaire with <paramref name="count"/> Complete responses: 60 % from demo
    /// customers (their branch, segment and value), the rest through the public link at a random branch; answers from a latent
    /// satisfaction with a branch effect, as the demo's. Inserted in batches with change detection off.
    /// </summary>
    private static async Task<Guid> InsertWaveAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var questionnaire = await db.Questionnaires.AsNoTracking().SingleAsync(q => q.TemplateKey == "power-utility");
        var version = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.QuestionnaireId == questionnaire.Id).OrderByDescending(v => v.Number).FirstAsync();
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == questionnaire.OrganisationId).OrderBy(c => c.Code).Select(c => new { c.Id, c.UnitId }).ToListAsync();
        var branches = customers.Select(c => c.UnitId).Distinct().Order().ToArray();
        var now = DateTimeOffset.UtcNow;
        var wave = new Wave
        {
            Id = Guid.CreateVersion7(), OrganisationId = questionnaire.OrganisationId, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = "Bench wave (100,000 responses)", Status = WaveStatus.Open, OpensAt = now.AddDays(-60), ClosesAt = now.AddDays(30),
            CreatedAt = now.AddDays(-61), UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var link = new CollectionPoint
        {
            Id = Guid.CreateVersion7(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, Kind = CollectionPointKind.Link, Name = "bench link",
            Token = Guid.NewGuid().ToString("N"), CreatedAt = wave.CreatedAt,
        };
        db.AddRange(wave, link);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var random = new Random(100_000);
        var cells = AnswerCheck.CellsOf(version.Definition);
        var effects = branches.ToDictionary(b => b, b => (random.NextDouble() - 0.5) * 1.4);
        for (var i = 0; i < count; i++)
        {
            var fromCustomer = random.NextDouble() < 0.6;
            var customer = customers[random.Next(customers.Count)];
            var unit = fromCustomer ? customer.UnitId : branches[random.Next(branches.Length)];
            var latent = 1.1 + effects[unit] + Gaussian(random);
            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var cell in cells)
            {
                var p = 1 / (1 + Math.Exp(-1.4 * (latent + (0.6 * Gaussian(random)))));
                answers[cell.Key] = cell.Question.Type switch
                {
                    QuestionType.Text => random.Next(10) == 0 ? "营业厅排队时间长 (long queues)" : null,
                    QuestionType.YesNo => random.NextDouble() < 0.5 * (1 - p) ? "1" : "0",
                    QuestionType.MultipleChoice when cell.Question.Options is { Count: > 0 } o => o[random.Next(o.Count)].Code,
                    _ when cell.Min is { } min && cell.Max is { } max => (min + (int)Math.Round(p * (max - min))).ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
            }
            var stored = AnswerCheck.Validate(version.Definition, answers, null, complete: false).Answers;
            var at = wave.OpensAt!.Value.AddSeconds(random.NextInt64(60L * 86_400));
            db.Responses.Add(new Response
            {
                Id = Guid.CreateVersion7(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, QuestionnaireVersionId = version.Id,
                Channel = fromCustomer ? ResponseChannel.Import : ResponseChannel.Link, Status = ResponseStatus.Complete,
                CustomerId = fromCustomer ? customer.Id : null, UnitId = unit, CollectionPointId = fromCustomer ? null : link.Id,
                IdempotencyKey = "bench:" + i.ToString(CultureInfo.InvariantCulture),
                Answers = new Dictionary<string, string>(stored, StringComparer.Ordinal), StartedAt = at.AddMinutes(-5), UpdatedAt = at, SubmittedAt = at,
            });
            if (i % 5_000 == 4_999 || i == count - 1)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        return wave.Id;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
