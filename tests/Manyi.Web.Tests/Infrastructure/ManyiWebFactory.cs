using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Infrastructure;

/// <summary>
/// The real Manyi web host on a fresh database of one provider, migrated and with the first administrator created.
/// Create with <see cref="StartAsync"/>; dispose to stop the host and drop the database.
/// </summary>
public sealed class ManyiWebFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly StringWriter _console = new();
    private readonly bool _ownsDatabase;
    private readonly TimeProvider? _clock;

    private ManyiWebFactory(TestDatabase database, IReadOnlyDictionary<string, string>? settings, bool ownsDatabase = true, TimeProvider? clock = null)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string>(StringComparer.Ordinal);
        _ownsDatabase = ownsDatabase;
        _clock = clock;
    }

    public TestDatabase Database => _database;

    /// <summary>What the first start printed (it holds the administrator's one-time password).</summary>
    public string FirstStartOutput { get; private set; } = string.Empty;

    /// <summary>Starts the host; <paramref name="settings"/> override configuration keys (e.g. <c>Manyi:Login:PermitsPerMinute</c>).</summary>
    public static async Task<ManyiWebFactory> StartAsync(Manyi.Data.DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    {
        var database = await Infrastructure.Database.CreateAsync(provider);
        var factory = new ManyiWebFactory(database, settings, ownsDatabase: true, clock);
        // Touching Services starts the host: migrations and the first administrator happen before it returns.
        _ = factory.Services;
        factory.FirstStartOutput = factory._console.ToString();
        return factory;
    }

    /// <summary>
    /// Starts a host on an EXISTING test database (another host's, running or stopped) without owning it: disposing this host leaves
    /// the database alone (its creator drops it). For restart and several-instances tests; <paramref name="clock"/> replaces the
    /// app's <see cref="TimeProvider"/>.
    /// </summary>
    public static Task<ManyiWebFactory> StartOnAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var factory = new ManyiWebFactory(database, settings, ownsDatabase: false, clock);
        _ = factory.Services;
        factory.FirstStartOutput = factory._console.ToString();
        return Task.FromResult(factory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Manyi:DataDirectory", _database.DataDirectory);
        builder.UseSetting("Manyi:Database:Provider", _database.Provider.ToString());
        builder.UseSetting("Manyi:Database:ConnectionString", _database.ConnectionString);
        // Test clients all come from one (unknown) address and sign in often; the rate-limit test sets the real limit.
        builder.UseSetting("Manyi:Login:PermitsPerMinute", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton(new FirstStartConsole(_console)));
        if (_clock is not null)
        {
            // After the app's own registrations, so this clock replaces TimeProvider.System everywhere.
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _console.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
