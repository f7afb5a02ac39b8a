using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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

    private ManyiWebFactory(TestDatabase database, IReadOnlyDictionary<string, string>? settings)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public TestDatabase Database => _database;

    /// <summary>What the first start printed (it holds the administrator's one-time password).</summary>
    public string FirstStartOutput { get; private set; } = string.Empty;

    /// <summary>Starts the host; <paramref name="settings"/> override configuration keys (e.g. <c>Manyi:Login:PermitsPerMinute</c>).</summary>
    public static async Task<ManyiWebFactory> StartAsync(Manyi.Data.DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await Infrastructure.Database.CreateAsync(provider);
        var factory = new ManyiWebFactory(database, settings);
        // Touching Services starts the host: migrations and the first administrator happen before it returns.
        _ = factory.Services;
        factory.FirstStartOutput = factory._console.ToString();
        return factory;
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
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _console.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
