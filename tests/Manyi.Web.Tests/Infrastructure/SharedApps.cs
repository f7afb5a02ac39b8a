using Manyi.Data;

namespace Manyi.Web.Tests.Infrastructure;

/// <summary>
/// One running app per provider, shared by the tests of a class or collection (xunit runs them one after another): each test
/// makes its own users, units, waves and keys, so sharing costs no isolation and saves a host start per test. Features that
/// share an app across several test classes derive a collection fixture from it.
/// </summary>
public class SharedApps : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<ManyiWebFactory>> _apps = [];
    private readonly Lock _lock = new();
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public SharedApps()
    {
    }

    /// <summary>Apps started with extra configuration <paramref name="settings"/> (e.g. <c>Manyi:PublicBaseUrl</c>).</summary>
    protected SharedApps(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>The app on <paramref name="provider"/>, started on first use (skipped when the provider is unavailable).</summary>
    public Task<ManyiWebFactory> AppAsync(DatabaseProvider provider)
    {
        Database.SkipIfUnavailable(provider);
        lock (_lock)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = ManyiWebFactory.StartAsync(provider, _settings);
            }
            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                await (await app).DisposeAsync();
            }
        }
    }
}
